import type { DeliveryStatus, LogEvent, LogMessage } from './model';
import { readReply, readText } from './reply-text';
import type { LogSink } from './sink';

/**
 * Exchange's CSV logs. A `#Fields:` header names the columns. Message tracking logs (MSGTRK*.LOG:
 * event-id RECEIVE, SEND, DELIVER, FAIL, DEFER, DSN ...) become messages grouped by Message-ID; SMTP
 * protocol logs (session-id, sequence-number, event `<`/`>`) are SMTP dialogue for the transcript
 * readers, and a refusal in them whose command the log does not show is a refusal of the client.
 */

/** The columns of an SMTP protocol log, in the order Exchange writes them (for rows with no header above). */
const DEFAULT_PROTOCOL = 'date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context';

/** Replies RFC 4954 (§4, §6) defines as answers to AUTH alone: their command is known even when the log lacks it. */
const AUTH_ONLY_REPLIES = new Set(['534', '535', '538']);

interface ProtocolColumns {
  session: number;
  remote: number;
  event: number;
  data: number;
}

function protocolColumns(names: readonly string[]): ProtocolColumns {
  return { session: names.indexOf('session-id'), remote: names.indexOf('remote-endpoint'), event: names.indexOf('event'), data: names.indexOf('data') };
}


/** The message tracking columns of Exchange 2013 and later, for a file whose header was cut off. */
const DEFAULT_TRACKING = 'date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version';

const MAX_FIELDS = 64;

interface TrackingColumns {
  time: number;
  clientHost: number;
  clientIp: number;
  serverHost: number;
  serverIp: number;
  event: number;
  internalId: number;
  messageId: number;
  recipients: number;
  status: number;
  bytes: number;
  sender: number;
}

function trackingColumns(names: readonly string[]): TrackingColumns {
  const at = (name: string): number => names.indexOf(name);
  return {
    time: at('date-time'), clientHost: at('client-hostname'), clientIp: at('client-ip'), serverHost: at('server-hostname'),
    serverIp: at('server-ip'), event: at('event-id'), internalId: at('internal-message-id'), messageId: at('message-id'),
    recipients: at('recipient-address'), status: at('recipient-status'), bytes: at('total-bytes'), sender: at('sender-address'),
  };
}

const EVENTS: Record<string, DeliveryStatus | 'received' | 'notification' | undefined> = {
  RECEIVE: 'received', SEND: 'sent', DELIVER: 'sent', FAIL: 'bounced', DEFER: 'deferred', DSN: 'notification',
};

export class ExchangeLog {
  private tracking?: TrackingColumns;
  private protocol = false;
  private protocolColumns = protocolColumns(DEFAULT_PROTOCOL.split(','));
  /**
   * Sessions of a protocol log in which the client's commands were seen (`<` rows) since they
   * connected; a session leaves it when it ends (`-`), so the set holds the sessions in progress.
   */
  private readonly commanded = new Set<string>();
  /** Where each field of the current row starts and ends (inside its quotes), reused from row to row. */
  private readonly starts = new Int32Array(MAX_FIELDS);
  private readonly ends = new Int32Array(MAX_FIELDS);
  private readonly quoted = new Uint8Array(MAX_FIELDS);
  private count = 0;

  /** A `#Fields:` line says which log this is; other `#` lines (#Software, #Date) say nothing we need. */
  header(line: string): boolean {
    if (!line.startsWith('#Fields: ')) return line.startsWith('#Software: Microsoft Exchange') || line.startsWith('#Log-type: ');
    const names = line.slice(9).split(',').map((n) => n.trim());
    this.protocol = names.includes('session-id') && names.includes('event');
    if (this.protocol) this.protocolColumns = protocolColumns(names);
    this.tracking = names.includes('event-id') ? trackingColumns(names) : undefined;
    return true;
  }

