import type { LogFormat } from '../parse/log/model';

/**
 * `smtp-lens report`: a whole mail log (or a rotated set, or standard input) summed up, problems
 * first. Its JSON form is described by data/schema/log-report.schema.json; README "Reports" says
 * how each total is counted and where it differs from pflogsumm or eximstats by design.
 */
export interface LogReport {
  formats: LogFormat[];
  /** The inputs in the order read (oldest first), with the stream line number of their first line. */
  sources: Array<{ name: string; firstLine: number }>;
  lines: number;
  /** The first and last timestamps, as written. */
  first?: string;
  last?: string;
  totals: ReportTotals;
  /** Problems first: what needs a look. */
  problems: ReportProblems;
  /** Traffic per day (as the log writes the day) and per hour of the day (0-23, all days together). */
  perDay: TrafficRow[];
  perHour: TrafficRow[];
  senders: { byCount: AddressRow[]; bySize: AddressRow[] };
  recipients: { byCount: AddressRow[]; bySize: AddressRow[] };
  sendingDomains: AddressRow[];
  recipientDomains: AddressRow[];
  connections: ConnectionStats;
  /** The deliveries that took longest from arrival to their end, with Postfix's delays=a/b/c/d split. */
  slowestDeliveries: SlowDelivery[];
}

export interface ReportTotals {
  received: number;
  delivered: number;
  forwarded: number;
  /** Messages with at least one deferral (deferrals: the attempts). */
  deferred: number;
  deferrals: number;
  bounced: number;
  rejected: number;
  rejectWarnings: number;
  /** Messages that expired in the queue (pflogsumm has no such count). */
  expired: number;
  held: number;
  discarded: number;
  bytesReceived: number;
  bytesDelivered: number;
  senders: number;
  recipients: number;
  sendingHostsDomains: number;
  recipientHostsDomains: number;
}

export interface ReportProblems {
  panics: ProgramMessage[];
  fatals: ProgramMessage[];
  warnings: ProgramMessage[];
  bounces: ReasonRow[];
  expiries: ReasonRow[];
  deferrals: ReasonRow[];
  rejections: ReasonRow[];
  saslFailures: Array<{ client: string; count: number; lines: number[] }>;
}

/** A warning, fatal error or panic a program logged, counted by its text. */
export interface ProgramMessage {
  program: string;
  text: string;
  count: number;
  lines: number[];
}

/** Attempts that failed for one reason: the server's words (addresses left out), the catalog's meaning, and where. */
export interface ReasonRow {
  /** The reply or reason text as logged, with addresses and queue ids replaced by "<>" and "…". */
  reason: string;
  /** "550 5.1.1 Bad destination mailbox address": the codes and the catalog's name for them. */
  meaning: string;
  code?: string;
  enhanced?: string;
  command?: string;
  count: number;
  /** The recipient domains (for refusals: the clients) these attempts were for, most first. */
  domains: Array<{ domain: string; count: number }>;
  /** The first few lines (stream line numbers, see sources). */
  lines: number[];
}

export interface TrafficRow {
  /** The day as the log writes it ("Nov 28", "2026-11-28"), or the hour "00".."23". */
  period: string;
  received: number;
  delivered: number;
  deferred: number;
  bounced: number;
  rejected: number;
}

export interface AddressRow {
  address: string;
  count: number;
  bytes: number;
}

export interface ConnectionStats {
  /** smtpd connections that were seen to open and close. */
  connections: number;
  hostsDomains: number;
  totalSeconds: number;
  averageSeconds: number;
  longestSeconds: number;
  byHost: Array<{ host: string; connections: number; totalSeconds: number; longestSeconds: number }>;
}

export interface SlowDelivery {
  queueId: string;
  recipient: string;
  status: string;
  relay?: string;
  /** Seconds from arrival to the end of this attempt (delay=). */
  delay: number;
  delays?: DelaySplit;
  time?: string;
  line: number;
}

/** Postfix's delays=a/b/c/d. */
export interface DelaySplit {
  /** a: from arrival until the queue manager took the message (before qmgr). */
  beforeQueueManager: number;
  /** b: in the queue manager (waiting for a delivery agent). */
  inQueueManager: number;
  /** c: connection setup (DNS, HELO, TLS). */
  connection: number;
  /** d: message transmission. */
  transmission: number;
}
