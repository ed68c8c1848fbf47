import type { Catalog, Language } from '../catalog';
import { eventMeaning, readableText } from '../analyze/log/describe';
import { readPostfix, readRejectionColumns, rejectionColumns } from '../parse/log/postfix';
import type { LogEvent, LogFormat, LogMessage } from '../parse/log/model';
import { emptyPrefix, isProgram, PostfixPrefixReader, readPrefix, type LinePrefix } from '../parse/log/prefix';
import { LogSink } from '../parse/log/sink';
import { LineRanges, LogStream, type LogStreamListener } from '../parse/log/stream';
import type { AddressRow, DelaySplit, LogReport, ProgramMessage, ReasonRow, ReportTotals, SlowDelivery, TrafficRow } from './model';
import { detached } from './detached';
import { BATCH_FIELDS, BATCH_SCAN, NOT_IN_PLACE, type LineBatch } from './line-batch';
import { ClientDomains, lowerDomain, PostfixTally } from './postfix-totals';

/** Rows of each list in the report. */
export const TOP = 20;
/** Lines kept per row, for opening them in the editor. */
const LINES_PER_ROW = 10;
/** Slowest deliveries kept. */
const SLOWEST = 20;
/** Past this many open smtpd connections (a log cut in the middle of a flood) the oldest are forgotten. */
const MAX_CONNECTIONS = 100_000;

interface ReasonTally extends Omit<ReasonRow, 'domains'> {
  domains: Map<string, number>;
}

interface Traffic {
  received: number;
  delivered: number;
  deferred: number;
  bounced: number;
  rejected: number;
}

type TrafficKind = keyof Traffic;

/** Where the clock of a line stands, worked out once per line from its prefix. */
interface Clock {
  day: string;
  hour: number;
  seconds: number;
}

function emptyTraffic(): Traffic {
  return { received: 0, delivered: 0, deferred: 0, bounced: 0, rejected: 0 };
}

function addTo(map: Map<string, { count: number; bytes: number }>, key: string, bytes: number): void {
  const row = map.get(key);
  if (row) {
    row.count++;
    row.bytes += bytes;
  } else map.set(detached(key), { count: 1, bytes });
}

/** One more line on a reason row: its count, its first lines, its domain (a new domain's string copied, see detached). */
function countOn(row: ReasonTally, line: number, domain: string): void {
  row.count++;
  if (row.lines.length < LINES_PER_ROW) row.lines.push(line);
  const seen = row.domains.get(domain);
  row.domains.set(seen === undefined ? detached(domain) : domain, (seen ?? 0) + 1);
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at >= 0 ? address.slice(at + 1).toLowerCase() : '(local)';
}

/** "<bob@example.org>: Recipient address rejected" -> "<>: Recipient address rejected": one row for one reason. */
export function reasonKey(text: string): string {
  const readable = readableText(text)
    .replace(/<[^<>\s]*>/g, '<>')
    .replace(/\b(?:queued as|id=|ID:?) ?[A-Za-z0-9._-]{6,}/g, (m) => m.replace(/[A-Za-z0-9._-]{6,}$/, '…'))
    .replace(/\[(?:\d{1,3}\.){3}\d{1,3}\]/g, '[…]');
  return readable.length > 160 ? `${readable.slice(0, 157)}...` : readable;
}

/**
 * What the readers say of the one Postfix line a report reads in full (a refusal, a failed or slow
 * delivery, an expiry): its events, on a message object of its own.
 */
class LineEvents extends LogSink {
  readonly detailed = true;
  readonly events: Array<{ message: LogMessage | undefined; event: LogEvent }> = [];
  private current?: LogMessage;

  counted(): void {
    // The report counts Postfix's lines itself.
  }

  messageAt(text: string, start: number, end: number, format: LogFormat): LogMessage {
    this.current ??= { id: text.slice(start, end), format, lines: [], columns: [], events: [], recipients: [], removed: false };
    return this.current;
  }

  existing(): LogMessage | undefined {
    return this.current;
  }

  reject(event: LogEvent, message?: LogMessage): void {
    this.events.push({ message, event });
  }

  override add(message: LogMessage, event: LogEvent): void {
    super.add(message, event);
    this.events.push({ message, event });
  }

  protected keepsEvents(): boolean {
    return false;
  }

  protected settled(): void {
    // Nothing outlives the line.
  }

  read(line: string, lineNo: number, prefix: LinePrefix): void {
    this.events.length = 0;
    this.current = undefined;
    this.startLine(line, 0, prefix.timeStart, prefix.timeEnd);
    readPostfix(line, lineNo, prefix.body, this);
  }
}

