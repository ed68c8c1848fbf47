import type {
  CodeAction, Diagnostic, DocumentSymbol, FoldingRange, Hover, InlayHint, Location, Position, Range, TextEdit,
} from 'vscode-languageserver-types';
import type { CatalogPicker, CompareParams, ExplainParams, PageLanguage, PageResult, ReportTree } from '../../../protocol';
import type { Catalog, Language } from './catalog';
import { codeActions, redactAllEdits } from './features/code-actions';
import { diagnosticSlices, diagnostics } from './features/diagnostics';
import { logSummary, type LogSummary } from './features/log/summary';
import type { ServiceOptions } from './features/options';
import { catalogPicker, comparePage, explainPage } from './features/pages';
import { bounceRecords, type BounceRecord, type RecordOptions } from './bounce/records';
import { messageRecords, ReportReader, reportText, type LogReport, type MessageRecord } from './report';
import { reportHtml } from './report/html';
import { TraceCollector, traceText, type TraceHop } from './report/trace';
import { reportMarkdown, traceMarkdown, type LineLink } from './report/markdown';
import { reportTree } from './report/tree';
import { logReport } from './report';
import type { LogStream } from './parse/log/stream';
import { redactDocument, redactSummaryText, type RedactOptions } from './share/redact';
import { swaksReplays, swaksScript } from './share/reproduce';
import { transcriptOf, type DocumentModel, type TranscriptModel } from './parse';
import {
  definition, documentSymbols, foldingRanges, hover, inlayHints, kindOfLanguage, references, type DocumentKind, type WindowSource,
} from './kinds';
import { composeEdits, INTERLEAVED, lineEditOf, type LineEdit } from './parse/transcript/incremental';
import type { TextLines } from './parse/transcript/lines';

/** A document as the service reads it: the editor's TextDocument is one. */
export interface ServiceDocument {
  readonly uri: string;
  readonly languageId: string;
  readonly version: number;
  getText(): string;
  /**
   * Where the lines of getText() start, when the host keeps them (the server's documents do, and
   * update them around each edit): the service then need not find them in the whole text again.
   */
  readonly lines?: TextLines;
}

/** One content change as LSP sends it: a range and its new text, or the whole text. */
export type ContentChange = { range: Range; text: string } | { text: string };

/** What the service needs of where it runs; pure functions, so the browser and Node give the same. */
export interface ServiceRuntime {
  /** Milliseconds from some fixed point: slices of analysis are timed with it. */
  now(): number;
  /** Runs `work` once the requests waiting now have been answered. */
  nextTurn(work: () => void): void;
}

/**
 * A transcript this long (characters), just opened, gets the diagnostics of its first lines
 * published before it is read whole, and requests answered from windows till then.
 */
const EARLY_TEXT_LENGTH = 1 << 20;
/** Those windows are of three times this many lines: read in milliseconds by code not yet compiled. */
const FIRST_WINDOW_LINES = 500;

/** A large document is read in windows of three times this many lines around what is looked at. */
const WINDOW_LINES = 2000;

/**
 * What the service keeps of one open document, dropped on close: the model of its last version
 * read, the edits since, and for a large document the window last read and the lines it came from.
 */
interface DocumentState {
  kind: DocumentKind;
  model?: { version: number; model: DocumentModel };
  /** What changed since the model: a line range, or 'all' when it cannot be said. */
  edit?: LineEdit | 'all';
  window?: { key: string; model: DocumentModel };
  /** The text of the large document's version that windows are read from, with what kinds work out of it once. */
  source?: { version: number; source: WindowSource };
  /** Each analysis run gets a number; an earlier run still going gives way to a later one. */
  run: number;
  /** A run has gathered the diagnostics of the whole document (of some version). */
  analysed?: boolean;
}

/** The language service: every feature of every document kind, for the server, the CLI and the benchmarks. */
/**
 * A log that Follow Message reads: its URI (the links of the page go to its lines) and how its text
 * comes, into a sink that takes it in pieces: a document's text at once, or a file of any size
 * (.gz too) that the host streams from disk.
 */
export interface FollowInput {
  uri: string;
  read(sink: { startSource(name: string): void; push(text: string): void }): void | Promise<void>;
}

