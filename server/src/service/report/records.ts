import type { LogEvent, LogMessage } from '../parse/log/model';
import type { LinePrefix } from '../parse/log/prefix';
import { LogStream, type LogSource, type LogStreamListener } from '../parse/log/stream';
import { delaySplit } from './builder';
import type { DelaySplit } from './model';

/**
 * `smtp-lens messages`: one record per message, the interchange with engines that sum logs larger
 * than one machine reads (README "Messages as NDJSON"). Field names are stable: renaming one breaks
 * every query written against them.
 */
export interface MessageRecord {
  /** Queue id (Postfix, Sendmail), message id (Exim), or Message-ID (Exchange). */
  queueId: string;
  format: string;
  /** The input the message's first line is in, and that line (1-based). */
  file?: string;
  line: number;
  messageId?: string;
  sender?: string;
  size?: number;
  client?: string;
  /** Timestamps of its first and last lines, as written. */
  start?: string;
  end?: string;
  /** The log shows it arrive (Postfix smtpd client= or pickup, Exim <=, Sendmail from=, Exchange RECEIVE). */
  received: boolean;
  /** The log says it left the queue; false when the log ended first. */
  removed: boolean;
  /** The ids the next hop gave it ("queued as"), when a delivery says so. */
  nextIds: string[];
  /** The queue ids of the bounce, delay or success notices it caused (Postfix bounce, Sendmail DSN). */
  notificationIds: string[];
  recipients: RecipientRecord[];
}

export interface RecipientRecord {
  address: string;
  /** Status of the last attempt: sent, deferred, bounced, expired; absent when no attempt is logged. */
  status?: string;
  attempts: number;
  deferrals: number;
  dsn?: string;
  code?: string;
  enhanced?: string;
  relay?: string;
  /** Seconds from arrival to the end of the last attempt. */
  delay?: number;
  delays?: DelaySplit;
  /** The server's reply text or the log's reason of the last attempt that gave one. */
  reason?: string;
  time?: string;
}

function explaining(deliveries: readonly LogEvent[]): LogEvent | undefined {
  for (let i = deliveries.length - 1; i >= 0; i--) {
    const e = deliveries[i];
    if (e.code || e.enhanced || e.dsn || (e.text && e.status !== 'expired')) return e;
  }
  return deliveries[deliveries.length - 1];
}

/** The record of a message; `delays` holds the delays=a/b/c/d of its delivery events. */
export function messageRecord(message: LogMessage, sources: readonly LogSource[], delays: ReadonlyMap<LogEvent, DelaySplit>): MessageRecord {
  const firstLine = message.lines[0] ?? 0;
  let source: LogSource | undefined;
  for (const s of sources) if (s.firstLine <= firstLine) source = s;
  const nextIds = new Set<string>();
  const notificationIds = new Set<string>();
  for (const e of message.events) {
    if (e.kind === 'delivery' && e.status === 'sent' && e.related) nextIds.add(e.related);
    else if (e.kind === 'notification' && e.related) notificationIds.add(e.related);
  }
  const expiredWhole = message.events.find((e) => e.kind === 'expired');
  return {
    queueId: message.id,
    format: message.format,
    file: source?.name,
    line: firstLine - (source?.firstLine ?? 0) + 1,
    messageId: message.messageId,
    sender: message.sender,
    size: message.size,
    client: message.client,
    start: message.start,
    end: message.end,
    received: message.events.some((e) => e.kind === 'received'),
    removed: message.removed,
    nextIds: [...nextIds],
    notificationIds: [...notificationIds],
    recipients: message.recipients.map((r) => {
      const last = r.deliveries[r.deliveries.length - 1];
      const why = explaining(r.deliveries);
      const status = r.status;
      return {
        address: r.address,
        status: status === 'deferred' && expiredWhole ? 'expired' : status,
        attempts: r.deliveries.length,
        deferrals: r.deferrals,
        dsn: last?.dsn,
        code: why?.code,
        enhanced: why?.enhanced ?? why?.dsn,
        relay: last?.peer,
        delay: last?.delay,
        delays: last ? delays.get(last) : undefined,
        reason: status === 'sent' ? last?.text : why?.text,
        time: last?.time,
      };
    }),
  };
}

/** A stream that hands over one record per message as it leaves the queue (and the rest at the end). */
export function messageRecords(emit: (record: MessageRecord) => void): LogStream {
  const delays = new Map<LogEvent, DelaySplit>();
  const pending: LogEvent[] = [];
  const listener: LogStreamListener = {
    event(_message, event) {
      if (event.kind === 'delivery') pending.push(event);
    },
    line(line: string, _prefix: LinePrefix) {
      if (pending.length === 0) return;
      const split = delaySplit(line);
      if (split) for (const e of pending) delays.set(e, split);
      pending.length = 0;
    },
    message(message) {
      // Only called while the stream reads, so after `stream` below is set.
      emit(messageRecord(message, stream.sources, delays));
      for (const r of message.recipients) for (const e of r.deliveries) delays.delete(e);
    },
  };
  const stream = new LogStream(listener);
  return stream;
}