/**
 * Builds a LogReport from pieces of a log's text. Lines of Postfix's programs are counted by
 * pflogsumm's rules (PostfixTally) and read in full only when they carry a problem or a slow
 * delivery; the other formats' lines go through a LogStream, their totals from its events.
 */
export class ReportBuilder implements LogStreamListener {
  private readonly tally: PostfixTally;
  private readonly stream: LogStream;
  private readonly splitter = new LineRanges((text, start, end) => this.readRange(text, start, end));
  private readonly prefix = emptyPrefix();
  private readonly postfixPrefix = new PostfixPrefixReader();
  private readonly clientDomains = new ClientDomains();
  private readonly lineEvents = new LineEvents();
  private lineNo = 0;
  private postfixLines = 0;
  private readonly sources: Array<{ name: string; firstLine: number }> = [];
  private readonly other: ReportTotals = {
    received: 0, delivered: 0, forwarded: 0, deferred: 0, deferrals: 0, bounced: 0, rejected: 0, rejectWarnings: 0, expired: 0,
    held: 0, discarded: 0, bytesReceived: 0, bytesDelivered: 0, senders: 0, recipients: 0, sendingHostsDomains: 0, recipientHostsDomains: 0,
  };
  private expired = 0;
  private readonly senders = new Map<string, { count: number; bytes: number }>();
  private readonly recipients = new Map<string, { count: number; bytes: number }>();
  private readonly sendingDomains = new Map<string, { count: number; bytes: number }>();
  private readonly recipientDomains = new Map<string, { count: number; bytes: number }>();
  private readonly perDay = new Map<string, Traffic>();
  private readonly perHour: Traffic[] = Array.from({ length: 24 }, emptyTraffic);
  private readonly programMessages = { warning: new Map<string, ProgramMessage>(), fatal: new Map<string, ProgramMessage>(), panic: new Map<string, ProgramMessage>() };
  private readonly reasons = { bounced: new Map<string, ReasonTally>(), expired: new Map<string, ReasonTally>(), deferred: new Map<string, ReasonTally>(), rejected: new Map<string, ReasonTally>() };
  private readonly sasl = new Map<string, { count: number; lines: number[] }>();
  /** Open smtpd connections by process id (a number: no string to cut and hash per line), with the program that logged them. */
  private readonly connectionsOpen = new Map<number, { program: string; day: string; seconds: number; host: string }>();
  private readonly connectionsByHost = new Map<string, { connections: number; totalSeconds: number; longestSeconds: number }>();
  private connectionCount = 0;
  private connectionSeconds = 0;
  private connectionLongest = 0;
  private slowest: SlowDelivery[] = [];
  private readonly reasonKeys = new Map<string, string>();
  /** The reason row of a deferred or bounced line by its words from dsn= (or status=) to its end, of a refusal by its command and reply. */
  private readonly problemRowKeys = new Map<string, string>();
  /** The kind and key of each reason row counted while a line is read in full (kind, key, kind, key...). */
  private readonly reasonRows: string[] = [];
  private keepReasonRows = false;
  private readonly refusalColumns = rejectionColumns();
  /** Events the stream's readers added on the current line, handled once the line is seen whole. */
  private readonly pending: Array<{ message: LogMessage | undefined; event: LogEvent }> = [];
  private first?: string;
  /** The text of the last line with a timestamp (the line, or the piece it is in) and its timestamp's columns there. */
  private lastLine = '';
  private lastTimeStart = -1;
  private lastTimeEnd = -1;
  private readonly clock: Clock = { day: '', hour: -1, seconds: 0 };
  private clockRead = false;
  /** The first colon of the current line's timestamp when it is known without a search, else -1. */
  private clockColon = -1;
  private lastDayRaw = '';
  private lastProgram = '';
  private currentLine = 0;

  constructor(private readonly catalog: Catalog, private readonly lang: Language) {
    this.stream = new LogStream(this);
    this.tally = new PostfixTally({
      sender: (address, domain, size) => {
        addTo(this.senders, address, size);
        addTo(this.sendingDomains, domain, size);
      },
      recipient: (address, domain, size) => {
        addTo(this.recipients, address, size);
        addTo(this.recipientDomains, domain, size);
      },
      warning: (program, level, text) => this.programMessage(program, level, text),
    }, this.clientDomains);
  }

  /** A new input starts (the line in progress ends). */
  startSource(name: string): void {
    this.splitter.flush();
    this.sources.push({ name, firstLine: this.lineNo });
  }

  /** The next piece of the text. */
  push(text: string): void {
    this.splitter.push(text);
  }

