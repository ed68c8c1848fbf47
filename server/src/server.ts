import {
  CodeActionKind, RequestType, TextDocuments, TextDocumentSyncKind, type CancellationToken, type Connection, type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  Catalog, catalogData, codeActions, diagnosticSlices, diagnostics, documentSymbols, redactAllEdits, foldingRanges, hover, inlayHints, isRecord, resolveOptions, type CatalogFiles, type Language, type ServiceOptions, type DocumentModel,
} from './service';
import { DocumentCache } from './document-cache';
import { catalogPicker, comparePage, explainPage, type CatalogPicker, type PageResult } from './service/features/pages';
import { definition, references } from './service/features/log/navigation';
import { redactRequest, REDACT_REQUEST } from './share-requests';

/** Pages for the client's "Explain Code" and "Compare Codes" commands, and the items of their quick picks. */
const EXPLAIN_REQUEST = new RequestType<unknown, PageResult, void>('smtpLens/explain');
const COMPARE_REQUEST = new RequestType<unknown, PageResult, void>('smtpLens/compare');
const CATALOG_ITEMS_REQUEST = new RequestType<unknown, CatalogPicker | null, void>('smtpLens/catalogItems');

/** Server-side command behind "SMTP: Redact All Credentials"; its argument is the document's URI. */
const REDACT_ALL_COMMAND = 'smtpLens.server.redactAllCredentials';

/**
 * Runs `work` once the requests waiting now have been answered: setImmediate where there is one
 * (Node), else a timer (a browser's web worker).
 */
const nextTurn = (work: () => void): void => {
  if (typeof setImmediate === 'function') setImmediate(work);
  else setTimeout(work, 0);
};

/** How long typing must pause before a document is analysed again. */
const DIAGNOSTICS_DELAY_MS = 100;

/**
 * Wires the language service to a connection. The catalog comes from the entry point (read from
 * disk), or, in the browser, from the client with `initialize` (it reads the files the worker cannot).
 */
