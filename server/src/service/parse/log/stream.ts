import { ExchangeLog } from './exchange';
import { readBody, type DialogueLines } from './line-reader';
import type { LogEvent, LogFormat, LogMessage } from './model';
import { emptyPrefix, readPrefix, type LinePrefix } from './prefix';
import { LogSink } from './sink';
import { ZeekLog } from './zeek';

/**
 * What a streamed log tells as it goes. Messages are handed over once they leave the queue (or when
 * the stream ends, or when too many are in flight), so that memory holds only the messages in
 * flight, never the log.
 */
export interface LogStreamListener {
  /** Every non-empty line, after the readers read it; `prefix` is its syslog or Exim prefix. */
  line?(line: string, prefix: LinePrefix, lineNo: number): void;
  /** A message is done: it left the queue, or the stream ended with it still in flight (`removed` false). */
  message?(message: LogMessage): void;
  /** A refusal, with its message when it had one (that message gets it in its events too). */
  rejection?(event: LogEvent, message: LogMessage | undefined): void;
  /** An event as a reader adds it to a message in flight. */
  event?(message: LogMessage, event: LogEvent): void;
}

/** Past this many messages in flight the oldest is handed over as it stands: a log that never says "removed" stays bounded. */
const MAX_IN_FLIGHT = 200_000;

/** The sink of a streamed log: the readers' messages live while in flight, with every detail, and are handed over when done. */
class StreamSink extends LogSink {
  readonly detailed = true;
  /** Messages in flight by id, oldest first (Map keeps insertion order). */
  readonly open = new Map<string, LogMessage>();
  readonly formatLines: Record<LogFormat, number> = { postfix: 0, exim: 0, sendmail: 0, exchange: 0, kerio: 0, domino: 0, zimbra: 0, zeek: 0 };
  /** The message the current line named. */
  touched?: LogMessage;
  /** The format whose reader knew the current line, if one did. */
  lineFormat?: LogFormat;

  constructor(private readonly listener: LogStreamListener) {
    super();
  }

  override startLine(line: string, offset: number, timeStart: number, timeEnd: number): void {
    this.touched = undefined;
    this.lineFormat = undefined;
    super.startLine(line, offset, timeStart, timeEnd);
  }

  counted(format: LogFormat): void {
    this.lineFormat = format;
    this.formatLines[format]++;
  }

  messageAt(text: string, start: number, end: number, format: LogFormat, lineNo: number, column: number): LogMessage {
    const id = text.slice(start, end);
    let message = this.open.get(id);
    if (!message || message.removed) {
      if (message) this.close(message);
      message = { id, format, lines: [], columns: [], events: [], recipients: [], removed: false, start: this.stamp() };
      this.open.set(id, message);
      if (this.open.size > MAX_IN_FLIGHT) {
        const oldest = this.open.values().next().value;
        if (oldest) this.close(oldest);
      }
    }
    this.record(message, lineNo, column);
    return message;
  }

  existing(text: string, start: number, end: number, lineNo: number, column: number): LogMessage | undefined {
    const message = this.open.get(text.slice(start, end));
    if (!message || message.removed) return undefined;
    this.record(message, lineNo, column);
    return message;
  }

  reject(event: LogEvent, message?: LogMessage): void {
    if (message) message.events.push(event);
    this.listener.rejection?.(event, message);
  }

  override add(message: LogMessage, event: LogEvent): void {
    super.add(message, event);
    this.listener.event?.(message, event);
  }

  protected keepsEvents(): boolean {
    return true;
  }

  protected settled(): void {
    // The message object says it.
  }

  /** After a line: a message that left the queue on it is handed over. */
  endLine(): void {
    const message = this.touched;
    if (message?.removed) this.close(message);
  }

  close(message: LogMessage): void {
    if (this.open.get(message.id) === message) this.open.delete(message.id);
    this.recipientsOf.delete(message);
    this.listener.message?.(message);
  }

  private record(message: LogMessage, lineNo: number, column: number): void {
    this.touched = message;
    if (message.lines[message.lines.length - 1] === lineNo) return;
    message.lines.push(lineNo);
    message.columns.push(column);
  }
}

/** One input of a stream: its name and the stream line number of its first line. */
export interface LogSource {
  name: string;
  firstLine: number;
}

/**
 * Cuts pieces of text of any size into lines (LF, CRLF or a lone CR, as an editor numbers them),
 * each handed over as a range of the piece it is in, with no string cut per line: a line that runs
 * on into the next piece is joined first and handed over whole (its range is then all of `text`).
 */
export class LineRanges {
  /** The start of a line whose end has not come yet. */
  private carry = '';
  /** The next CR of the piece being cut (-1: none). */
  private nextCr = -1;

  constructor(private readonly visit: (text: string, start: number, end: number) => void) {}

  push(text: string): void {
    let pos = 0;
    const n = text.length;
    // Where the piece's next CR is, moved on as lines are cut: only a line with one before its LF is
    // looked through for lone CRs. A field, not a local worked out before the loop: V8 took a
    // local's `text.indexOf('\r')` (a pure call) into the loop, searching the rest of the piece once
    // per line (a report of a 600 MB log took 4× its time).
    this.nextCr = text.indexOf('\r');
    while (pos < n) {
      const end = text.indexOf('\n', pos);
      if (end < 0) {
        this.carry += text.slice(pos);
        return;
      }
      const cr = this.nextCr;
      const crBefore = cr >= 0 && cr < end;
      if (crBefore) this.nextCr = text.indexOf('\r', end);
      if (this.carry.length > 0) {
        const line = this.carry + text.slice(pos, end);
        this.carry = '';
        this.line(line, 0, line.length, true);
      } else if (crBefore) this.line(text, pos, end, true);
      else this.visit(text, pos, end);
      pos = end + 1;
    }
  }

