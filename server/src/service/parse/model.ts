/**
 * The document model. Every dialect reader produces it; every rule and feature reads it and never
 * goes back to the raw text. Positions are line numbers and UTF-16 columns, as in LSP.
 */

import type { LogModel } from './log/model';
import type { MessageModel } from './message/model';

export interface Span {
  line: number;
  start: number;
  end: number;
}

export type Direction = 'client' | 'server' | 'meta';

/** A line's ending: none (the last line), LF, CR or CRLF. */
export enum LineEnd { None = 0, LF = 1, CR = 2, CRLF = 3 }

/** The formats a transcript line can be written in. */
export type DialectId =
  | 'plain' | 'swaks' | 'sendmail' | 'exim-client' | 'exim-debug' | 'postfix-inout' | 'postfix-verbose'
  | 'smtplib' | 'phpmailer' | 'curl' | 'exchange-csv' | 'rfc821' | 'unprefixed';

export type LineKind =
  | 'command' | 'reply' | 'data' | 'data-end' | 'auth-response' | 'tls' | 'meta' | 'text' | 'blank';

export interface TranscriptLine {
  /** 0-based line number in the document. */
  line: number;
  direction: Direction;
  kind: LineKind;
  dialect: DialectId;
  /** Column where the SMTP text starts, after the dialect's prefix, timestamp or session id. */
  column: number;
  /** The SMTP text of the line (prefix removed, quoting undone), without its line end. */
  text: string;
  /** Sent inside TLS (after a successful STARTTLS, or swaks' ~> / <~ markers). */
  tls: boolean;
  /** Length in UTF-16 units of the whole document line, for the length rules. */
  length: number;
  /** How the line ends in the document: the SMTP smuggling rule compares it with CRLF. */
  end: LineEnd;
  /** Seconds the logging program wrote before the line (a time of day, or since 1970), where it wrote one. */
  time?: number;
}

export interface Parameter {
  keyword: string;
  value?: string;
  span: Span;
}

export interface Command {
  /** Position in the transcript's store of commands: grows through a session, never compare across sessions. */
  index: number;
  /** Upper-case verb, "MAIL", "RCPT", "AUTH" ... or the literal text for an unknown one. */
  verb: string;
  verbSpan: Span;
  /** The rest of the line after the verb, as written. */
  argument: string;
  argumentSpan: Span;
  /** The <path> of MAIL FROM / RCPT TO, without brackets. */
  path?: { address: string; span: Span };
  params: Parameter[];
  /** AUTH: mechanism and initial response. */
  auth?: { mechanism: string; mechanismSpan: Span; initialResponse?: { text: string; span: Span } };
  source: TranscriptLine;
  /** Replies that answered it in order: 334 rounds or 354 first, the final reply last. */
  replies: Reply[];
  /** AUTH: the client's Base64 responses to each 334. */
  authResponses: TranscriptLine[];
  /** DATA / BDAT: the content lines. */
  content: TranscriptLine[];
  /** Sent while earlier commands still waited for their replies (PIPELINING). */
  pipelined: boolean;
  /** No reply can follow it: a test driver answered with a word ("OK"), or the connection closed first. */
  unanswerable?: boolean;
}

export interface ReplyLine {
  source: TranscriptLine;
  /** The three characters where a code stands; may be an invalid code such as 650. */
  code: string;
  codeSpan: Span;
  /** '-' continues a multi-line reply, ' ' or '' ends it. */
  separator: '-' | ' ' | '';
  enhanced?: { code: string; span: Span };
  text: string;
  textSpan: Span;
}

export interface Reply {
  /** Position in the transcript's store of replies: grows through a session. */
  index: number;
  /** Code of the first line. */
  code: string;
  lines: ReplyLine[];
  /** False when a multi-line reply never got its last line. */
  complete: boolean;
  enhanced?: string;
  /** The command it answers; 'connection' for the greeting (or an unprompted 421); undefined if none. */
  answers?: Command | 'connection';
  /** The reply answers a command the capture did not show: sendmail logs only the DATA of a pipelined RCPT group. */
  implied?: 'RCPT';
}

export interface Recipient {
  command: Command;
  address: string;
  /** The final reply to RCPT, if any. */
  reply?: Reply;
}

export interface Transaction {
  mail: Command;
  recipients: Recipient[];
  /** The DATA command or the last BDAT command. */
  data?: Command;
  /** The reply that accepted or refused the message content. */
  verdict?: Reply;
}

export interface Session {
  index: number;
  startLine: number;
  endLine: number;
  dialect: DialectId;
  /** Session id from the log (Exchange CSV, nodemailer) when the dialect has one. */
  id?: string;
  lines: TranscriptLine[];
  commands: Command[];
  replies: Reply[];
  /** EHLO keywords (upper-case) and their parameters, from the latest EHLO reply. */
  capabilities: Map<string, string[]>;
  /** The EHLO reply the capabilities came from. */
  capabilitiesReply?: Reply;
  transactions: Transaction[];
  /** A successful STARTTLS happened, or the dialect shows TLS. */
  tlsStarted: boolean;
  /** The dialect shows server replies only (exim -bh): missing commands are no finding. */
  serverOnly: boolean;
}

export interface TranscriptModel {
  kind: 'transcript';
  lineCount: number;
  /** The document marks directions with prefixes (C:, ->, >>> ...); unprefixed lines are then notes. */
  prefixed: boolean;
  sessions: Session[];
}

/** What stands on one document line, for position lookups. */
export interface LineEntry {
  session: Session;
  line: TranscriptLine;
  command?: Command;
  reply?: Reply;
  replyLine?: ReplyLine;
}

/** What a document becomes: a transcript, a message (.eml) or a mail log, each with its own reader. */
export type DocumentModel = TranscriptModel | MessageModel | LogModel;