export function startServer(connection: Connection, given?: Catalog): void {
  // Set by initialize when not given; LSP sends no other request before it.
  let catalog: Catalog = given ?? (undefined as unknown as Catalog);
  const cache = new DocumentCache();
  const documents = new TextDocuments({
    create: TextDocument.create,
    update: (document, changes, version) => {
      cache.recordChanges(document.uri, changes);
      return TextDocument.update(document, changes, version);
    },
  });
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  let displayLanguage = 'en';
  let options: ServiceOptions = resolveOptions(undefined);
  let canPullConfiguration = false;
  let inlayHintRefresh = false;

  connection.onInitialize((params): InitializeResult => {
    displayLanguage = params.locale ?? 'en';
    if (!given) catalog = catalogFromClient(params.initializationOptions);
    options = resolveOptions(params.initializationOptions, displayLanguage);
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    inlayHintRefresh = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        documentSymbolProvider: { label: 'SMTP Lens' },
        definitionProvider: true,
        referencesProvider: true,
        foldingRangeProvider: true,
        inlayHintProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        executeCommandProvider: { commands: [REDACT_ALL_COMMAND] },
      },
      serverInfo: { name: 'SMTP Lens' },
    };
  });

  connection.onInitialized(() => {
    void refreshSettings();
  });

  connection.onDidChangeConfiguration((change) => {
    const settings = (change.settings as { smtpLens?: unknown } | null)?.smtpLens;
    if (settings !== undefined) {
      options = resolveOptions(settings, displayLanguage);
      documents.all().forEach(schedule);
      refreshViews();
    } else {
      void refreshSettings();
    }
  });

  async function refreshSettings(): Promise<void> {
    if (!canPullConfiguration) return;
    try {
      const [settings] = await connection.workspace.getConfiguration([{ section: 'smtpLens' }]) as unknown[];
      options = resolveOptions(settings, displayLanguage);
    } catch (error) {
      connection.console.error(`SMTP Lens: could not read settings: ${describe(error)}`);
    }
    documents.all().forEach(schedule);
    refreshViews();
  }

  /** Asks the client to pull hints again: they depend on settings (language, revealed secrets). */
  function refreshViews(): void {
    if (inlayHintRefresh) void connection.languages.inlayHint.refresh().catch(() => undefined);
  }

  /** Runs a handler; any failure becomes a logged error and an empty answer, never a crash. */
  function guarded<T>(name: string, empty: T, work: () => T): T {
    try {
      return work();
    } catch (error) {
      connection.console.error(`SMTP Lens: ${name} failed: ${describe(error)}`);
      return empty;
    }
  }

  function schedule(document: TextDocument): void {
    clearTimeout(pending.get(document.uri));
    pending.set(document.uri, setTimeout(() => {
      pending.delete(document.uri);
      publish(document);
    }, DIAGNOSTICS_DELAY_MS));
  }

  /** Documents over the size threshold already told about, so the user hears it once. */
  const toldLarge = new Set<string>();

  function isLarge(document: TextDocument): boolean {
    return document.getText().length > options.largeFileThreshold;
  }

  /** The model features read at a line: the whole document's, or for a large one a window around the line. */
  function modelAt(document: TextDocument, line: number): DocumentModel {
    return isLarge(document) ? cache.around(document, line) : cache.get(document);
  }

  /** The latest publish of each document: an earlier one still analysing gives way to it. */
  const publishRuns = new Map<string, number>();
  /** Publishes so far, so that a run's number is never used again (not even after close and reopen). */
  let publishCount = 0;

  function publish(document: TextDocument): void {
    const current = documents.get(document.uri);
    if (!current || current.version !== document.version) return;
    if (isLarge(current)) {
      // Reading it all would freeze the editor: say so once, then serve hovers and hints around the cursor.
      if (!toldLarge.has(current.uri)) {
        toldLarge.add(current.uri);
        const size = (current.getText().length / 1048576).toFixed(0);
        void connection.window.showInformationMessage(catalog.message('server.largeFile', options.language, size, (options.largeFileThreshold / 1048576).toFixed(0)));
      }
      void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics: [] });
      return;
    }
    const model = guarded('reading', undefined, () => cache.get(current));
    if (!model) return;
    // Analysed a slice at a time, so that hovers and the rest are answered while a large file is;
    // a later publish (new version, new settings) or closing the document stops the work (the
    // findings made so far are kept with their sessions).
    const run = ++publishCount;
    publishRuns.set(current.uri, run);
    const slices = diagnosticSlices(model, catalog, options);
    const step = (): void => {
      if (publishRuns.get(current.uri) !== run || documents.get(current.uri)?.version !== current.version) return;
      if (guarded('diagnostics', false, () => slices.next().done !== true)) {
        nextTurn(step);
        return;
      }
      const found = guarded('diagnostics', [], () => diagnostics(model, catalog, options, undefined, current.uri));
      void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics: found });
    };
    step();
  }

  documents.onDidOpen((e) => {
    publish(e.document);
    // The document's line offsets are worked out on first use, which would otherwise be the first
    // edit (tens of milliseconds on a 20 MB file): work them out with the first read instead.
    void e.document.lineCount;
  });
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    clearTimeout(pending.get(e.document.uri));
    pending.delete(e.document.uri);
    cache.delete(e.document.uri);
    toldLarge.delete(e.document.uri);
    publishRuns.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover((params, token: CancellationToken) => guarded('hover', null, () => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    return hover(modelAt(document, params.position.line), catalog, params.position, options);
  }));

  // Definition and references: a log's queue ids (the message's first line, all its lines); nothing elsewhere.
  connection.onDefinition((params, token) => guarded('definition', null, () => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    return definition(modelAt(document, params.position.line), document.uri, params.position);
  }));

  connection.onReferences((params, token) => guarded('references', [], () => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return [];
    return references(modelAt(document, params.position.line), document.uri, params.position, params.context.includeDeclaration);
  }));

  connection.onDocumentSymbol((params, token) => guarded('outline', [], () => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested || isLarge(document)) return [];
    return documentSymbols(cache.get(document), catalog, options.language, () => token.isCancellationRequested);
  }));

  connection.onFoldingRanges((params, token) => guarded('folding', [], () => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested || isLarge(document)) return [];
    return foldingRanges(cache.get(document), () => token.isCancellationRequested);
  }));

  connection.languages.inlayHint.on((params, token) => guarded('inlay hints', [], () => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return [];
    return inlayHints(modelAt(document, params.range.start.line), catalog, params.range, options);
  }));

  connection.onCodeAction((params, token) => guarded('code actions', [], () => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return [];
    return codeActions(modelAt(document, params.range.start.line), catalog, document.uri, params.range, params.context, options);
  }));

  connection.onExecuteCommand(async (params) => {
    if (params.command !== REDACT_ALL_COMMAND) return;
    const uri = typeof params.arguments?.[0] === 'string' ? params.arguments[0] : undefined;
    const document = uri ? documents.get(uri) : undefined;
    if (!document) return;
    const edits = guarded('redaction', [], () => redactAllEdits(cache.get(document), catalog, options.language));
    if (edits.length > 0) await connection.workspace.applyEdit({ label: 'Redact credentials', edit: { changes: { [document.uri]: edits } } });
  });

  // Explain and compare pages for the client's commands: Markdown built here, where the catalog is.
  const pageLanguage = (params: unknown): Language => {
    const requested = isRecord(params) ? params.language : undefined;
    return requested === 'en' || requested === 'zh-cn' ? requested : options.language;
  };
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const pageFailed: PageResult = { error: 'SMTP Lens could not build this page; see the SMTP Lens output channel.' };

  connection.onRequest(EXPLAIN_REQUEST, (params) => guarded('explain', pageFailed, () => {
    const p = isRecord(params) ? params : {};
    return explainPage(text(p.code), catalog, pageLanguage(params), { command: text(p.command) || undefined });
  }));

  connection.onRequest(COMPARE_REQUEST, (params) => guarded('compare', pageFailed, () => {
    const p = isRecord(params) ? params : {};
    return comparePage(text(p.a), text(p.b), catalog, pageLanguage(params));
  }));

  connection.onRequest(CATALOG_ITEMS_REQUEST, (params) => guarded('catalog items', null, () => catalogPicker(catalog, pageLanguage(params))));

  // "Copy Redacted": the share-safe copy of a document and its summary, for the client's clipboard.
  connection.onRequest(REDACT_REQUEST, (params) => guarded('redact', null, () => redactRequest(params, (uri) => {
    const document = documents.get(uri);
    return document ? { text: document.getText(), model: cache.get(document) } : undefined;
  }, catalog, options.language)));

  documents.listen(connection);
  connection.listen();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The catalog files the browser client sent with `initialize` (initializationOptions.catalogFiles). */
function catalogFromClient(options: unknown): Catalog {
  const files = isRecord(options) ? options.catalogFiles : undefined;
  if (!isRecord(files)) throw new Error('SMTP Lens: the client sent no catalog files with initialize');
  return new Catalog(catalogData(files as CatalogFiles));
}