  /** The line in progress (a file without a final newline) ends here. */
  flush(): void {
    if (this.carry.length === 0) return;
    const line = this.carry;
    this.carry = '';
    this.line(line, 0, line.length, false);
  }

  /** A line ended by LF (its CR before the LF is no part of it) that may hold CRs: a lone CR ends a line of its own. */
  private line(text: string, start: number, end: number, newline: boolean): void {
    if (newline && end > start && text.charCodeAt(end - 1) === 13) end--;
    for (let i = start; i < end; i++) {
      if (text.charCodeAt(i) === 13) {
        this.visit(text, start, i);
        start = i + 1;
      }
    }
    this.visit(text, start, end);
  }
}

/** LineRanges handing over each line as a string of its own. */
export class LineSplitter extends LineRanges {
  constructor(visit: (line: string) => void) {
    super((text, start, end) => visit(start === 0 && end === text.length ? text : text.slice(start, end)));
  }
}

/**
 * Reads a log handed over in pieces of text of any size (a file's chunks, several files one after
 * another, standard input), line by line with the same readers as a document, keeping only the
 * messages in flight. A message whose lines run on into the next file stays one message. Line
 * numbers run on across files; `sources` says where each file starts.
 */
export class LogStream {
  private readonly sink: StreamSink;
  private readonly prefix = emptyPrefix();
  private readonly exchange = new ExchangeLog();
  private readonly zeek = new ZeekLog();
  private readonly dialogue: DialogueLines = { lines: [], lineNumbers: [] };
  private readonly splitter = new LineSplitter((line) => this.line(line));
  private lineNo = 0;
  readonly sources: LogSource[] = [];

  constructor(private readonly listener: LogStreamListener) {
    this.sink = new StreamSink(listener);
  }

  /** Lines read so far. */
  get lineCount(): number {
    return this.lineNo;
  }

  /** Messages still in flight. */
  get inFlight(): number {
    return this.sink.open.size;
  }

  /** The formats seen, most lines first. */
  formats(): LogFormat[] {
    const lines = this.sink.formatLines;
    return (Object.keys(lines) as LogFormat[]).filter((f) => lines[f] > 0).sort((a, b) => lines[b] - lines[a]);
  }

  /** The format whose reader knew the line read last, if one did. */
  get lineFormat(): LogFormat | undefined {
    return this.sink.lineFormat;
  }

  /** A new input starts: the line in progress (a file without a final newline) ends here. */
  startSource(name: string): void {
    this.splitter.flush();
    this.sources.push({ name, firstLine: this.lineNo });
  }

  /** The next piece of text; a line may run on into the next piece. */
  push(text: string): void {
    this.splitter.push(text);
  }

  /** The end of every input: the last line is read and the messages still in flight are handed over. */
  end(): void {
    this.splitter.flush();
    for (const message of [...this.sink.open.values()]) this.sink.close(message);
  }

  /** One whole line, the next of the stream. */
  line(line: string): void {
    const lineNo = this.lineNo++;
    if (line.length === 0) return;
    if (line.charCodeAt(0) === 35 /* # */) {
      this.header(line);
      return;
    }
    readPrefix(line, this.prefix);
    this.read(line, lineNo, this.prefix);
  }

  /** A line whose prefix was read already, numbered by the caller (a report that reads some lines its own way). */
  read(line: string, lineNo: number, prefix: LinePrefix): void {
    if (lineNo >= this.lineNo) this.lineNo = lineNo + 1;
    const sink = this.sink;
    if (this.zeek.mayRead(line)) {
      const [timeStart, timeEnd] = this.zeek.timeColumn(line);
      sink.startLine(line, 0, timeStart, timeEnd);
      if (this.zeek.readRow(line, lineNo, sink)) {
        sink.counted('zeek');
        this.listener.line?.(line, prefix, lineNo);
        sink.endLine();
        return;
      }
    }
    sink.startLine(line, 0, prefix.timeStart, prefix.timeEnd);
    if (prefix.csv) {
      if (this.exchange.isDialogue(line, 0)) {
        // The dialogue itself is a transcript's business; a refusal it cannot pair is the report's.
        this.exchange.readProtocolRow(line, lineNo, sink);
        sink.counted('exchange');
      } else if (this.exchange.readRow(line, lineNo, sink)) sink.counted('exchange');
    } else {
      readBody(line, lineNo, prefix, sink, this.dialogue);
      // Verbose SMTP dialogue lines are a transcript's business, not a report's.
      if (this.dialogue.lines.length > 0) this.dialogue.lines.length = this.dialogue.lineNumbers.length = 0;
    }
    this.listener.line?.(line, prefix, lineNo);
    sink.endLine();
  }

  /** An Exchange or Zeek header line (#Fields: ..., #fields\t...), for a caller that reads lines itself. */
  header(line: string): void {
    if (!this.exchange.header(line)) this.zeek.header(line);
  }
}