  event(message: LogMessage, event: LogEvent): void {
    this.pending.push({ message, event });
  }

  rejection(event: LogEvent, message: LogMessage | undefined): void {
    this.pending.push({ message, event });
  }

  /** A line the stream read (any format but Postfix's own "postfix/" lines). */
  line(line: string, prefix: LinePrefix): void {
    // A line with no tag is a Postfix message part ("4E7461: to=<...>") unless another format's reader knew it (Kerio, Domino).
    const format = this.stream.lineFormat;
    const postfix = isProgram(line, prefix, 'postfix') || (prefix.programEnd === prefix.programStart && !prefix.eximTime && !prefix.csv && (format === undefined || format === 'postfix'));
    for (const { message, event } of this.pending) this.handle(line, message, event, postfix, prefix);
    this.pending.length = 0;
  }

  /**
   * The line from `start` to `end` of `text`. The commonest Postfix lines are read in place (no
   * string cut per line); any other line is cut out and read by readPrefix and the readers.
   */
  private readRange(text: string, start: number, end: number): void {
    if (!this.postfixPrefix.read(text, start, end, this.prefix)) {
      this.readLine(start === 0 && end === text.length ? text : text.slice(start, end));
      return;
    }
    this.readInPlace(text, start, end);
  }

  /**
   * Lines cut and their prefixes read elsewhere (LineBatcher, on another thread): each read as
   * readRange reads it, in the batch's order. Batches come in the order of the text, with
   * `startSource` between the inputs' batches.
   */
  readBatch(batch: LineBatch): void {
    const { texts, rows, count } = batch;
    const prefix = this.prefix;
    for (let i = 0, at = 0; i < count; i++, at += BATCH_FIELDS) {
      const text = texts[rows[at]];
      const start = rows[at + 1];
      const end = rows[at + 2];
      const timeStart = rows[at + 3];
      if (timeStart === NOT_IN_PLACE) {
        this.readLine(start === 0 && end === text.length ? text : text.slice(start, end));
        continue;
      }
      prefix.timeStart = timeStart;
      prefix.timeEnd = rows[at + 4];
      prefix.programStart = rows[at + 5];
      prefix.programEnd = rows[at + 6];
      prefix.body = rows[at + 7];
      prefix.eximTime = false;
      prefix.csv = false;
      this.readInPlace(text, start, end, rows, at + BATCH_SCAN);
    }
  }

  /**
   * A line from `start` to `end` of `text` whose Postfix prefix was read in place into `this.prefix`,
   * and what the tally counts in it when `scan` has it (from `scanAt`).
   */
  private readInPlace(text: string, start: number, end: number, scan?: Int32Array, scanAt = 0): void {
    const prefix = this.prefix;
    const lineNo = this.lineNo++;
    this.currentLine = lineNo;
    this.clockRead = false;
    this.clockColon = prefix.timeEnd - 6;
    if (this.first === undefined) this.first = detached(text.slice(prefix.timeStart, prefix.timeEnd));
    this.lastLine = text;
    this.lastTimeStart = prefix.timeStart;
    this.lastTimeEnd = prefix.timeEnd;
    this.postfixLine(text, start, end, lineNo, prefix, scan, scanAt);
  }

  private readLine(line: string): void {
    const lineNo = this.lineNo++;
    if (line.length === 0) return;
    if (line.charCodeAt(0) === 35 /* # */) {
      this.stream.header(line);
      return;
    }
    const prefix = this.prefix;
    readPrefix(line, prefix);
    this.currentLine = lineNo;
    this.clockRead = false;
    this.clockColon = -1;
    if (prefix.timeStart >= 0) {
      if (this.first === undefined) this.first = detached(line.slice(prefix.timeStart, prefix.timeEnd));
      this.lastLine = line;
      this.lastTimeStart = prefix.timeStart;
      this.lastTimeEnd = prefix.timeEnd;
    }
    if (!isProgram(line, prefix, 'postfix/')) {
      this.stream.read(line, lineNo, prefix);
      return;
    }
    this.postfixLine(line, 0, line.length, lineNo, prefix);
  }