export interface LanguageService {
  readonly catalog: Catalog;
  /** Notes content changes as they arrive, before the document's new version is read. */
  didChange(uri: string, changes: readonly ContentChange[]): void;
  /** Forgets everything kept for the document. */
  close(uri: string): void;
  /** The documents the service keeps state for. */
  readonly openCount: number;
  /** Whether the document is over the size from which it is only read in windows. */
  isLarge(document: ServiceDocument, options: ServiceOptions): boolean;
  /** The model features read: the whole document's (read once per version). */
  model(document: ServiceDocument): DocumentModel;
  /**
   * Diagnostics, analysed a slice at a time with the runtime's nextTurn between slices, so other
   * requests are answered meanwhile. Resolves to undefined when `isCurrent` turns false or a later
   * run for the same document starts (the findings made so far are kept). When a long transcript
   * is to be read whole (on opening it), `first` hears the diagnostics of its first lines before:
   * those of the sessions wholly within them, the same as the whole document's for those lines.
   */
  diagnosticsInSlices(document: ServiceDocument, options: ServiceOptions, isCurrent: () => boolean,
    first?: (diagnostics: Diagnostic[]) => void): Promise<Diagnostic[] | undefined>;
  diagnostics(document: ServiceDocument, options: ServiceOptions, isCancelled?: () => boolean): Diagnostic[];
  hover(document: ServiceDocument, position: Position, options: ServiceOptions): Hover | null;
  definition(document: ServiceDocument, position: Position, options: ServiceOptions): Location[] | null;
  references(document: ServiceDocument, position: Position, includeDeclaration: boolean, options: ServiceOptions): Location[];
  documentSymbols(document: ServiceDocument, options: ServiceOptions, isCancelled?: () => boolean): DocumentSymbol[];
  foldingRanges(document: ServiceDocument, options: ServiceOptions, isCancelled?: () => boolean): FoldingRange[];
  inlayHints(document: ServiceDocument, range: Range, options: ServiceOptions): InlayHint[];
  codeActions(document: ServiceDocument, range: Range, context: { diagnostics: Diagnostic[] }, options: ServiceOptions): CodeAction[];
  redactAllEdits(document: ServiceDocument, options: ServiceOptions): TextEdit[];
  /** A mail log's summary (counts by outcome, reason, domain, client); undefined for other documents. */
  logSummary(document: ServiceDocument, options: ServiceOptions): LogSummary | undefined;
  /**
   * One record per recipient of the bounces in a message document; undefined when it is no message
   * (no message in it has header fields).
   */
  bounceRecords(document: ServiceDocument, options: RecordOptions): BounceRecord[] | undefined;
  /** A copy of the document safe to share (secrets, addresses, IPs ... replaced) and a summary of what changed. */
  redact(document: ServiceDocument, options: Partial<RedactOptions>, language: Language): { text: string; summary: string };
  /** Per session, a swaks command replaying its client side, as a shell script; and how many commands it holds. */
  reproduce(document: ServiceDocument, language: Language): { text: string; commands: number };
  /** A report over logs of any size: give it each input's text in pieces, then finish(). */
  reportReader(language: Language): ReportReader;
  reportText(report: LogReport, language: Language): string[];
  reportHtml(report: LogReport, language: Language): string;
  /** A stream over log text that emits one record per message as it leaves the queue. */
  messageRecords(emit: (record: MessageRecord) => void): LogStream;
  /** Follows a message (queue id or Message-ID) through the records of several logs: give it every record, pass after pass. */
  traceCollector(id: string): TraceCollector;
  traceText(hops: readonly TraceHop[]): string[];
  /** A report as a Markdown page whose rows link to their lines. */
  reportMarkdown(report: LogReport, language: Language, link: LineLink): string;
  /** A report as the editor's tree view shows it, problems first, each row with the lines it opens. */
  reportTree(report: LogReport, language: Language): ReportTree;
  /** The report of an open document, read from its text. */
  documentReport(document: ServiceDocument, language: Language): LogReport;
  /**
   * The chain of a queue id or Message-ID through logs, as a Markdown page. Each input is read once
   * per pass (the chain may need a few): an open document's text, or a file the host streams from disk.
   */
  followMessage(id: string, inputs: ReadonlyArray<FollowInput>, language: Language): Promise<string>;
  explain(params: ExplainParams, options: ServiceOptions): PageResult;
  compare(params: CompareParams, options: ServiceOptions): PageResult;
  catalogPicker(language: PageLanguage | undefined, options: ServiceOptions): CatalogPicker;
}

/**
 * Makes the language service over a catalog. State is kept per document URI while the document is
 * open (the server calls close()); a document read once (the CLI) can be closed after use.
 */