  /** A row of an SMTP protocol log: SMTP dialogue, which the transcript readers read. */
  isDialogue(line: string, at: number): boolean {
    if (this.tracking) return false;
    if (this.protocol) return true;
    // No header: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,...
    this.scan(line, at);
    if (this.count < 8) return false;
    const event = this.ends[6] - this.starts[6] === 1 ? line[this.starts[6]] : '';
    return event !== '' && '<>+-*'.includes(event) && /^\d*$/.test(this.value(line, 3));
  }

  /**
   * A row of an SMTP protocol log, after isDialogue said it is one. A Receive connector's log writes
   * Exchange's own replies as `>` rows: a 4xx or 5xx there refuses the client at remote-endpoint.
   * When the session's commands are in the log the dialogue pairs the reply with its command and the
   * transcript rules report it; when they are not (a log cut after the command, a sample of refusals
   * only), nothing would, so the row becomes a refusal of the client here.
   */
  readProtocolRow(line: string, lineNo: number, sink: LogSink): void {
    this.scan(line, 0);
    const columns = this.protocolColumns;
    const session = this.value(line, columns.session);
    const event = this.value(line, columns.event);
    if (event === '<') this.commanded.add(session);
    else if (event === '+' || event === '-') this.commanded.delete(session);
    if (event !== '>' || this.commanded.has(session) || columns.data < 0 || columns.data >= this.count) return;
    const at = this.starts[columns.data];
    const end = this.ends[columns.data];
    const first = line.charCodeAt(at);
    if (first !== 52 && first !== 53 /* 4 or 5 */) return;
    const refusal = sink.event('rejected', lineNo, at, end);
    if (!readReply(line, at, end, refusal) || refusal.code === undefined) return;
    refusal.markEnd = at + 3;
    refusal.command = AUTH_ONLY_REPLIES.has(refusal.code) ? 'AUTH' : undefined;
    const peer = endpointAddress(this.value(line, columns.remote));
    if (peer !== '') refusal.peer = `[${peer}]`;
    sink.reject(refusal);
  }

  /** A message tracking row: an event of the message its Message-ID names. Returns false for other rows. */
  readRow(line: string, lineNo: number, builder: LogSink): boolean {
    this.scan(line, 0);
    let columns = this.tracking;
    if (!columns) {
      if (this.count < 20) return false;
      columns = this.tracking = trackingColumns(DEFAULT_TRACKING.split(','));
    }
    const kind = this.value(line, columns.event);
    if (!/^[A-Z]+$/.test(kind)) return false;
    let idColumn = columns.messageId;
    let id = this.value(line, idColumn);
    if (id === '') {
      idColumn = columns.internalId;
      id = this.value(line, idColumn);
    }
    if (id === '') return true;
    const message = builder.message(id, 'exchange', lineNo, this.starts[idColumn]);
    const sender = this.value(line, columns.sender);
    if (sender !== '' && message.sender === undefined) message.sender = sender;
    const what = EVENTS[kind];
    if (!what) return true;
    const markAt = this.starts[columns.event];
    const markEnd = this.ends[columns.event];
    if (what === 'received') {
      const event = builder.event('received', lineNo, markAt, markEnd);
      event.peer = this.value(line, columns.clientHost) || this.value(line, columns.clientIp) || undefined;
      event.sender = sender;
      if (event.peer) message.client = event.peer;
      const bytes = Number(this.value(line, columns.bytes));
      if (bytes > 0) message.size = bytes;
      builder.add(message, event);
      return true;
    }
    if (what === 'notification') {
      builder.add(message, builder.event('notification', lineNo, markAt, markEnd));
      return true;
    }
    this.readDeliveries(line, lineNo, what, columns, markAt, markEnd, message, builder);
    return true;
  }