  /**
   * A line of a "postfix/" program, from `start` to `end` of `text`, its prefix's columns counted in
   * `text`; what the tally counts in it read already when `scan` has it (from `scanAt`).
   */
  private postfixLine(text: string, start: number, end: number, lineNo: number, prefix: LinePrefix, scan?: Int32Array, scanAt = 0): void {
    this.postfixLines++;
    const kind = scan ? this.tally.scanned(text, prefix, end, scan, scanAt) : this.tally.line(text, prefix, end);
    if (kind === undefined) return;
    switch (kind) {
      case 'connect':
      case 'disconnect':
        this.connection(text, end, prefix, kind === 'connect');
        return;
      case 'delivered':
        this.traffic(text, prefix, kind);
        // Read in full only when it is among the slowest so far.
        if (this.tally.lastDelay > (this.slowest.length < SLOWEST ? -1 : this.slowest[SLOWEST - 1].delay)) this.readPostfixLine(text, start, end, lineNo, prefix);
        return;
      case 'received':
        this.traffic(text, prefix, kind);
        return;
      case 'deferred':
      case 'bounced':
        this.traffic(text, prefix, kind);
        if (!this.repeatedProblem(text, start, end, lineNo, prefix, kind)) this.readPostfixLine(text, start, end, lineNo, prefix);
        return;
      case 'rejected':
        this.traffic(text, prefix, kind);
        if (!this.repeatedRefusal(text, start, end, lineNo, prefix)) this.readPostfixLine(text, start, end, lineNo, prefix);
        return;
      case 'expired':
        if (!this.repeatedProblem(text, start, end, lineNo, prefix, kind)) this.readPostfixLine(text, start, end, lineNo, prefix);
        return;
      default:
        return;
    }
  }

  /**
   * A deferred, bounced or expired delivery whose reason (dsn= to the line's end) a line before had
   * word for word: counted on that line's reason row without reading the line again, when it is no
   * slowest delivery either. False when the line must be read in full (then its reason is kept for the next).
   */
  private repeatedProblem(text: string, start: number, end: number, lineNo: number, prefix: LinePrefix, kind: 'deferred' | 'bounced' | 'expired'): boolean {
    const tally = this.tally;
    const reasonAt = tally.lastReasonAt;
    if (reasonAt < 0) return false;
    const slowest = this.slowest;
    // Below the slowest kept by more than a rounding: slow() would not keep it (delay= is read the same way
    // there). An expiry is never among them.
    if (kind !== 'expired' && !(slowest.length >= SLOWEST && tally.lastDelay >= 0 && tally.lastDelay < slowest[SLOWEST - 1].delay * (1 - 1e-9))) return false;
    const reason = text.slice(reasonAt, end);
    const rowKey = this.problemRowKeys.get(reason);
    const row = rowKey === undefined ? undefined : this.reasons[kind].get(rowKey);
    if (!row) {
      this.readCountingRow(text, start, end, lineNo, prefix, kind, reason);
      return true;
    }
    if (kind === 'expired') this.expired++;
    // domainOf(recipient), the recipient read where it stands.
    let at = tally.lastRecipientEnd - 1;
    while (at >= tally.lastRecipientStart && text.charCodeAt(at) !== 64 /* @ */) at--;
    countOn(row, lineNo, at >= tally.lastRecipientStart ? text.slice(at + 1, tally.lastRecipientEnd).toLowerCase() : '(local)');
    return true;
  }

  /**
   * An smtpd refusal ("NOQUEUE: reject: RCPT from host[ip]: 550 ...; from=<a> ...") whose command
   * and reply a line before had word for word: counted on that line's reason row by its client's
   * domain without reading it again. False when the line must be read in full (its reason is then kept).
   */
  private repeatedRefusal(text: string, start: number, end: number, lineNo: number, prefix: LinePrefix): boolean {
    const body = prefix.body;
    const parts = this.refusalColumns;
    if (!text.startsWith('NOQUEUE: ', body)) return false;
    // A string of the line (a view of the piece, nothing copied): the refusal's fields are looked for back from its end.
    const line = start === 0 && end === text.length ? text : text.slice(start, end);
    if (!readRejectionColumns(line, body + 9 - start, parts)) return false;
    const reason = `${line.slice(parts.verbAt, parts.verbEnd)}\n${line.slice(parts.reasonAt, parts.reasonEnd)}`;
    const rowKey = this.problemRowKeys.get(reason);
    const row = rowKey === undefined ? undefined : this.reasons.rejected.get(rowKey);
    if (!row) {
      this.readCountingRow(text, start, end, lineNo, prefix, 'rejected', reason);
      return true;
    }
    countOn(row, lineNo, parts.peerEnd > parts.peerAt ? this.clientDomains.of(line.slice(parts.peerAt, parts.peerEnd)) : '?');
    return true;
  }

