import { IntColumn } from './columns';
import type { LogEvent, LogEventKind, LogFormat, LogMessage } from './model';
import { EXPIRED_WHOLE_BIT, LogSink, STATUS_BIT } from './sink';

/** FNV-1a over the characters of [start, end): a key for an id that needs no slice of the line. */
function idHash(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * What the first pass keeps of a log's messages: per message its id, format, first and last line
 * and the final statuses of its recipients; per line the message it names, where its id stands,
 * the next line of the same message and where the line stands in the text. Exchange messages are kept whole
 * (their rows need the header above them to be read again, and Exchange logs are small).
 */
export interface MessageColumns {
  ids: string[];
  formats: LogFormat[];
  firstLine: Int32Array;
  lastLine: Int32Array;
  /** STATUS_BIT and EXPIRED_WHOLE_BIT flags. */
  statuses: Uint8Array;
  /** Message index + 1 per line (0: none). */
  messageOf: Int32Array;
  columnOf: Int32Array;
  /** The next line of the same message, or -1. */
  nextLine: Int32Array;
  lineStart: Int32Array;
  lineLength: Int32Array;
  /** 1 on a line with a delivery attempt or an expiry: the lines that say how recipients ended. */
  settles: Uint8Array;
  whole: Map<number, LogMessage>;
}

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
  private readonly firstLine = new IntColumn();
  private readonly lastLine = new IntColumn();
  private readonly statuses = new IntColumn();
  private readonly messageOf: IntColumn;
  private readonly columnOf: IntColumn;
  private readonly nextLine: IntColumn;
  private readonly lineStart: IntColumn;
  private readonly lineLength: IntColumn;
  private readonly settles: IntColumn;
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
  private readonly formatLines: Record<LogFormat, number> = { postfix: 0, exim: 0, sendmail: 0, exchange: 0, kerio: 0, domino: 0 };
  private readonly formatsSeen: LogFormat[] = [];
  /** The message the last line named: it may have left the queue on that line. */
  private touched = -1;
  /** The message `find` found or opened last. */
  private lastFound = -1;

  constructor(expectedLines = 1024) {
    super();
    this.messageOf = new IntColumn(expectedLines);
    this.columnOf = new IntColumn(expectedLines);
    this.nextLine = new IntColumn(expectedLines);
    this.lineStart = new IntColumn(expectedLines);
    this.lineLength = new IntColumn(expectedLines);
    this.settles = new IntColumn(expectedLines);
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
      this.firstLine.push(lineNo);
      this.lastLine.push(-1);
      this.statuses.push(0);
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
    this.settles.set(lineNo, 1);
  }

  protected settled(event: LogEvent): void {
    this.settles.set(event.line, 1);
    // Readers only add events to the message of the current line, which is the one last touched.
    if (event.kind === 'expired' && this.touched >= 0) this.statuses.set(this.touched, this.statuses.get(this.touched) | EXPIRED_WHOLE_BIT);
  }

  /** Ends the first pass: the columns a MessageTable keeps. */
  finish(lineCount: number): MessageColumns {
    for (let index = 0; index < this.open.length; index++) this.close(index);
    for (const column of [this.messageOf, this.columnOf, this.lineStart, this.lineLength, this.settles]) column.resize(lineCount, 0);
    this.nextLine.resize(lineCount, -1);
    this.byHash.clear();
    this.collided.clear();
    this.recipientsOf.clear();
    this.line = '';
    return {
      ids: this.ids,
      formats: this.formatOf,
      firstLine: this.firstLine.finish(),
      lastLine: this.lastLine.finish(),
      statuses: this.statuses.finishBytes(),
      messageOf: this.messageOf.finish(),
      columnOf: this.columnOf.finish(),
      nextLine: this.nextLine.finish(),
      lineStart: this.lineStart.finish(),
      lineLength: this.lineLength.finish(),
      settles: this.settles.finishBytes(),
      whole: this.whole,
    };
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
    const previous = this.lastLine.get(index);
    if (previous === lineNo) return;
    if (lineNo >= this.messageOf.length) {
      // By halves of what there is, not line by line: finish() cuts the columns to the line count.
      const length = Math.max(lineNo + 1, this.messageOf.length + (this.messageOf.length >> 1));
      this.messageOf.resize(length, 0);
      this.columnOf.resize(length, 0);
      this.lineStart.resize(length, 0);
      this.lineLength.resize(length, 0);
      this.settles.resize(length, 0);
      this.nextLine.resize(length, -1);
    }
    this.messageOf.set(lineNo, index + 1);
    this.columnOf.set(lineNo, column);
    this.lineStart.set(lineNo, this.offset);
    this.lineLength.set(lineNo, this.line.length);
    if (previous >= 0) this.nextLine.set(previous, lineNo);
    this.lastLine.set(index, lineNo);
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
    let bits = this.statuses.get(index);
    for (const recipient of message.recipients) if (recipient.status) bits |= STATUS_BIT[recipient.status];
    this.statuses.set(index, bits);
    this.open[index] = undefined;
    this.recipientsOf.delete(message);
    // The id may come back for a new message; until then the maps need not know it.
    const hash = idHash(message.id, 0, message.id.length);
    if (this.byHash.get(hash) === index) this.byHash.delete(hash);
    else if (this.collided.get(message.id) === index) this.collided.delete(message.id);
    if (this.keepsEvents(message)) this.whole.set(index, message);
  }
}
