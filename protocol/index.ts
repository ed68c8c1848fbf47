/**
 * What the SMTP Lens client and server say to each other beyond LSP itself: the languages served,
 * request types, command ids, the settings and the catalog files the browser
 * client sends. Both sides import this module and nothing else of the other's; it imports nothing,
 * so the client can load it at activation without the language client library.
 */

/** The languages the server reads, by id: SMTP transcripts, .eml messages and mail logs. */
export const LANGUAGE_IDS = ['smtp', 'eml', 'maillog'] as const;
export type LanguageId = (typeof LANGUAGE_IDS)[number];

/** A request the client sends the server: its method and, as types only, its parameters and result. */
export interface RequestKind<P, R> {
  readonly method: string;
  /** Never set: carries P and R for the type checker. */
  readonly types?: { params: P; result: R };
}

const request = <P, R>(method: string): RequestKind<P, R> => ({ method });

/** The language a page is written in; absent: the server's setting. */
export type PageLanguage = 'en' | 'zh-cn';

/** A Markdown page, or why it could not be built (shown to the user as it is). */
export type PageResult = { markdown: string } | { error: string };

/** `rule`: a provider rule id (data/providers.json) a hover matched; its page comes first. */
export interface ExplainParams { code: string; command?: string; rule?: string; language?: PageLanguage }
export interface CompareParams { a: string; b: string; language?: PageLanguage }

/** One entry of the Explain/Compare quick picks. */
export interface CatalogItem {
  kind: 'reply' | 'enhanced';
  /** "251" or "5.1.1": what explain and compare take. */
  code: string;
  /** For a reply code's second or later meaning, what selects it: "ETRN" of "251@ETRN". */
  command?: string;
  /** "251 User Not Local" (plain text) */
  label: string;
  /** "2xx Positive Completion · after RCPT, VRFY" (plain text) */
  description: string;
}

/** What the client's quick picks need: the items and their prompts, in the page language. */
export interface CatalogPicker {
  items: CatalogItem[];
  /** Placeholders: explain, first and second pick of compare ("{0}" is the first pick's label). */
  prompts: { explain: string; compareFirst: string; compareSecond: string };
}

/** "SMTP: Explain Code": the page for a reply code, an enhanced code or both. */
export const EXPLAIN_REQUEST = request<ExplainParams, PageResult>('smtpLens/explain');
/** "SMTP: Compare Codes": the page comparing two codes. */
export const COMPARE_REQUEST = request<CompareParams, PageResult>('smtpLens/compare');
/** The items of the two commands' quick picks. */
export const CATALOG_ITEMS_REQUEST = request<{ language?: PageLanguage }, CatalogPicker | null>('smtpLens/catalogItems');

/** What "Copy Redacted" keeps, from the smtpLens.redact settings of the document. */
export interface RedactSettings {
  keep?: Array<'addresses' | 'bodies' | 'subjects'>;
  domains?: boolean;
  ips?: 'reduce' | 'pseudonymise' | 'keep';
}

/** "Copy Redacted": a share-safe copy of an open document and a summary of what changed; null for a document the server does not hold. */
export const REDACT_REQUEST = request<{ uri: string; options?: RedactSettings }, { text: string; summary: string } | null>('smtpLens/redact');

/**
 * "Mail Log Report": the report of an open mail log (`uri`), or of a log file read from disk by the
 * server (`path`, any size, .gz: the Node build only; the browser build answers with an error).
 */
export const LOG_REPORT_REQUEST = request<{ uri?: string; path?: string; language?: PageLanguage }, PageResult>('smtpLens/logReport');

/**
 * One node of the mail log report's tree view: a section (with children) or a row. `lines` are the
 * 0-based lines of the log that the row opens; `severity` picks its icon. Labels come localised.
 */
export interface ReportTreeNode {
  label: string;
  description?: string;
  tooltip?: string;
  lines?: number[];
  severity?: 'error' | 'warning' | 'info';
  /** A section shown open at first (the problems). */
  expanded?: boolean;
  children?: ReportTreeNode[];
}

/** The mail log report as a tree: problem sections first, then totals, domains, slowest deliveries. */
export interface ReportTree {
  title: string;
  /** "N lines, first to last (formats)". */
  period: string;
  nodes: ReportTreeNode[];
}

/** "Mail Log Report" in the tree view: the same inputs as LOG_REPORT_REQUEST, the report as a tree. */
export const LOG_REPORT_TREE_REQUEST = request<{ uri?: string; path?: string; language?: PageLanguage }, ReportTree | { error: string }>('smtpLens/logReportTree');

/**
 * "Follow Message": the chain of a queue id or Message-ID through the given logs: `inputs` as text the
 * client read, `paths` files the server streams from disk itself (any size, .gz: the Node build only;
 * the browser build leaves them out).
 */
