import {
  CodeActionKind, TextDocumentSyncKind, type CancellationToken, type Connection, type Diagnostic, type InitializeResult,
} from 'vscode-languageserver';
import {
  CATALOG_ITEMS_REQUEST, COMMANDS, COMPARE_REQUEST, EXPLAIN_REQUEST, FOLLOW_MESSAGE_REQUEST, LOG_REPORT_REQUEST, LOG_REPORT_TREE_REQUEST, REDACT_REQUEST, REPRODUCE_REQUEST,
  SETTINGS_SECTION, type PageResult, type RequestKind,
} from '../../protocol';
import {
  Catalog, catalogData, createLanguageService, isRecord, resolveOptions, type CatalogFiles, type FollowInput, type LanguageService, type LogReport, type RedactOptions, type ServiceOptions,
} from './service';
import { HOST_RUNTIME } from './runtime';
import { OpenDocuments, type DocumentVersion } from './open-documents';

/** How long typing must pause before a document is analysed again. */
const DIAGNOSTICS_DELAY_MS = 100;

/** What only the Node build can do: read a log file of any size from disk into a report (pieces of its text to `push`). */
export interface ServerHost {
  /** Reads the file (plain or .gz) into `sink`; resolves to why it could not, or undefined. */
  readLog(path: string, sink: { startSource(name: string): void; push(text: string): void }): Promise<string | undefined>;
  /** The file URI of a path, for links to its lines. */
  fileUri(path: string): string;
}

/**
 * Wires the language service to a connection. The catalog comes from the entry point (read from
 * disk), or, in the browser, from the client with `initialize` (it reads the files the worker cannot).
 */
