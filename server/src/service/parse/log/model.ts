import type { TranscriptModel } from '../model';
import type { MessageTable } from './table';

/**
 * An MTA log (Postfix, Exim, Sendmail, Exchange). Its delivery lines become events grouped into
 * messages by queue id (Postfix, Sendmail), message id (Exim) or Message-ID (Exchange message
 * tracking); refusals of clients that never got a queue id stand apart in `rejections`. SMTP
 * dialogue lines that some logs carry (Postfix verbose `>`/`<` lines, Exchange protocol logs) are
 * read by the transcript readers into `transcript`, on the log's own lines.
 *
 * A day of log is 100 MB: messages are kept in columns and made into objects when a rule or a
 * feature asks for one (MessageTable.at); positions are plain columns on the event (a feature
 * builds a Span when it needs one).
 */
export interface LogModel {
  kind: 'log';
  lineCount: number;
  /** The formats whose lines the log holds, most lines first. */
  formats: LogFormat[];
  /** How many lines each format's reader knew (content detection weighs them against the lines it sampled). */
  formatLines: Readonly<Record<LogFormat, number>>;
  /** In the order of their first line. */
  messages: MessageTable;
  /** Commands a client was refused, as the receiving server logged them. */
  rejections: LogEvent[];
  transcript: TranscriptModel;
}

/** The MTAs whose delivery lines are read, and servers whose logs show only refusals (Kerio Connect, Domino). */
export type LogFormat = 'postfix' | 'exim' | 'sendmail' | 'exchange' | 'kerio' | 'domino' | 'zimbra' | 'zeek';

/**
 * What one delivery attempt to one recipient came to. `discarded`: the delivery failed, and the message
 * was itself a bounce, which Exim drops instead of bouncing it again ("error ignored"): no one is told,
 * and nothing is wrong with that.
 */
export type DeliveryStatus = 'sent' | 'deferred' | 'bounced' | 'expired' | 'discarded';

export type LogEventKind =
  /** The message entered the queue: from a client (smtpd client=, Exim <=, Exchange RECEIVE) or locally. */
  | 'received'
  /** The queue manager or the receiving side named the sender (Postfix qmgr from=, Sendmail from=). */
  | 'sender'
  /** One attempt for one recipient; `status` says how it went. */
  | 'delivery'
  /** The whole message expired in the queue (Postfix qmgr status=expired). */
  | 'expired'
  /** A bounce, delay or success notice was made (Postfix bounce, Sendmail DSN:, Exchange DSN); `related` is its id. */
  | 'notification'
  /** The server refused a client's command (NOQUEUE reject, Exim rejected RCPT, Sendmail ruleset reject). */
  | 'rejected'
  /** A remote server's reply quoted outside a delivery status (Postfix "host mx[...] said: 450 ..."). */
  | 'reply'
  /** The message left the queue (Postfix removed, Exim Completed). */
  | 'removed';

/**
 * One line's worth of news about a message or a client. Columns are 0-based UTF-16 offsets on
 * `line`; a value's span is [at, at + value.length).
 */
export interface LogEvent {
  line: number;
  kind: LogEventKind;
  /** The timestamp as written, when the line has one. */
  time?: string;
  /** The word that says what happened (`bounced` of status=bounced, Exim's `**`, `reject`), for diagnostics. */
  markAt: number;
  markEnd: number;
  status?: DeliveryStatus;
  recipient?: string;
  recipientAt?: number;
  sender?: string;
  /** The remote host of a delivery, or the client of a rejection or reception (`host[ip]`). */
  peer?: string;
  /** The enhanced status code of Postfix/Sendmail `dsn=`. */
  dsn?: string;
  dsnAt?: number;
  /** The SMTP reply quoted in the line, or the code the log gives the refusal. */
  code?: string;
  codeAt?: number;
  enhanced?: string;
  enhancedAt?: number;
  /** The server's words or the log's reason (reply text after the codes when there is a reply). */
  text?: string;
  textAt?: number;
  /** The command the reply answered, as read from the text (`in reply to RCPT TO command`): RCPT, MAIL, DATA, CONNECT ... */
  command?: string;
  /** Seconds from arrival to this event, as the line says (Postfix and Sendmail delay=). */
  delay?: number;
  /** Another id the line names: the notification it made, or the id the next hop gave the message. */
  related?: string;
  relatedAt?: number;
}

/** A recipient of a message and how its deliveries went. */
export interface LogRecipient {
  address: string;
  /** Its delivery events, in order. */
  deliveries: LogEvent[];
  /** The status of its latest delivery, or undefined when the log shows none. */
  status?: DeliveryStatus;
  /** How many attempts were deferred. */
  deferrals: number;
}

export interface LogMessage {
  /** Queue id (Postfix, Sendmail), message id (Exim), or Message-ID (Exchange). */
  id: string;
  format: LogFormat;
  /** Every line that names the id, in order, and the column where the id stands on it. */
  lines: number[];
  columns: number[];
  sender?: string;
  /** Size in bytes, as logged. */
  size?: number;
  /** Where it came from (`host[ip]`), when it came over SMTP. */
  client?: string;
  messageId?: string;
  events: LogEvent[];
  recipients: LogRecipient[];
  /** Timestamps of its first and last line, as written. */
  start?: string;
  end?: string;
  /** The log says it left the queue. */
  removed: boolean;
}
