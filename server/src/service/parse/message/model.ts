import type { Span, TranscriptModel } from '../model';

/**
 * An RFC 5322 message (.eml), or the messages of an mbox, above all bounces. Everything keeps its
 * place in the raw text: spans are document lines and UTF-16 columns, so hovers and diagnostics point
 * at what the user sees, even where the analysis read a decoded (quoted-printable, Base64) version.
 * The SMTP dialogue quoted in a bounce body is read by the transcript readers into `transcript`, on
 * the message's own lines.
 */
export interface MessageModel {
  kind: 'message';
  lineCount: number;
  transcript: TranscriptModel;
  /** One for an .eml file; one per "From " separator in an mbox. */
  messages: MailMessage[];
}

/** One header field: its name, its unfolded value, and the lines it takes. */
export interface HeaderField {
  /** As written. */
  name: string;
  /** Lower-case name, for lookups. */
  key: string;
  nameSpan: Span;
  /** The value with folding undone (each line break and the indentation after it become one space), trimmed. */
  value: string;
  /** Where the value starts: on the name's line after the colon and blanks. */
  valueSpan: Span;
  startLine: number;
  endLine: number;
}

/** One node of the MIME tree: the message itself, a body part, or a message inside a message/rfc822 part. */
export interface MimePart {
  /** "" for the message, "1", "1.2" ... for parts as IMAP numbers them; "1.0" is the message inside part 1. */
  id: string;
  depth: number;
  headers: HeaderField[];
  /** First and last header line; `headerEnd < headerStart` when the part has no header. */
  headerStart: number;
  headerEnd: number;
  /** First and last body line; `bodyEnd < bodyStart` when the body is empty. */
  bodyStart: number;
  bodyEnd: number;
  /** Lower-case type/subtype, "text/plain" when the part does not say. */
  contentType: string;
  /** Content-Type parameters, lower-case names, values unquoted. */
  params: Record<string, string>;
  /** Lower-case Content-Transfer-Encoding, "7bit" when absent. */
  encoding: string;
  children: MimePart[];
  /** A multipart whose closing "--boundary--" line never came. */
  unterminated?: boolean;
  /** Nesting was too deep to follow: the body is kept as opaque lines. */
  truncated?: boolean;
}

/** An RFC 3464 field: "Status: 5.1.1", "Diagnostic-Code: smtp; 550 ...". */
export interface DsnField {
  name: string;
  key: string;
  nameSpan: Span;
  /** Whole value, folding undone. */
  value: string;
  valueSpan: Span;
  /** The type before ";" when the field has one ("rfc822", "smtp", "dns", "x-unix"), lower-case. */
  type?: string;
  /** The value after the type; the whole value when there is none. */
  text: string;
  /** Where `text` starts. */
  textSpan: Span;
  /** Reply and enhanced codes written in the field (Diagnostic-Code, Status), each where it stands. */
  codes: CodeMention[];
  startLine: number;
  endLine: number;
}

/** A group of DSN fields: the per-message fields, or one recipient's. */
export interface DsnGroup {
  fields: DsnField[];
  startLine: number;
  endLine: number;
}

/** A message/delivery-status part (or DSN fields written as text), read into its groups. */
export interface DeliveryStatusReport {
  /** The MIME part it was read from; undefined when the fields stood in plain text. */
  partId?: string;
  perMessage: DsnGroup;
  recipients: DsnGroup[];
  startLine: number;
  endLine: number;
}

/** A reply code or enhanced status code found in text, where it stands. */
export interface CodeMention {
  kind: 'reply' | 'enhanced';
  code: string;
  span: Span;
  /** For a reply code: the enhanced code that follows it, if any. */
  enhanced?: string;
}

/** The dialect of a bounce: who wrote it, as far as its text tells. */
export type BounceFormat =
  | 'dsn' | 'postfix' | 'exim' | 'sendmail' | 'qmail' | 'exchange' | 'office365' | 'gmail' | 'yahoo'
  | 'amazon-ses' | 'dragonfly' | 'opensmtpd' | 'domino' | 'courier' | 'generic' | 'feedback' | 'auto-reply';

/** What a DSN or a bounce says happened to a recipient (RFC 3464 §2.3.3 actions). */
export type DeliveryAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';

/** A recipient as a bounce reports it: who, what happened, which code, answering which command, where. */
export interface BounceRecipient {
  address: string;
  addressSpan?: Span;
  /** Where the bounce's own text names the recipient, when a DSN field names it too. */
  textAddressSpan?: Span;
  originalRecipient?: string;
  action: DeliveryAction;
  /** Enhanced status code as written (DSN Status, or in the diagnostic text). */
  status?: string;
  statusSpan?: Span;
  replyCode?: string;
  replyCodeSpan?: Span;
  /** The SMTP command that was answered: "RCPT", "MAIL", "DATA", "CONNECT", "HELO", "EHLO", "STARTTLS" ... */
  command?: string;
  remoteMta?: string;
  /** The server's or MTA's own words, one line, whitespace collapsed. */
  diagnostic: string;
  diagnosticSpan?: Span;
  /** Diagnostic-Code type when the DSN gives one ("smtp", "x-unix", "x-postfix"). */
  diagnosticType?: string;
  /** A delivery program's exit status ("X-Unix; 67"), which is no SMTP reply. */
  exitStatus?: number;
  lastAttemptDate?: string;
  /** The lines the recipient's report takes (its DSN group, or its paragraph in the text). */
  startLine: number;
  endLine: number;
  /** The DSN group it was read from, when there is one. */
  dsn?: DsnGroup;
}

/** An ARF feedback report (RFC 5965): a complaint about a message, not a bounce. */
export interface FeedbackReport {
  /** "abuse", "auth-failure", "fraud", "not-spam", "opt-out", "virus", "other". */
  feedbackType: string;
  span: Span;
  /** Original-Rcpt-To, or the To of the reported message. */
  recipients: string[];
}

/** What the message is, as far as delivery goes. */
export interface BounceReport {
  format: BounceFormat;
  /** Who made it, in words for the Outline ("Postfix", "Exim", "Microsoft 365" ...). */
  agent?: string;
  recipients: BounceRecipient[];
  feedback?: FeedbackReport;
  /** An auto-reply (vacation, out of office): Auto-Submitted, X-Autoreply or its subject say so. */
  autoReply?: { span: Span; subject: string };
}

/** One message of the document. */
export interface MailMessage {
  index: number;
  /** The "From " line of an mbox, when there is one. */
  separatorLine?: number;
  startLine: number;
  endLine: number;
  root: MimePart;
  /** Every part, depth first, the root first. */
  parts: MimePart[];
  /** Subject with encoded words decoded. */
  subject?: string;
  from?: string;
  reports: DeliveryStatusReport[];
  /** Undefined for a message that is no bounce, auto-reply or feedback report. */
  bounce?: BounceReport;
  /** Codes written in the bounce's own text (not the DSN fields), for hovers. */
  mentions: CodeMention[];
  /** Lines of the returned original message (or its headers), when the bounce carries one. */
  returned?: { startLine: number; endLine: number };
}