  /** Reads a line in full; when it counted one reason row of `kind`, keeps that row for lines with the same `reason`. */
  private readCountingRow(text: string, start: number, end: number, lineNo: number, prefix: LinePrefix, kind: string, reason: string): void {
    this.keepReasonRows = true;
    this.readPostfixLine(text, start, end, lineNo, prefix);
    this.keepReasonRows = false;
    const counted = this.reasonRows;
    if (counted.length === 2 && counted[0] === kind) {
      if (this.problemRowKeys.size >= 10_000) this.problemRowKeys.clear();
      this.problemRowKeys.set(detached(reason), detached(counted[1]));
    }
    counted.length = 0;
  }

  /** A Postfix line read in full by the readers: cut out of the piece first when it is read in place. */
  private readPostfixLine(text: string, start: number, end: number, lineNo: number, prefix: LinePrefix): void {
    let line = text;
    if (start !== 0 || end !== text.length) {
      line = text.slice(start, end);
      shiftPrefix(prefix, -start);
      if (this.clockColon >= 0) this.clockColon -= start;
    }
    const reader = this.lineEvents;
    reader.read(line, lineNo, prefix);
    for (const { message, event } of reader.events) this.handle(line, message, event, true, prefix);
  }

  /** Ends the report. */
  finish(): LogReport {
    this.splitter.flush();
    this.stream.end();
    const sources = this.sources;
    const lines = this.lineNo;
    const formats = this.stream.formats();
    if (this.postfixLines > 0 && !formats.includes('postfix')) formats.unshift('postfix');
    const last = this.lastTimeStart >= 0 ? this.lastLine.slice(this.lastTimeStart, this.lastTimeEnd) : undefined;
    const p = this.tally.counts;
    const o = this.other;
    const totals: ReportTotals = {
      received: p.received + o.received,
      delivered: p.delivered + o.delivered,
      forwarded: p.forwarded,
      deferred: p.deferred + o.deferred,
      deferrals: p.deferrals + o.deferrals,
      bounced: p.bounced + o.bounced,
      rejected: p.rejected + o.rejected,
      rejectWarnings: p.rejectWarnings,
      expired: this.expired,
      held: p.held,
      discarded: p.discarded + o.discarded,
      bytesReceived: p.bytesReceived + o.bytesReceived,
      bytesDelivered: p.bytesDelivered + o.bytesDelivered,
      senders: this.senders.size,
      recipients: this.recipients.size,
      sendingHostsDomains: this.sendingDomains.size,
      recipientHostsDomains: this.recipientDomains.size,
    };
    const rows = (map: Map<string, { count: number; bytes: number }>, by: 'count' | 'bytes'): AddressRow[] =>
      [...map].map(([address, r]) => ({ address, count: r.count, bytes: r.bytes }))
        .sort((a, b) => b[by] - a[by] || b.count - a.count || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)).slice(0, TOP);
    const programRows = (map: Map<string, ProgramMessage>): ProgramMessage[] => [...map.values()].sort((a, b) => b.count - a.count).slice(0, TOP * 5);
    const reasonRows = (map: Map<string, ReasonTally>): ReasonRow[] => [...map.values()]
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
      .map((r) => ({ ...r, domains: [...r.domains].map(([domain, count]) => ({ domain, count })).sort((a, b) => b.count - a.count || a.domain.localeCompare(b.domain)).slice(0, TOP) }));
    const traffic = (period: string, t: Traffic): TrafficRow => ({ period, ...t });
    const byDomain = new Map<string, { connections: number; totalSeconds: number; longestSeconds: number }>();
    for (const [client, h] of this.connectionsByHost) {
      const domain = this.clientDomains.of(client);
      const row = byDomain.get(domain);
      if (!row) byDomain.set(domain, { ...h });
      else {
        row.connections += h.connections;
        row.totalSeconds += h.totalSeconds;
        row.longestSeconds = Math.max(row.longestSeconds, h.longestSeconds);
      }
    }
    const hosts = [...byDomain].map(([host, h]) => ({ host, ...h }));
    return {
      formats,
      sources: sources.map((s) => ({ name: s.name, firstLine: s.firstLine })),
      lines,
      first: this.first,
      last,
      totals,
      problems: {
        panics: programRows(this.programMessages.panic),
        fatals: programRows(this.programMessages.fatal),
        warnings: programRows(this.programMessages.warning),
        bounces: reasonRows(this.reasons.bounced),
        expiries: reasonRows(this.reasons.expired),
        deferrals: reasonRows(this.reasons.deferred),
        rejections: reasonRows(this.reasons.rejected),
        saslFailures: [...this.sasl].map(([client, s]) => ({ client, ...s })).sort((a, b) => b.count - a.count || a.client.localeCompare(b.client)).slice(0, TOP * 5),
      },
      perDay: [...this.perDay].map(([day, t]) => traffic(day, t)),
      perHour: this.perHour.map((t, hour) => traffic(String(hour).padStart(2, '0'), t)),
      senders: { byCount: rows(this.senders, 'count'), bySize: rows(this.senders, 'bytes') },
      recipients: { byCount: rows(this.recipients, 'count'), bySize: rows(this.recipients, 'bytes') },
      sendingDomains: rows(this.sendingDomains, 'count'),
      recipientDomains: rows(this.recipientDomains, 'count'),
      connections: {
        connections: this.connectionCount,
        hostsDomains: hosts.length,
        totalSeconds: this.connectionSeconds,
        averageSeconds: this.connectionCount > 0 ? this.connectionSeconds / this.connectionCount : 0,
        longestSeconds: this.connectionLongest,
        byHost: hosts.sort((a, b) => b.connections - a.connections || a.host.localeCompare(b.host)).slice(0, TOP),
      },
      slowestDeliveries: this.slowest,
    };
  }

  /** The day, hour and second of day of the current line; false when it has no timestamp or its clock cannot be found. */
  private readClock(line: string, prefix: LinePrefix): boolean {
    if (this.clockRead) return this.clock.hour >= 0;
    this.clockRead = true;
    this.clock.hour = -1;
    if (prefix.timeStart < 0) return false;
    // The prefix read in place has checked "HH:MM:SS" at the end of a timestamp with no colon before it.
    const colon = this.clockColon >= 0 ? this.clockColon : line.indexOf(':', prefix.timeStart);
    if (colon < 2 || colon + 6 > prefix.timeEnd) return false;
    const d = (at: number): number => (line.charCodeAt(at) - 48) * 10 + line.charCodeAt(at + 1) - 48;
    const hour = d(colon - 2);
    if (!(hour >= 0 && hour < 24)) return false;
    const clock = this.clock;
    clock.hour = hour;
    clock.seconds = hour * 3600 + d(colon + 1) * 60 + d(colon + 4);
    const dayEnd = colon - 3;
    const raw = this.lastDayRaw;
    if (!(raw.length === dayEnd - prefix.timeStart && line.startsWith(raw, prefix.timeStart))) {
      this.lastDayRaw = line.slice(prefix.timeStart, dayEnd);
      clock.day = this.lastDayRaw.replace(/ +/g, ' ');
    }
    return true;
  }

  private traffic(line: string, prefix: LinePrefix, kind: TrafficKind, count = 1): void {
    if (!this.readClock(line, prefix)) return;
    let day = this.perDay.get(this.clock.day);
    if (!day) this.perDay.set(this.clock.day, day = emptyTraffic());
    const hour = this.perHour[this.clock.hour];
    // A count taken back (count -1) is taken from the hour the line is in, never below none.
    day[kind] = Math.max(0, day[kind] + count);
    hour[kind] = Math.max(0, hour[kind] + count);
  }

  /** The program of the line's tag, the string of the line before when it is the same ("postfix/smtpd" is not cut out again and again). */
  private programName(line: string, prefix: LinePrefix): string {
    const last = this.lastProgram;
    if (isProgram(line, prefix, last, true)) return last;
    return this.lastProgram = line.slice(prefix.programStart, prefix.programEnd);
  }

  private programMessage(program: string, level: 'warning' | 'fatal' | 'panic', text: string): void {
    const map = this.programMessages[level];
    const key = `${program}\u0000${text}`;
    const row = map.get(key);
    if (row) {
      row.count++;
      if (row.lines.length < LINES_PER_ROW) row.lines.push(this.currentLine);
    } else if (map.size < 10_000) map.set(detached(key), { program: detached(program), text: detached(text), count: 1, lines: [this.currentLine] });
    // "warning: unknown[192.0.2.7]: SASL LOGIN authentication failed: ..." is a failed login by that client.
    if (level === 'warning') {
      const sasl = text.indexOf(': SASL ');
      if (sasl > 0 && text.includes('authentication failed', sasl)) this.saslFailure(text.slice(0, sasl));
    }
  }

  private saslFailure(client: string): void {
    const row = this.sasl.get(client);
    if (row) {
      row.count++;
      if (row.lines.length < LINES_PER_ROW) row.lines.push(this.currentLine);
    } else this.sasl.set(detached(client), { count: 1, lines: [this.currentLine] });
  }

  /** smtpd's connect and disconnect lines (ending at `end` of `line`): how long clients stayed. */
  private connection(line: string, end: number, prefix: LinePrefix, connect: boolean): void {
    if (!this.readClock(line, prefix)) return;
    const body = prefix.body;
    const pid = processId(line, prefix);
    if (connect) {
      let hostEnd = line.indexOf(' ', body + 13);
      if (hostEnd < 0 || hostEnd > end) hostEnd = end;
      // The client as written; its domain is worked out once per client at the end.
      this.connectionsOpen.set(pid, {
        program: this.programName(line, prefix), day: this.clock.day, seconds: this.clock.seconds,
        host: line.slice(body + 13, hostEnd),
      });
      if (this.connectionsOpen.size > MAX_CONNECTIONS) this.connectionsOpen.delete(this.connectionsOpen.keys().next().value as number);
      return;
    }
    const open = this.connectionsOpen.get(pid);
    // The same process of the same program (postfix/smtpd and postfix/submission/smtpd are two).
    if (!open || !isProgram(line, prefix, open.program, true)) return;
    this.connectionsOpen.delete(pid);
    let seconds = this.clock.seconds - open.seconds;
    if (open.day !== this.clock.day || seconds < 0) seconds += 86400;
    this.connectionCount++;
    this.connectionSeconds += seconds;
    if (seconds > this.connectionLongest) this.connectionLongest = seconds;
    const host = this.connectionsByHost.get(open.host);
    if (host) {
      host.connections++;
      host.totalSeconds += seconds;
      if (seconds > host.longestSeconds) host.longestSeconds = seconds;
    } else if (this.connectionsByHost.size < 100_000) this.connectionsByHost.set(detached(open.host), { connections: 1, totalSeconds: seconds, longestSeconds: seconds });
  }

  private handle(line: string, message: LogMessage | undefined, event: LogEvent, postfix: boolean, prefix: LinePrefix): void {
    if (event.kind === 'rejected') {
      // A failed AUTH is a failed login, listed by client; Postfix logs those as warnings (counted there).
      if (event.command === 'AUTH' && !postfix) this.saslFailure(event.peer ?? '?');
      this.reason('rejected', event, event.peer ? this.clientDomains.of(event.peer) : '?');
      if (!postfix) {
        this.other.rejected++;
        this.traffic(line, prefix, 'rejected');
      }
      return;
    }
    if (!message) return;
    if (event.kind === 'expired') {
      this.expired++;
      // What the message was waiting for: the domain of its first deferral (Postfix), else its recipients' or its sender's.
      const waiting = postfix ? this.tally.deferredDomain(message.id) : undefined;
      this.reason('expired', event, waiting ?? domainOf(message.recipients.find((r) => r.status === 'expired')?.address ?? message.sender ?? ''));
      return;
    }
    if (event.kind === 'received' && !postfix) {
      this.other.received++;
      const size = message.size ?? 0;
      this.other.bytesReceived += size;
      const sender = message.sender === '' || message.sender === undefined ? '<>' : lowerDomain(message.sender);
      addTo(this.senders, sender, size);
      addTo(this.sendingDomains, sender.includes('@') ? domainOf(sender) : message.client ? this.clientDomains.of(message.client) : sender, size);
      this.traffic(line, prefix, 'received');
      return;
    }
    if (event.kind !== 'delivery' || !event.status) return;
    const recipient = event.recipient ?? '';
    if (event.status === 'expired') {
      // Exim's "retry timeout exceeded": the recipient's time ran out.
      this.expired++;
      this.reason('expired', event, domainOf(recipient));
      if (!postfix) {
        this.other.bounced++;
        this.traffic(line, prefix, 'bounced');
      }
      return;
    }
    if (event.status === 'sent') {
      if (postfix) {
        this.slow(line, message, event);
        return;
      }
      this.other.delivered++;
      const size = message.size ?? 0;
      this.other.bytesDelivered += size;
      const address = lowerDomain(recipient);
      addTo(this.recipients, address, size);
      addTo(this.recipientDomains, domainOf(address), size);
      this.traffic(line, prefix, 'delivered');
      this.slow(line, message, event);
      return;
    }
    if (event.status === 'discarded') {
      // Exim dropped a bounce that failed ("error ignored"): the ** line before counted a bounce that no one gets.
      this.other.discarded++;
      const deliveries = message.recipients.find((r) => r.address === recipient)?.deliveries ?? [];
      let failed: LogEvent | undefined;
      for (const e of deliveries) if (e.status === 'bounced') failed = e;
      if (failed && !postfix) {
        this.other.bounced--;
        this.forgetReason('bounced', failed, domainOf(recipient));
        this.traffic(line, prefix, 'bounced', -1);
      }
      return;
    }
    if (event.status === 'deferred' || event.status === 'bounced') {
      this.reason(event.status, event, domainOf(recipient));
      this.slow(line, message, event);
      if (postfix) return;
      if (event.status === 'bounced') this.other.bounced++;
      else {
        this.other.deferrals++;
        if (message.recipients.reduce((n, r) => n + r.deferrals, 0) === 1) this.other.deferred++;
      }
      this.traffic(line, prefix, event.status);
    }
  }

  private reasonRowKey(event: LogEvent, text: string): string {
    return `${event.code ?? ''}\u0000${event.enhanced ?? event.dsn ?? ''}\u0000${text}`;
  }

  /** Takes back what reason() counted for an event that turned out otherwise. */
  private forgetReason(kind: keyof ReportBuilder['reasons'], event: LogEvent, domain: string): void {
    const map = this.reasons[kind];
    const key = this.reasonRowKey(event, this.reasonKeyOf(event.text ?? ''));
    const row = map.get(key);
    if (!row) return;
    if (--row.count <= 0) {
      map.delete(key);
      return;
    }
    const at = row.lines.indexOf(event.line);
    if (at >= 0) row.lines.splice(at, 1);
    const left = (row.domains.get(domain) ?? 0) - 1;
    if (left > 0) row.domains.set(domain, left);
    else row.domains.delete(domain);
  }

  private reason(kind: keyof ReportBuilder['reasons'], event: LogEvent, domain: string): void {
    const map = this.reasons[kind];
    const text = this.reasonKeyOf(event.text ?? '');
    const key = this.reasonRowKey(event, text);
    let row = map.get(key);
    if (!row) {
      if (map.size >= 10_000) return;
      row = {
        reason: text, meaning: eventMeaning(event, this.catalog, this.lang), code: event.code, enhanced: event.enhanced ?? event.dsn,
        command: event.command, count: 0, domains: new Map(), lines: [],
      };
      map.set(detached(key), row);
    }
    if (this.keepReasonRows) this.reasonRows.push(kind, key);
    countOn(row, event.line, domain);
  }

  /** reasonKey, worked out once per distinct text: a busy log repeats its refusals and deferrals word for word. */
  private reasonKeyOf(text: string): string {
    let key = this.reasonKeys.get(text);
    if (key === undefined) {
      if (this.reasonKeys.size >= 10_000) this.reasonKeys.clear();
      key = detached(reasonKey(text));
      this.reasonKeys.set(detached(text), key);
    }
    return key;
  }

  /** Keeps the SLOWEST deliveries with the largest delay=. */
  private slow(line: string, message: LogMessage, event: LogEvent): void {
    const delay = event.delay;
    if (delay === undefined) return;
    const list = this.slowest;
    if (list.length >= SLOWEST && delay <= list[list.length - 1].delay) return;
    const entry: SlowDelivery = {
      queueId: detached(message.id), recipient: detached(event.recipient ?? ''), status: event.status ?? '', relay: event.peer === undefined ? undefined : detached(event.peer), delay,
      delays: delaySplit(line), time: event.time === undefined ? undefined : detached(event.time), line: event.line,
    };
    let i = list.length;
    while (i > 0 && list[i - 1].delay < delay) i--;
    list.splice(i, 0, entry);
    if (list.length > SLOWEST) list.length = SLOWEST;
  }
}