export function createLanguageService(catalog: Catalog, runtime: ServiceRuntime): LanguageService {
  const states = new Map<string, DocumentState>();
  let runs = 0;

  const stateOf = (document: ServiceDocument): DocumentState => {
    const kind = kindOfLanguage(document.languageId);
    let state = states.get(document.uri);
    if (!state || state.kind !== kind) {
      state = { kind, run: 0 };
      states.set(document.uri, state);
    }
    return state;
  };

  /** The whole document's model of this version: re-read around the edits since the last one where the kind can. */
  const modelOf = (document: ServiceDocument): DocumentModel => {
    const state = stateOf(document);
    const cached = state.model;
    if (cached && cached.version === document.version) return cached.model;
    const edit = state.edit;
    state.edit = undefined;
    const model = (cached && edit && edit !== 'all' ? state.kind.reread(cached.model, document, edit) : undefined)
      ?? state.kind.read(document);
    state.model = { version: document.version, model };
    // Windows read while the whole was still to be read (see modelAt) are not wanted any more.
    state.window = undefined;
    state.source = undefined;
    return model;
  };

  /**
   * For a document too large to read whole: the kind's window around `line`, read as it would be
   * in the whole document. Windows are aligned so nearby requests share one.
   */
  const windowOf = (document: ServiceDocument, line: number, size = WINDOW_LINES): DocumentModel => {
    const state = stateOf(document);
    const start = Math.max(0, Math.floor(line / size) * size - size);
    const key = `${document.version}:${start}:${size}`;
    if (state.window?.key === key) return state.window.model;
    if (state.source?.version !== document.version) state.source = { version: document.version, source: windowSource(document) };
    const model = state.kind.readWindow(state.source.source, start, start + 3 * size);
    state.window = { key, model };
    return model;
  };

  const isLarge = (document: ServiceDocument, options: ServiceOptions): boolean => textLength(document) > options.largeFileThreshold;

  /** A long transcript just opened, whose whole has not been read yet (the first diagnostics run reads it). */
  const notReadYet = (document: ServiceDocument): boolean => {
    const state = stateOf(document);
    return state.model === undefined && state.kind.name === 'transcript' && textLength(document) >= EARLY_TEXT_LENGTH;
  };

  /**
   * The model features read at a line: the whole document's, or a window around the line for a
   * large one, and for a long transcript whose whole is still to be read (a hover sent right behind
   * didOpen is answered in milliseconds, not after the whole read).
   */
  const modelAt = (document: ServiceDocument, line: number, options: ServiceOptions): DocumentModel =>
    (isLarge(document, options) ? windowOf(document, line) : notReadYet(document) ? windowOf(document, line, FIRST_WINDOW_LINES) : modelOf(document));

  /**
   * The diagnostics of a long transcript's first lines, before those of the whole: of the sessions
   * within the window a request at its top reads (modelAt), which give the same findings as in the
   * whole document: every session of the window but the last, which may go on past it, or those
   * within its lines when the whole has been read already. Undefined for a short document, another kind, sessions that
   * interleave (one may go on past the window), or more findings than the document may show (the
   * summary that says how many there are in all needs all of them).
   */
  const firstLinesDiagnostics = (state: DocumentState, document: ServiceDocument, options: ServiceOptions): Diagnostic[] | undefined => {
    if (state.kind.name !== 'transcript' || textLength(document) < EARLY_TEXT_LENGTH) return undefined;
    let first: TranscriptModel;
    if (state.model?.version === document.version) {
      const whole = transcriptOf(state.model.model);
      first = { ...whole, sessions: whole.sessions.filter((s) => s.endLine < 3 * FIRST_WINDOW_LINES) };
    } else {
      const window = transcriptOf(windowOf(document, 0, FIRST_WINDOW_LINES));
      first = { ...window, sessions: window.sessions.slice(0, -1) };
    }
    if (first.sessions.length === 0 || first.sessions.some((s) => s.id !== undefined || INTERLEAVED.has(s.dialect))) return undefined;
    const found = diagnostics(first, catalog, options, undefined, document.uri);
    return found.length < options.maxProblems ? found : undefined;
  };

  const pageLanguage = (requested: unknown, options: ServiceOptions): Language =>
    (requested === 'en' || requested === 'zh-cn' ? requested : options.language);

  return {
    catalog,

    didChange(uri, changes) {
      const state = states.get(uri);
      if (!state?.model) return;
      let edit = state.edit;
      for (const change of changes) {
        if (edit === 'all' || !('range' in change)) {
          edit = 'all';
          break;
        }
        const next = lineEditOf(change.range, change.text);
        edit = edit ? composeEdits(edit, next) : next;
      }
      state.edit = edit;
    },

    close(uri) {
      states.delete(uri);
    },

    get openCount() {
      return states.size;
    },

    isLarge,
    model: modelOf,

    diagnosticsInSlices(document, options, isCurrent, first) {
      const state = stateOf(document);
      const run = ++runs;
      state.run = run;
      const going = (): boolean => states.get(document.uri) === state && state.run === run && isCurrent();
      return new Promise((resolve, reject) => {
        let model: DocumentModel | undefined;
        let slices: Generator<void, void, void> | undefined;
        const step = (): void => {
          try {
            if (!going()) return resolve(undefined);
            model ??= modelOf(document);
            slices ??= diagnosticSlices(model, catalog, options, runtime.now);
            if (slices.next().done !== true) return runtime.nextTurn(step);
            state.analysed = true;
            resolve(diagnostics(model, catalog, options, undefined, document.uri));
          } catch (error) {
            reject(error);
          }
        };
        const early = first && !state.analysed ? firstLinesDiagnostics(state, document, options) : undefined;
        if (!early) return step();
        // Sent before the whole is read: the read holds the thread, and the message goes out on a later turn.
        first?.(early);
        runtime.nextTurn(step);
      });
    },

    diagnostics: (document, options, isCancelled) => diagnostics(modelOf(document), catalog, options, isCancelled, document.uri),
    hover: (document, position, options) => hover(modelAt(document, position.line, options), catalog, position, options),
    definition: (document, position, options) => definition(modelAt(document, position.line, options), document.uri, position),
    references: (document, position, includeDeclaration, options) =>
      references(modelAt(document, position.line, options), document.uri, position, includeDeclaration),
    // The outline and folding need the whole document: none for a large one.
    documentSymbols: (document, options, isCancelled = () => false) =>
      (isLarge(document, options) ? [] : documentSymbols(modelOf(document), catalog, options.language, isCancelled)),
    foldingRanges: (document, options, isCancelled = () => false) =>
      (isLarge(document, options) ? [] : foldingRanges(modelOf(document), isCancelled)),
    inlayHints: (document, range, options) => inlayHints(modelAt(document, range.start.line, options), catalog, range, options),
    codeActions: (document, range, context, options) =>
      codeActions(modelAt(document, range.start.line, options), catalog, document.uri, range, context, options),
    redactAllEdits: (document, options) => redactAllEdits(modelOf(document), catalog, options.language),

    logSummary(document, options) {
      const model = modelOf(document);
      return model.kind === 'log' ? logSummary(model, catalog, options.language) : undefined;
    },

    bounceRecords(document, options) {
      const model = modelOf(document);
      if (model.kind !== 'message' || model.messages.every((m) => m.root.headers.length === 0)) return undefined;
      return bounceRecords(model, catalog, options);
    },

    redact(document, options, language) {
      const result = redactDocument(document.getText(), modelOf(document), catalog, options);
      return { text: result.text, summary: redactSummaryText(result.summary, catalog, language) };
    },

    reproduce(document, language) {
      const replays = swaksReplays(modelOf(document));
      return { text: swaksScript(replays, catalog, language), commands: replays.length };
    },

    reportReader: (language) => new ReportReader(catalog, language),
    reportText: (report, language) => reportText(report, catalog, language),
    reportHtml: (report, language) => reportHtml(report, catalog, language),
    messageRecords,
    traceCollector: (id) => new TraceCollector(id),
    traceText,
    reportMarkdown: (report, language, link) => reportMarkdown(report, catalog, language, link),
    reportTree: (report, language) => reportTree(report, catalog, language),
    documentReport: (document, language) => logReport(document.getText(), catalog, language, document.uri),

    async followMessage(id, inputs, language) {
      const collector = new TraceCollector(id);
      for (let pass = 0; pass < 5; pass++) {
        collector.startPass();
        for (const input of inputs) {
          const stream = messageRecords((record) => collector.consider(record, input.uri));
          await input.read(stream);
          stream.end();
        }
        if (!collector.growing) break;
      }
      return traceMarkdown(id, collector.chain(), catalog, language, (uri, line) => `${uri}#L${line + 1}`);
    },

    explain: (params, options) => explainPage(params.code, catalog, pageLanguage(params.language, options), { command: params.command, rule: params.rule }),
    compare: (params, options) => comparePage(params.a, params.b, catalog, pageLanguage(params.language, options)),
    catalogPicker: (language, options) => catalogPicker(catalog, pageLanguage(language, options)),
  };
}

/** The length of a document's text, without joining the pieces the host keeps it in. */
export function textLength(document: ServiceDocument): number {
  return document.lines ? document.lines.textLength : document.getText().length;
}

/** The text of one version (got when first asked for), and a place for what kinds work out of it once (its lines ...). */
function windowSource(document: ServiceDocument): WindowSource {
  const kept = new Map<string, unknown>();
  let text: string | undefined;
  return {
    get text() {
      return (text ??= document.getText());
    },
    lines: document.lines,
    memo<T>(key: string, make: () => T): T {
      if (!kept.has(key)) kept.set(key, make());
      return kept.get(key) as T;
    },
  };
}