export const FOLLOW_MESSAGE_REQUEST = request<{ id: string; inputs: Array<{ uri: string; text: string }>; paths?: string[]; language?: PageLanguage }, PageResult>('smtpLens/followMessage');
/** "Copy as swaks Command": per session a swaks command replaying the client side, as a shell script; null for a document the server does not hold. */
export const REPRODUCE_REQUEST = request<{ uri: string }, { text: string; commands: number } | null>('smtpLens/reproduce');

/** LSP's own workspace/executeCommand, as the client sends it to run a server command. */
export const EXECUTE_COMMAND_REQUEST = request<{ command: string; arguments?: unknown[] }, unknown>('workspace/executeCommand');

/** Command ids: the client's (in package.json) and the one the server executes. */
export const COMMANDS = {
  explainCode: 'smtpLens.explainCode',
  compareCodes: 'smtpLens.compareCodes',
  redactAllCredentials: 'smtpLens.redactAllCredentials',
  copyRedacted: 'smtpLens.copyRedacted',
  showLogReport: 'smtpLens.showLogReport',
  openLogReport: 'smtpLens.openLogReport',
  followMessage: 'smtpLens.followMessage',
  /** A row of the report tree: opens the log with its lines selected; arguments: the log's URI and the 0-based lines. */
  revealLogLines: 'smtpLens.revealLogLines',
  /** The report tree's title button: the report as a Markdown page. */
  logReportPage: 'smtpLens.logReportPage',
  /** "SMTP Lens: Open as…": the active document in one of our languages; optional argument: the language id. */
  openAs: 'smtpLens.openAs',
  /** "SMTP Lens: Open Sample…" (the walkthrough's buttons); optional argument: the sample's id. */
  openSample: 'smtpLens.openSample',
  copyAsSwaks: 'smtpLens.copyAsSwaks',
  /** Executed by the server (workspace/executeCommand); its argument is the document's URI. */
  serverRedactAllCredentials: 'smtpLens.server.redactAllCredentials',
} as const;

/** The commands a hover link may run: the client trusts exactly these in hover Markdown. */
export const HOVER_LINK_COMMANDS: readonly string[] = [COMMANDS.explainCode, COMMANDS.compareCodes];

/** The configuration section of every setting. */
export const SETTINGS_SECTION = 'smtpLens';

export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

/**
 * The `smtpLens` settings as the client holds them (package.json's contributes.configuration).
 * Those marked per resource can differ from file to file: the server asks for them with the file's
 * URI (`workspace/configuration` with `scopeUri`).
 */
export interface Settings {
  /** 'auto' follows the editor's display language. */
  language: 'auto' | PageLanguage;
  /** Per resource. */
  diagnostics: { severity: Record<string, SeveritySetting>; slowReplySeconds: number };
  /** Per resource. */
  maxProblems: number;
  trace: { server: 'off' | 'messages' | 'verbose' };
  auth: { revealSecrets: boolean };
  /** Per resource. */
  inlayHints: { authDecoding: boolean; replyNames: boolean; responseTimes: boolean };
  /** Per resource. */
  largeFileThresholdMB: number;
  /** What "Copy Redacted" keeps; per resource. */
  redact: RedactSettings;
  /** Plain text and logs that read as ours: offer the switch, make it at once, or leave them be; per resource. */
  detect: DetectSetting;
}

export type DetectSetting = 'ask' | 'auto' | 'off';

/** What content detection found in a document opened as plain text or a log (service/parse/classify.ts). */
export interface ContentClassification {
  kind: 'transcript' | 'log' | 'message';
  /** The editor language to switch to. */
  languageId: LanguageId;
  /** The transcript's dialect ('swaks', 'plain', 'unprefixed' ...), the log's format ('postfix' ...), or 'rfc5322' for a message. */
  format: string;
  /** Share of the sampled non-blank lines that read as SMTP (transcript) or as a mail log's (log), 0..1. */
  confidence: number;
  /** Non-blank lines sampled, and how many of them the winning reader knew. */
  sampled: number;
  known: number;
}

/** The diagnostic that stands first when a file has more problems than smtpLens.maxProblems. */
export const TOO_MANY_PROBLEMS = 'smtp.too-many-problems';
/** Its `data`: how many problems there are, how many are published after it, and the setting. */
export interface TooManyProblemsData {
  total: number;
  shown: number;
  dropped: number;
  setting: 'smtpLens.maxProblems';
  limit: number;
}

/** The catalog's files in data/ (shipped as dist/data), by name without ".json". */
export const CATALOG_FILES = ['reply-codes', 'enhanced-codes', 'commands', 'messages', 'auth-mechanisms', 'bounce-reasons', 'bounce-rules', 'blocklists', 'providers'] as const;
export type CatalogFiles = Record<(typeof CATALOG_FILES)[number], unknown>;

/**
 * What the client sends with `initialize` as initializationOptions: the settings (a first answer,
 * before the server can ask per resource) and, from the browser client, the catalog files a web
 * worker cannot read itself.
 */
export type InitializationOptions = Partial<Settings> & { catalogFiles?: CatalogFiles };
