import type { MessageColumns } from './builder';
import { readBody, type DialogueLines } from './line-reader';
import type { LogEvent, LogFormat, LogMessage } from './model';
import { emptyPrefix, readPrefix } from './prefix';
import { LogSink } from './sink';

/**
 * Reads one message's lines again, keeping everything: the readers make the same events as in the
 * first pass, and refusals are the very objects the model's rejections hold.
 */
class MessageBuilder extends LogSink {
  readonly detailed = true;
  built?: LogMessage;

  constructor(private readonly rejections: readonly LogEvent[]) {
    super();
  }

  counted(): void {
    // The first pass counted the line already.
  }

  messageAt(text: string, start: number, end: number, format: LogFormat, lineNo: number, column: number): LogMessage {
    let message = this.built;
    if (!message) {
      message = { id: text.slice(start, end), format, lines: [], columns: [], events: [], recipients: [], removed: false, start: this.stamp() };
      this.built = message;
    }
    if (message.lines[message.lines.length - 1] !== lineNo) {
      message.lines.push(lineNo);
      message.columns.push(column);
    }
    return message;
  }

  existing(text: string, start: number, end: number, lineNo: number, column: number): LogMessage | undefined {
    return this.messageAt(text, start, end, 'sendmail', lineNo, column);
  }

  reject(event: LogEvent, message?: LogMessage): void {
    if (message) message.events.push(this.kept(event));
  }

  protected keepsEvents(): boolean {
    return true;
  }

  protected settled(): void {
    // The message's events say it.
  }

  /** The rejection the first pass kept for this event's line and mark, so that both lists share it. */
  private kept(event: LogEvent): LogEvent {
    const list = this.rejections;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (list[mid].line < event.line) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < list.length && list[i].line === event.line; i++) {
      if (list[i].markAt === event.markAt && list[i].kind === event.kind) return list[i];
    }
    return event;
  }
}

/** Message `index` of the log, read again from its lines, or only from those that settle how its recipients ended. */
export function readMessage(text: string, columns: MessageColumns, rejections: readonly LogEvent[], index: number, settlingOnly = false): LogMessage {
  const whole = columns.whole.get(index);
  if (whole) return whole;
  const builder = new MessageBuilder(rejections);
  const prefix = emptyPrefix();
  const dialogue: DialogueLines = { lines: [], lineNumbers: [] };
  for (let lineNo = columns.firstLine[index]; lineNo >= 0; lineNo = columns.nextLine[lineNo]) {
    if (settlingOnly && columns.settles[lineNo] === 0) continue;
    const start = columns.lineStart[lineNo];
    const line = text.slice(start, start + columns.lineLength[lineNo]);
    readPrefix(line, prefix);
    builder.startLine(line, start, prefix.timeStart, prefix.timeEnd);
    readBody(line, lineNo, prefix, builder, dialogue);
  }
  // The first pass opened the message on its first line, so the readers open it again there.
  return builder.built ?? { id: columns.ids[index], format: columns.formats[index], lines: [], columns: [], events: [], recipients: [], removed: false };
}
