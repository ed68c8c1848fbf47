import type { DeliveryStatus, LogEvent, LogEventKind, LogFormat, LogMessage, LogRecipient } from './model';

/** Past this many recipients, a message's recipients are found through a map. */
const MANY_RECIPIENTS = 16;

/** FNV-1a over the characters of [start, end): a key for an id that needs no slice of the line. */
function idHash(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * Collects what the format readers find, line by line: messages by id, their recipients and
 * events, and the rejections that belong to no message.
 */
export class LogBuilder {
  readonly messages: LogMessage[] = [];
  readonly rejections: LogEvent[] = [];
  /**
   * The current message for each id, by a hash of the id so that finding it takes no slice of the
   * line (a Postfix short id is reused once its message has left the queue). Ids whose hash another
   * id holds already go by name in `collided`.
   */
  private readonly byHash = new Map<number, LogMessage>();
  private readonly collided = new Map<string, LogMessage>();
  /** Recipients by lower-case address, for messages with many of them (mailing lists), while the log is read. */
  private readonly recipientsOf = new Map<LogMessage, Map<string, LogRecipient>>();
  private readonly formatLines = new Map<LogFormat, number>();
  /** The timestamp of the line being read, sliced only when something keeps it. */
  private line = '';
  private timeStart = -1;
  private timeEnd = -1;
  private time?: string;
  private lastTime?: string;

  /** Called once per line before its reader runs. */
  startLine(line: string, timeStart: number, timeEnd: number): void {
    this.line = line;
    this.timeStart = timeStart;
    this.timeEnd = timeEnd;
    this.time = undefined;
  }

  /**
   * The current line's timestamp as written, or undefined. Lines of one second share one string:
   * a busy log writes many of them.
   */
  stamp(): string | undefined {
    if (this.time === undefined && this.timeStart >= 0) {
      const last = this.lastTime;
      const length = this.timeEnd - this.timeStart;
      this.time = last !== undefined && last.length === length && this.line.startsWith(last, this.timeStart)
        ? last : (this.lastTime = this.line.slice(this.timeStart, this.timeEnd));
    }
    return this.time;
  }

  /** Counts a line read as one of `format`. */
  counted(format: LogFormat): void {
    this.formatLines.set(format, (this.formatLines.get(format) ?? 0) + 1);
  }

  /** The formats seen, most lines first. */
  formats(): LogFormat[] {
    return [...this.formatLines.entries()].sort((a, b) => b[1] - a[1]).map(([format]) => format);
  }

  /** The message with this id, opened if new (or if the last one with the id has left the queue); records the line. */
  message(id: string, format: LogFormat, lineNo: number, column: number): LogMessage {
    return this.messageAt(id, 0, id.length, format, lineNo, column);
  }

  /** `message` for the id at [start, end) of `text`, sliced only when the message is new. */
  messageAt(text: string, start: number, end: number, format: LogFormat, lineNo: number, column: number): LogMessage {
    const hash = idHash(text, start, end);
    let message = this.find(text, start, end, hash);
    if (!message || message.removed) {
      const id = text.slice(start, end);
      message = { id, format, lines: [], columns: [], events: [], recipients: [], removed: false, start: this.stamp() };
      const holder = this.byHash.get(hash);
      if (holder && holder.id !== id) this.collided.set(id, message);
      else this.byHash.set(hash, message);
      this.messages.push(message);
    }
    if (message.lines[message.lines.length - 1] !== lineNo) {
      message.lines.push(lineNo);
      message.columns.push(column);
    }
    return message;
  }

  private find(text: string, start: number, end: number, hash: number): LogMessage | undefined {
    const message = this.byHash.get(hash);
    if (message && message.id.length === end - start && text.startsWith(message.id, start)) return message;
    return this.collided.size > 0 ? this.collided.get(text.slice(start, end)) : undefined;
  }

  /** Records the line on the open message with the id at [start, end), if there is one (a line that only belongs to it). */
  existing(text: string, start: number, end: number, lineNo: number, column: number): LogMessage | undefined {
    const message = this.find(text, start, end, idHash(text, start, end));
    if (!message || message.removed) return undefined;
    return this.messageAt(text, start, end, message.format, lineNo, column);
  }

  /** A new event on the current line, its mark (the word that says what happened) at [markAt, markEnd). */
  event(kind: LogEventKind, lineNo: number, markAt: number, markEnd: number): LogEvent {
    // Every field in one order from the start: one object shape for all events keeps reading them fast.
    return {
      line: lineNo, kind, time: this.stamp(), markAt, markEnd, status: undefined, recipient: undefined, recipientAt: undefined,
      sender: undefined, peer: undefined, dsn: undefined, dsnAt: undefined, code: undefined, codeAt: undefined,
      enhanced: undefined, enhancedAt: undefined, text: undefined, textAt: undefined, command: undefined, delay: undefined,
      related: undefined, relatedAt: undefined,
    };
  }

  /** Adds an event to a message; a delivery also updates its recipient. The message's last news is its end. */
  add(message: LogMessage, event: LogEvent): void {
    message.events.push(event);
    if (event.time !== undefined) message.end = event.time;
    if (event.kind === 'delivery' && event.recipient !== undefined && event.status) this.deliver(message, event.recipient, event, event.status);
    if (event.kind === 'expired') {
      // The whole message expired: every recipient still waiting expired with it.
      for (const recipient of message.recipients) {
        if (recipient.status === undefined || recipient.status === 'deferred') recipient.status = 'expired';
      }
    }
  }

  private deliver(message: LogMessage, address: string, event: LogEvent, status: DeliveryStatus): void {
    let recipient = this.recipient(message, address);
    if (!recipient) {
      recipient = { address, deliveries: [], deferrals: 0 };
      message.recipients.push(recipient);
      this.recipientsOf.get(message)?.set(address.toLowerCase(), recipient);
    }
    recipient.deliveries.push(event);
    recipient.status = status;
    if (status === 'deferred') recipient.deferrals++;
  }

  /**
   * The recipient with this address (without regard to case). Most messages have a few, searched in
   * place; past MANY_RECIPIENTS a map per message keeps a mailing list's delivery linear.
   */
  private recipient(message: LogMessage, address: string): LogRecipient | undefined {
    const list = message.recipients;
    if (list.length <= MANY_RECIPIENTS) {
      for (const r of list) if (r.address === address || (r.address.length === address.length && r.address.toLowerCase() === address.toLowerCase())) return r;
      return undefined;
    }
    let byAddress = this.recipientsOf.get(message);
    if (!byAddress) {
      byAddress = new Map(list.map((r) => [r.address.toLowerCase(), r]));
      this.recipientsOf.set(message, byAddress);
    }
    return byAddress.get(address.toLowerCase());
  }

  /** A refusal: kept with the rejections, and with its message when it has one. */
  reject(event: LogEvent, message?: LogMessage): void {
    this.rejections.push(event);
    if (message) message.events.push(event);
  }

  /** Drops the reading state; the messages stay. */
  finish(): void {
    this.byHash.clear();
    this.collided.clear();
    this.recipientsOf.clear();
    this.line = '';
  }
}