/** Moves a prefix's columns by `by` (a line read in place, then cut out of its piece). */
function shiftPrefix(prefix: LinePrefix, by: number): void {
  if (prefix.timeStart >= 0) {
    prefix.timeStart += by;
    prefix.timeEnd += by;
  }
  prefix.programStart += by;
  prefix.programEnd += by;
  prefix.body += by;
}

/** The process id of the line's tag ("postfix/smtpd[1000]:" -> 1000), or -1 when the tag has none. */
function processId(line: string, prefix: LinePrefix): number {
  let i = prefix.programEnd;
  if (line.charCodeAt(i) !== 91 /* [ */) return -1;
  let pid = 0;
  for (let c = line.charCodeAt(++i); c >= 48 && c <= 57; c = line.charCodeAt(++i)) pid = pid * 10 + (c - 48);
  return pid;
}

/** Postfix's ", delays=a/b/c/d," on a delivery line, or undefined. */
export function delaySplit(line: string): DelaySplit | undefined {
  const at = line.indexOf(', delays=');
  if (at < 0) return undefined;
  const end = line.indexOf(',', at + 9);
  const parts = line.slice(at + 9, end < 0 ? line.length : end).split('/').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return undefined;
  return { beforeQueueManager: parts[0], inQueueManager: parts[1], connection: parts[2], transmission: parts[3] };
}