  /** One event per recipient of "a@x;b@y", each with the row's recipient-status. */
  private readDeliveries(line: string, lineNo: number, status: DeliveryStatus, columns: TrackingColumns, markAt: number, markEnd: number,
    message: LogMessage, builder: LogSink): void {
    const statusStart = columns.status >= 0 && columns.status < this.count ? this.starts[columns.status] : -1;
    const statusEnd = statusStart >= 0 ? this.ends[columns.status] : -1;
    const peer = status === 'sent' || status === 'deferred' || status === 'bounced'
      ? this.value(line, columns.serverHost) || this.value(line, columns.serverIp) : '';
    const from = columns.recipients >= 0 && columns.recipients < this.count ? this.starts[columns.recipients] : -1;
    const to = from >= 0 ? this.ends[columns.recipients] : -1;
    let pos = from;
    while (pos >= 0 && pos < to) {
      const semi = line.indexOf(';', pos);
      const end = semi < 0 || semi > to ? to : semi;
      if (end > pos) {
        const event: LogEvent = builder.event('delivery', lineNo, markAt, markEnd);
        event.recipient = line.slice(pos, end);
        event.recipientAt = pos;
        if (peer) event.peer = peer;
        if (statusStart >= 0) this.readStatus(line, statusStart, statusEnd, event);
        event.status = status === 'bounced' && isExpiry(event) ? 'expired' : status;
        builder.add(message, event);
      }
      pos = end + 1;
    }
  }

  /** "550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found", or "{[{LRT=...};{LED=451 4.4.0 ...};...]}". */
  private readStatus(line: string, start: number, end: number, event: LogEvent): void {
    const led = line.indexOf('LED=', start);
    const at = led >= 0 && led < end ? led + 4 : start;
    const close = led >= 0 && led < end ? line.indexOf('}', at) : -1;
    const stop = close >= 0 && close < end ? close : end;
    if (!readReply(line, at, stop, event)) readText(line, start, end, event);
  }

  /** Splits the row into fields (quotes with doubled "" inside), recording where each one's text lies. */
  private scan(line: string, at: number): void {
    let count = 0;
    let pos = at;
    const n = line.length;
    while (count < MAX_FIELDS) {
      if (line.charCodeAt(pos) === 34 /* " */) {
        let i = pos + 1;
        for (;;) {
          const q = line.indexOf('"', i);
          if (q < 0) {
            i = n;
            break;
          }
          if (line.charCodeAt(q + 1) === 34) {
            i = q + 2;
            continue;
          }
          i = q;
          break;
        }
        this.starts[count] = pos + 1;
        this.ends[count] = i;
        this.quoted[count] = 1;
        count++;
        const comma = line.indexOf(',', i);
        if (comma < 0) break;
        pos = comma + 1;
      } else {
        const comma = line.indexOf(',', pos);
        this.starts[count] = pos;
        this.ends[count] = comma < 0 ? n : comma;
        this.quoted[count] = 0;
        count++;
        if (comma < 0) break;
        pos = comma + 1;
      }
    }
    this.count = count;
  }

  private value(line: string, column: number): string {
    if (column < 0 || column >= this.count) return '';
    const text = line.slice(this.starts[column], this.ends[column]);
    return this.quoted[column] ? text.replace(/""/g, '"') : text;
  }
}

/** The address of an endpoint as Exchange writes it ("192.0.2.7:53722", "[2001:db8::7]:25"), without its port. */
function endpointAddress(endpoint: string): string {
  if (endpoint.startsWith('[')) {
    const close = endpoint.indexOf(']');
    return close < 0 ? endpoint.slice(1) : endpoint.slice(1, close);
  }
  const colon = endpoint.lastIndexOf(':');
  return colon < 0 ? endpoint : endpoint.slice(0, colon);
}

/** A failure because the message waited too long: X.4.7 "Delivery time expired" (RFC 3463). */
function isExpiry(event: LogEvent): boolean {
  return /^[45]\.4\.7$/.test(event.enhanced ?? '') || /\bexpired\b/i.test(event.text ?? '');
}
