import type { MessageColumns } from './builder';
import { readMessage } from './message-reader';
import type { DeliveryStatus, LogEvent, LogFormat, LogMessage } from './model';
import { EXPIRED_WHOLE_BIT, STATUS_BIT } from './sink';

/**
 * The messages of a log, in the order of their first line. What the rules and the outline ask of
 * every message (its id, format, lines, the final statuses of its recipients) is kept in columns;
 * the message itself, with its events and recipients, is read again from its lines when asked for
 * (`at`) and let go by the caller, the way the transcript store makes sessions.
 */
export class MessageTable {
  constructor(private readonly text: string, private readonly columns: MessageColumns, private readonly rejections: readonly LogEvent[]) {}

  get length(): number {
    return this.columns.ids.length;
  }

  /** Queue id (Postfix, Sendmail), message id (Exim), or Message-ID (Exchange) of message `index`. */
  id(index: number): string {
    return this.columns.ids[index];
  }

  format(index: number): LogFormat {
    return this.columns.formats[index];
  }

  firstLine(index: number): number {
    return this.columns.firstLine[index];
  }

  lastLine(index: number): number {
    return this.columns.lastLine[index];
  }

  /** Some recipient of the message ended with `status`; for 'expired', also a line saying the whole message expired. */
  has(index: number, status: DeliveryStatus): boolean {
    const bits = status === 'expired' ? STATUS_BIT.expired | EXPIRED_WHOLE_BIT : STATUS_BIT[status];
    return (this.columns.statuses[index] & bits) !== 0;
  }

  /** Message `index` with its events and recipients: a new object each time but for Exchange's. */
  at(index: number): LogMessage {
    return readMessage(this.text, this.columns, this.rejections, index);
  }

  /**
   * Message `index` as its delivery and expiry lines tell it: its recipients with every delivery
   * attempt, and its expiries; its other lines and events are left out. What a rule about how
   * recipients ended needs, for a fraction of the reading.
   */
  settled(index: number): LogMessage {
    return readMessage(this.text, this.columns, this.rejections, index, true);
  }

  /** Every message as an object: for a summary of the whole log, or a test. */
  all(): LogMessage[] {
    const messages: LogMessage[] = [];
    for (let i = 0; i < this.length; i++) messages.push(this.at(i));
    return messages;
  }

  /** The text of `line` when the line names a message (delivery lines do), else undefined. */
  lineText(line: number): string | undefined {
    if (this.onLine(line) < 0) return undefined;
    const start = this.columns.lineStart[line];
    return this.text.slice(start, start + this.columns.lineLength[line]);
  }

  /** The index of the message whose id stands on `line`, or -1. */
  onLine(line: number): number {
    return line >= 0 && line < this.columns.messageOf.length ? this.columns.messageOf[line] - 1 : -1;
  }

  /** The column where the message's id stands on `line` (see onLine). */
  idColumn(line: number): number {
    return this.onLine(line) >= 0 ? this.columns.columnOf[line] : -1;
  }

  /** The indexes of the messages with this id (a short Postfix id comes back once its message left the queue). */
  withId(id: string): number[] {
    const found: number[] = [];
    const ids = this.columns.ids;
    for (let i = 0; i < ids.length; i++) if (ids[i] === id) found.push(i);
    return found;
  }
}
