import { IntColumn } from './columns';
import type { LogEvent, LogEventKind, LogFormat, LogMessage } from './model';
import { EXPIRED_WHOLE_BIT, LogSink, STATUS_BIT } from './sink';

/** FNV-1a over the characters of [start, end): a key for an id that needs no slice of the line. */
function idHash(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** A column of the store: what a new entry holds, and whether its values fit in a byte (flags). */
interface ColumnSpec {
  fill: number;
  bytes: boolean;
}

/**
 * The columns the first pass keeps per line, described once: the builder makes, grows and finishes
 * them from this table, and MessageColumns has one typed array per entry.
 */
const LINE_COLUMNS = {
  /** Message index + 1 (0: the line names no message). */
  messageOf: { fill: 0, bytes: false },
  /** Where the message's id stands on the line. */
  columnOf: { fill: 0, bytes: false },
  /** The next line of the same message, or -1. */
  nextLine: { fill: -1, bytes: false },
  /** Where the line stands in the text. */
  lineStart: { fill: 0, bytes: false },
  lineLength: { fill: 0, bytes: false },
  /** 1 on a line with a delivery attempt or an expiry: the lines that say how recipients ended. */
  settles: { fill: 0, bytes: true },
} as const satisfies Record<string, ColumnSpec>;

/** The columns kept per message, in the order messages were first seen. */
const MESSAGE_COLUMNS = {
  firstLine: { fill: -1, bytes: false },
  lastLine: { fill: -1, bytes: false },
  /** STATUS_BIT and EXPIRED_WHOLE_BIT flags. */
  statuses: { fill: 0, bytes: true },
} as const satisfies Record<string, ColumnSpec>;

type Schema = Record<string, ColumnSpec>;
/** The columns of a schema as the builder grows them. */
type Growing<S extends Schema> = { [K in keyof S]: IntColumn };
/** The columns of a schema as a finished model keeps them. */
type Finished<S extends Schema> = { [K in keyof S]: S[K]['bytes'] extends true ? Uint8Array : Int32Array };

/** The entries of a schema, in a list made once (the builder goes through them per message and per growth). */
function specs(schema: Schema): Array<[string, ColumnSpec]> {
  return Object.entries(schema);
}

const LINE_SPECS = specs(LINE_COLUMNS);
const MESSAGE_SPECS = specs(MESSAGE_COLUMNS);

function growing<S extends Schema>(schema: S, capacity: number): Growing<S> {
  return Object.fromEntries(Object.keys(schema).map((name) => [name, new IntColumn(capacity)])) as Growing<S>;
}

function finished<S extends Schema>(schema: S, columns: Growing<S>): Finished<S> {
  return Object.fromEntries(Object.entries(schema).map(([name, spec]) => [name, spec.bytes ? columns[name].finishBytes() : columns[name].finish()])) as Finished<S>;
}

/** Makes every column `length` long, new entries holding the column's fill. */
function resizeAll(entries: ReadonlyArray<[string, ColumnSpec]>, columns: Record<string, IntColumn>, length: number): void {
  for (const [name, spec] of entries) columns[name].resize(length, spec.fill);
}

/** A new entry at the end of every column, holding the column's fill. */
function pushAll(entries: ReadonlyArray<[string, ColumnSpec]>, columns: Record<string, IntColumn>): void {
  for (const [name, spec] of entries) columns[name].push(spec.fill);
}

/**
 * What the first pass keeps of a log's messages: per message its id, format and the columns of
 * MESSAGE_COLUMNS; per line those of LINE_COLUMNS. Exchange messages are kept whole (their rows
 * need the header above them to be read again, and Exchange logs are small).
 */
export type MessageColumns = Finished<typeof LINE_COLUMNS> & Finished<typeof MESSAGE_COLUMNS> & {
  ids: string[];
  formats: LogFormat[];
  whole: Map<number, LogMessage>;
};

/**
 * The first pass over a log: messages by id, the lines of each in columns, and the rejections
 * (kept as objects: every one of them is a finding). A message's object lives only while the
 * message is in the queue, so that a day of log leaves a few typed arrays behind, not a million
 * objects; a feature that wants a message reads its lines again (MessageTable.at).
 */
export class LogBuilder extends LogSink {
  readonly detailed = false;
  readonly rejections: LogEvent[] = [];
  private readonly ids: string[] = [];
  private readonly formatOf: LogFormat[] = [];
  private readonly perMessage = growing(MESSAGE_COLUMNS, 1024);
  private readonly perLine: Growing<typeof LINE_COLUMNS>;
  /** Messages still in the queue, by index (undefined once gone): the objects the readers fill in. */
  private readonly open: Array<LogMessage | undefined> = [];
  private readonly whole = new Map<number, LogMessage>();
  /**
   * The current message index for each id, by a hash of the id so that finding it takes no slice of
   * the line (a Postfix short id is reused once its message has left the queue). Ids whose hash
   * another id holds already go by name in `collided`.
   */
  private readonly byHash = new Map<number, number>();
  private readonly collided = new Map<string, number>();
  /** Lines read per format, and the formats in the order first seen (which breaks ties between counts). */
  private readonly formatLines: Record<LogFormat, number> = { postfix: 0, exim: 0, sendmail: 0, exchange: 0, kerio: 0, domino: 0, zimbra: 0, zeek: 0 };
  private readonly formatsSeen: LogFormat[] = [];
  /** The message the last line named: it may have left the queue on that line. */
  private touched = -1;
  /** The message `find` found or opened last. */
  private lastFound = -1;

  constructor(expectedLines = 1024) {
    super();
    this.perLine = growing(LINE_COLUMNS, expectedLines);
  }

  override startLine(line: string, offset: number, timeStart: number, timeEnd: number): void {
    if (this.touched >= 0) this.closeIfRemoved(this.touched);
    super.startLine(line, offset, timeStart, timeEnd);
  }

  counted(format: LogFormat): void {
    if (this.formatLines[format]++ === 0) this.formatsSeen.push(format);
  }

  /** Lines read per format. */
  formatLineCounts(): Readonly<Record<LogFormat, number>> {
    return { ...this.formatLines };
  }

  /** The formats seen, most lines first. */
  formats(): LogFormat[] {
    return [...this.formatsSeen].sort((a, b) => this.formatLines[b] - this.formatLines[a]);
  }

  messageAt(text: string, start: number, end: number, format: LogFormat, lineNo: number, column: number): LogMessage {
    let index = this.find(text, start, end);
    let message = index >= 0 ? this.open[index] : undefined;
    if (!message || message.removed) {
      const id = text.slice(start, end);
      const hash = idHash(text, start, end);
      index = this.ids.length;
      this.lastFound = index;
      message = { id, format, lines: [], columns: [], events: [], recipients: [], removed: false, start: this.keepsFormat(format) ? this.stamp() : undefined };
      this.ids.push(id);
      this.formatOf.push(format);
      pushAll(MESSAGE_SPECS, this.perMessage);
      this.perMessage.firstLine.set(index, lineNo);
      this.open.push(message);
      const holder = this.byHash.get(hash);
      if (holder !== undefined && this.ids[holder] !== id) this.collided.set(id, index);
      else this.byHash.set(hash, index);
    }
    this.record(index, message, lineNo, column);
    return message;
  }

  existing(text: string, start: number, end: number, lineNo: number, column: number): LogMessage | undefined {
    const index = this.find(text, start, end);
    const message = index >= 0 ? this.open[index] : undefined;
    if (!message || message.removed) return undefined;
    this.record(index, message, lineNo, column);
    return message;
  }

  reject(event: LogEvent, message?: LogMessage): void {
    this.rejections.push(event);
    if (message && this.keepsEvents(message)) message.events.push(event);
  }

  protected keepsEvents(message: LogMessage): boolean {
    return this.keepsFormat(message.format);
  }

  private keepsFormat(format: LogFormat): boolean {
    return format === 'exchange';
  }

  /** Only kept events need their time: refusals, and the events of an Exchange message (the one the line named). */
  protected override eventTime(kind: LogEventKind): string | undefined {
    return kind === 'rejected' || (this.touched >= 0 && this.keepsFormat(this.formatOf[this.touched])) ? this.stamp() : undefined;
  }

  override settlesLine(lineNo: number): void {
    this.perLine.settles.set(lineNo, 1);
  }

  protected settled(event: LogEvent): void {
    this.perLine.settles.set(event.line, 1);
    // Readers only add events to the message of the current line, which is the one last touched.
    const statuses = this.perMessage.statuses;
    if (event.kind === 'expired' && this.touched >= 0) statuses.set(this.touched, statuses.get(this.touched) | EXPIRED_WHOLE_BIT);
  }

  /** Ends the first pass: the columns a MessageTable keeps. */
  finish(lineCount: number): MessageColumns {
    for (let index = 0; index < this.open.length; index++) this.close(index);
    resizeAll(LINE_SPECS, this.perLine, lineCount);
    this.byHash.clear();
    this.collided.clear();
    this.recipientsOf.clear();
    this.line = '';
    return { ...finished(LINE_COLUMNS, this.perLine), ...finished(MESSAGE_COLUMNS, this.perMessage), ids: this.ids, formats: this.formatOf, whole: this.whole };
  }

  /**
   * The queued message with the id at [start, end), or -1. A message's lines often come one after
   * another: the message found last is tried before the id is hashed. (Only one queued message has
   * a given id: a new one opens when the last has left the queue.)
   */
  private find(text: string, start: number, end: number): number {
    const last = this.lastFound;
    if (last >= 0 && this.open[last] !== undefined) {
      const id = this.ids[last];
      if (id.length === end - start && text.startsWith(id, start)) return last;
    }
    const index = this.findByHash(text, start, end, idHash(text, start, end));
    if (index >= 0) this.lastFound = index;
    return index;
  }

  private findByHash(text: string, start: number, end: number, hash: number): number {
    const index = this.byHash.get(hash);
    if (index !== undefined) {
      const id = this.ids[index];
      if (id.length === end - start && text.startsWith(id, start)) return index;
    }
    return this.collided.size > 0 ? this.collided.get(text.slice(start, end)) ?? -1 : -1;
  }

  /** The line on the message: its columns, and the link from the message's previous line. */
  private record(index: number, message: LogMessage, lineNo: number, column: number): void {
    this.touched = index;
    const lastLine = this.perMessage.lastLine;
    const previous = lastLine.get(index);
    if (previous === lineNo) return;
    const columns = this.perLine;
    if (lineNo >= columns.messageOf.length) {
      // By halves of what there is, not line by line: finish() cuts the columns to the line count.
      resizeAll(LINE_SPECS, columns, Math.max(lineNo + 1, columns.messageOf.length + (columns.messageOf.length >> 1)));
    }
    columns.messageOf.set(lineNo, index + 1);
    columns.columnOf.set(lineNo, column);
    columns.lineStart.set(lineNo, this.offset);
    columns.lineLength.set(lineNo, this.line.length);
    if (previous >= 0) columns.nextLine.set(previous, lineNo);
    lastLine.set(index, lineNo);
    if (this.keepsEvents(message)) {
      message.lines.push(lineNo);
      message.columns.push(column);
    }
  }

  private closeIfRemoved(index: number): void {
    this.touched = -1;
    if (this.open[index]?.removed) this.close(index);
  }

  /** The message left the queue (or the log ended): its statuses go into the columns, its object goes. */
  private close(index: number): void {
    const message = this.open[index];
    if (!message) return;
    const statuses = this.perMessage.statuses;
    let bits = statuses.get(index);
    for (const recipient of message.recipients) if (recipient.status) bits |= STATUS_BIT[recipient.status];
    statuses.set(index, bits);
    this.open[index] = undefined;
    this.recipientsOf.delete(message);
    // The id may come back for a new message; until then the maps need not know it.
    const hash = idHash(message.id, 0, message.id.length);
    if (this.byHash.get(hash) === index) this.byHash.delete(hash);
    else if (this.collided.get(message.id) === index) this.collided.delete(message.id);
    if (this.keepsEvents(message)) this.whole.set(index, message);
  }
}