export function startServer(connection: Connection, given?: Catalog, host?: ServerHost): void {
  // Made by initialize (the catalog may come with it); LSP sends no other request before it.
  let service: LanguageService = given ? createLanguageService(given, HOST_RUNTIME) : (undefined as unknown as LanguageService);
  const documents = new OpenDocuments();
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  let displayLanguage = 'en';
  /** The settings sent with initialize, or pushed for the whole workspace: for documents without their own yet. */
  let workspaceOptions: ServiceOptions = resolveOptions(undefined);
  /** Each open document's settings, asked for with its URI: five settings can differ from file to file. */
  const documentOptions = new Map<string, ServiceOptions>();
  let canPullConfiguration = false;
  let inlayHintRefresh = false;

  const optionsFor = (uri: string): ServiceOptions => documentOptions.get(uri) ?? workspaceOptions;
  /** Documents opened whose settings have not come yet: they are analysed when the settings come. */
  const awaitingSettings = new Set<string>();

  connection.onInitialize((params): InitializeResult => {
    displayLanguage = params.locale ?? 'en';
    if (!given) service = createLanguageService(catalogFromClient(params.initializationOptions), HOST_RUNTIME);
    workspaceOptions = resolveOptions(params.initializationOptions, displayLanguage);
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
        executeCommandProvider: { commands: [COMMANDS.serverRedactAllCredentials] },
      },
      serverInfo: { name: 'SMTP Lens' },
    };
  });

  connection.onInitialized(() => {
    void refreshSettings(documents.all().map((d) => d.uri));
  });

  connection.onDidChangeConfiguration((change) => {
    const settings = (change.settings as Record<string, unknown> | null)?.[SETTINGS_SECTION];
    // A client that answers workspace/configuration is asked again per document; one that only
    // pushes settings gets them applied to every document.
    if (!canPullConfiguration && settings !== undefined) {
      workspaceOptions = resolveOptions(settings, displayLanguage);
      documents.all().forEach(schedule);
      refreshViews();
    } else {
      void refreshSettings(documents.all().map((d) => d.uri));
    }
  });

  /**
   * Asks the client for the workspace's settings (the page language) and those of each document
   * (scopeUri), then analyses the documents again with theirs.
   */
  async function refreshSettings(uris: readonly string[]): Promise<void> {
    if (!canPullConfiguration) return;
    try {
      const items = [{ section: SETTINGS_SECTION }, ...uris.map((scopeUri) => ({ scopeUri, section: SETTINGS_SECTION }))];
      const [workspace, ...answers] = await connection.workspace.getConfiguration(items) as unknown[];
      workspaceOptions = resolveOptions(workspace, displayLanguage);
      uris.forEach((uri, i) => {
        if (documents.get(uri)) documentOptions.set(uri, resolveOptions(answers[i], displayLanguage));
      });
    } catch (error) {
      connection.console.error(`SMTP Lens: could not read settings: ${describe(error)}`);
    }
    for (const uri of uris) awaitingSettings.delete(uri);
    for (const uri of uris) {
      const document = documents.get(uri);
      if (document) publish(document);
    }
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

  function schedule(document: DocumentVersion): void {
    clearTimeout(pending.get(document.uri));
    pending.set(document.uri, setTimeout(() => {
      pending.delete(document.uri);
      publish(document);
    }, DIAGNOSTICS_DELAY_MS));
  }

  /** Documents over the size threshold already told about, so the user hears it once. */
  const toldLarge = new Set<string>();

  function publish(document: DocumentVersion): void {
    const current = documents.get(document.uri);
    if (!current || current.version !== document.version) return;
    const options = optionsFor(current.uri);
    if (service.isLarge(current, options)) {
      // Reading it all would freeze the editor: say so once, then serve hovers and hints around the cursor.
      if (!toldLarge.has(current.uri)) {
        toldLarge.add(current.uri);
        const size = (current.lines.textLength / 1048576).toFixed(0);
        void connection.window.showInformationMessage(service.catalog.message('server.largeFile', options.language, size, (options.largeFileThreshold / 1048576).toFixed(0)));
      }
      void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics: [] });
      return;
    }
    // Analysed a slice at a time, so that hovers and the rest are answered while a large file is;
    // a later publish (new version, new settings) or closing the document stops the work (the
    // findings made so far are kept with their sessions).
    // A long transcript opened gets the findings of its first lines first, while the rest is read.
    const stillCurrent = (): boolean => documents.get(current.uri)?.version === current.version;
    const send = (found: Diagnostic[]): void => void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics: found });
    service.diagnosticsInSlices(current, options, stillCurrent, send).then((found) => {
      if (found) send(found);
    }, (error: unknown) => connection.console.error(`SMTP Lens: diagnostics failed: ${describe(error)}`));
  }

  documents.listen(connection, {
    opened(document) {
      // Analysed once its settings are known, or at once when the client cannot be asked for them.
      if (canPullConfiguration) {
        awaitingSettings.add(document.uri);
        void refreshSettings([document.uri]);
      } else {
        publish(document);
      }
    },
    changed(document, changes) {
      service.didChange(document.uri, changes);
      if (!awaitingSettings.has(document.uri)) schedule(document);
    },
    closed(document) {
      clearTimeout(pending.get(document.uri));
      pending.delete(document.uri);
      service.close(document.uri);
      documentOptions.delete(document.uri);
      awaitingSettings.delete(document.uri);
      toldLarge.delete(document.uri);
      void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    },
  });

  /** Routes a request about a document to the service, with that document's settings. */
  function onDocument<P extends { textDocument: { uri: string } }, T>(name: string, empty: T,
    work: (document: DocumentVersion, options: ServiceOptions, params: P) => T): (params: P, token: CancellationToken) => T {
    return (params, token) => guarded(name, empty, () => {
      const document = documents.get(params.textDocument.uri);
      if (!document || token.isCancellationRequested) return empty;
      return work(document, optionsFor(document.uri), params);
    });
  }

  connection.onHover(onDocument('hover', null, (document, options, params) => service.hover(document, params.position, options)));
  // Definition and references: a log's queue ids (the message's first line, all its lines); nothing elsewhere.
  connection.onDefinition(onDocument('definition', null, (document, options, params) => service.definition(document, params.position, options)));
  connection.onReferences(onDocument('references', [], (document, options, params) =>
    service.references(document, params.position, params.context.includeDeclaration, options)));
  connection.onDocumentSymbol((params, token) => onDocument('outline', [], (document, options) =>
    service.documentSymbols(document, options, () => token.isCancellationRequested))(params, token));
  connection.onFoldingRanges((params, token) => onDocument('folding', [], (document, options) =>
    service.foldingRanges(document, options, () => token.isCancellationRequested))(params, token));
  connection.languages.inlayHint.on(onDocument('inlay hints', [], (document, options, params) => service.inlayHints(document, params.range, options)));
  connection.onCodeAction(onDocument('code actions', [], (document, options, params) => service.codeActions(document, params.range, params.context, options)));

  connection.onExecuteCommand(async (params) => {
    if (params.command !== COMMANDS.serverRedactAllCredentials) return;
    const uri = typeof params.arguments?.[0] === 'string' ? params.arguments[0] : undefined;
    const document = uri ? documents.get(uri) : undefined;
    if (!document) return;
    const edits = guarded('redaction', [], () => service.redactAllEdits(document, optionsFor(document.uri)));
    if (edits.length > 0) await connection.workspace.applyEdit({ label: 'Redact credentials', edit: { changes: { [document.uri]: edits } } });
  });

  // Explain and compare pages for the client's commands: Markdown built here, where the catalog is.
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const pageFailed: { error: string } = { error: 'SMTP Lens could not build this page; see the SMTP Lens output channel.' };
  /** A request of the protocol module, its parameters checked (they come from outside) before the service sees them. */
  const onRequest = <P, R>(kind: RequestKind<P, R>, name: string, failed: R, work: (params: Record<string, unknown>) => R): void => {
    connection.onRequest(kind.method, (params: unknown): unknown => guarded(name, failed, () => work(isRecord(params) ? params : {})));
  };
  const language = (p: Record<string, unknown>): 'en' | 'zh-cn' | undefined => (p.language === 'en' || p.language === 'zh-cn' ? p.language : undefined);

  onRequest(EXPLAIN_REQUEST, 'explain', pageFailed, (p) =>
    service.explain({ code: text(p.code), command: text(p.command) || undefined, rule: text(p.rule) || undefined, language: language(p) }, workspaceOptions));
  onRequest(COMPARE_REQUEST, 'compare', pageFailed, (p) =>
    service.compare({ a: text(p.a), b: text(p.b), language: language(p) }, workspaceOptions));
  onRequest(CATALOG_ITEMS_REQUEST, 'catalog items', null, (p) => service.catalogPicker(language(p), workspaceOptions));

  // "Copy Redacted": the share-safe copy of a document and its summary, for the client's clipboard.
  onRequest(REDACT_REQUEST, 'redact', null, (p) => {
    const document = typeof p.uri === 'string' ? documents.get(p.uri) : undefined;
    return document ? service.redact(document, redactOptions(p.options), optionsFor(document.uri).language) : null;
  });
  // "Copy as swaks Command": the swaks commands replaying the document's sessions.
  onRequest(REPRODUCE_REQUEST, 'reproduce', null, (p) => {
    const document = typeof p.uri === 'string' ? documents.get(p.uri) : undefined;
    return document ? service.reproduce(document, optionsFor(document.uri).language) : null;
  });

  // "Mail Log Report": an open log's report, or a file's read from disk here (any size; Node build only),
  // as the tree view shows it or as a Markdown page.
  const reportLanguage = (p: Record<string, unknown>, uri?: string): 'en' | 'zh-cn' => language(p) ?? (uri ? optionsFor(uri) : workspaceOptions).language;
  const readReport = async (p: Record<string, unknown>): Promise<{ report: LogReport; uri: string; lang: 'en' | 'zh-cn' } | { error: string }> => {
    if (typeof p.uri === 'string') {
      const document = documents.get(p.uri);
      if (!document) return { error: 'SMTP Lens: open the mail log first.' };
      const lang = reportLanguage(p, document.uri);
      return { report: service.documentReport(document, lang), uri: document.uri, lang };
    }
    const lang = reportLanguage(p);
    if (typeof p.path !== 'string' || p.path === '') return pageFailed;
    if (!host) return { error: service.catalog.message('report.unavailable', lang) };
    const reader = service.reportReader(lang);
    const failed = await host.readLog(p.path, reader);
    if (failed) return { error: `${p.path}: ${failed}` };
    return { report: reader.finish(), uri: host.fileUri(p.path), lang };
  };
  const onReport = <R>(kind: RequestKind<unknown, R | { error: string }>, make: (read: { report: LogReport; uri: string; lang: 'en' | 'zh-cn' }) => R): void => {
    connection.onRequest(kind.method, async (raw: unknown): Promise<R | { error: string }> => {
      try {
        const read = await readReport(isRecord(raw) ? raw : {});
        return 'error' in read ? read : make(read);
      } catch (error) {
        connection.console.error(`SMTP Lens: mail log report failed: ${describe(error)}`);
        return pageFailed;
      }
    });
  };
  onReport(LOG_REPORT_REQUEST, ({ report, uri, lang }) => ({ markdown: service.reportMarkdown(report, lang, (line) => `${uri}#L${line + 1}`) }));
  onReport(LOG_REPORT_TREE_REQUEST, ({ report, lang }) => service.reportTree(report, lang));

  // "Follow Message": the chain through the logs the client read from the workspace, and the files
  // it left to the server (.gz, or above VS Code's limit), streamed from disk here (Node build only).
  connection.onRequest(FOLLOW_MESSAGE_REQUEST.method, async (raw: unknown): Promise<PageResult> => {
    const p = isRecord(raw) ? raw : {};
    try {
      const id = text(p.id).trim();
      if (id === '') return pageFailed;
      const inputs: FollowInput[] = (Array.isArray(p.inputs) ? p.inputs : [])
        .filter((i): i is { uri: string; text: string } => isRecord(i) && typeof i.uri === 'string' && typeof i.text === 'string')
        .map((i) => ({ uri: i.uri, read: (sink) => { sink.startSource(i.uri); sink.push(i.text); } }));
      const paths = Array.isArray(p.paths) ? p.paths.filter((path): path is string => typeof path === 'string' && path !== '') : [];
      if (host) {
        for (const path of paths) {
          inputs.push({
            uri: host.fileUri(path),
            read: async (sink) => {
              const failed = await host.readLog(path, sink);
              if (failed) connection.console.warn(`SMTP Lens: Follow Message left out ${path}: ${failed}`);
            },
          });
        }
      }
      return { markdown: await service.followMessage(id, inputs, reportLanguage(p)) };
    } catch (error) {
      connection.console.error(`SMTP Lens: follow message failed: ${describe(error)}`);
      return pageFailed;
    }
  });

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

/** What to keep in a redacted copy, from the client's settings; anything malformed is left at its default. */
function redactOptions(raw: unknown): Partial<RedactOptions> {
  if (!isRecord(raw)) return {};
  const options: Partial<RedactOptions> = {};
  const keep = Array.isArray(raw.keep) ? raw.keep : [];
  if (keep.includes('addresses')) options.addresses = false;
  if (keep.includes('bodies')) options.bodies = true;
  if (keep.includes('subjects')) options.subjects = true;
  if (raw.domains === true) options.domains = true;
  if (raw.ips === 'reduce' || raw.ips === 'pseudonymise' || raw.ips === 'keep') options.ips = raw.ips;
  return options;
}
