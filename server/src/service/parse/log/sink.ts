import type { DeliveryStatus, LogEvent, LogEventKind, LogFormat, LogMessage, LogRecipient } from './model';

/** Past this many recipients, a message's recipients are found through a map. */
const MANY_RECIPIENTS = 16;

/**
 * What the format readers tell, line by line: the message a line names, its events, the refusals.
 * Two kinds listen: the first pass over the whole log (LogBuilder), which keeps columns and lets
 * message objects go, and the reading of one message's lines again when a feature asks for it
 * (MessageBuilder), which keeps the objects. Both make events and recipients the same way, here.
 */
export abstract class LogSink {
  /**
   * Whether the readers read what only a message object shows (senders, sizes, hosts, replies,
   * texts). Without it they read only what says which message a line belongs to and how each
   * recipient ended, and every refusal in full.
   */
  abstract readonly detailed: boolean;
  /** Recipients by lower-case address, for messages with many of them (mailing lists), while they are read. */
  protected readonly recipientsOf = new Map<LogMessage, Map<string, LogRecipient>>();
  /** The line being read, its offset in the document, and its timestamp, sliced only when something keeps it. */
  protected line = '';
  protected offset = 0;
  private timeStart = -1;
  private timeEnd = -1;
  private time?: string;
  private lastTime?: string;

  /** Called once per line before its reader runs; `offset` is where the line starts in the document. */
  startLine(line: string, offset: number, timeStart: number, timeEnd: number): void {
    this.line = line;
    this.offset = offset;
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
  abstract counted(format: LogFormat): void;

  /** The message with this id, opened if new (or if the last one with the id has left the queue); records the line. */
  message(id: string, format: LogFormat, lineNo: number, column: number): LogMessage {
    return this.messageAt(id, 0, id.length, format, lineNo, column);
  }

  /** `message` for the id at [start, end) of `text`, sliced only when the message is new. */
  abstract messageAt(text: string, start: number, end: number, format: LogFormat, lineNo: number, column: number): LogMessage;

  /** Records the line on the open message with the id at [start, end), if there is one (a line that only belongs to it). */
  abstract existing(text: string, start: number, end: number, lineNo: number, column: number): LogMessage | undefined;

  /** A refusal: kept with the rejections, and with its message when it has one. */
  abstract reject(event: LogEvent, message?: LogMessage): void;

  /** Whether the message's events and deliveries are kept (the first pass lets most of them go). */
  protected abstract keepsEvents(message: LogMessage): boolean;

  /** Called for an event that settles how recipients ended: a delivery attempt, or the whole message's expiry. */
  protected abstract settled(event: LogEvent): void;

  /**
   * A line with no delivery that still decides how recipients end, to be read with the delivery lines
   * (Exim's arrival of a bounce: its failures that Exim ignores are discarded, not bounced).
   */
  settlesLine(_lineNo: number): void {}

  /** The time an event of this kind on the current line is given: the line's timestamp. */
  protected eventTime(_kind: LogEventKind): string | undefined {
    return this.stamp();
  }

  /** A new event on the current line, its mark (the word that says what happened) at [markAt, markEnd). */
  event(kind: LogEventKind, lineNo: number, markAt: number, markEnd: number): LogEvent {
    // Every field in one order from the start: one object shape for all events keeps reading them fast.
    return {
      line: lineNo, kind, time: this.eventTime(kind), markAt, markEnd, status: undefined, recipient: undefined, recipientAt: undefined,
      sender: undefined, peer: undefined, dsn: undefined, dsnAt: undefined, code: undefined, codeAt: undefined,
      enhanced: undefined, enhancedAt: undefined, text: undefined, textAt: undefined, command: undefined, delay: undefined,
      related: undefined, relatedAt: undefined,
    };
  }

  /** Adds an event to a message; a delivery also updates its recipient. The message's last news is its end. */
  add(message: LogMessage, event: LogEvent): void {
    const keep = this.keepsEvents(message);
    if (keep) message.events.push(event);
    if (event.time !== undefined) message.end = event.time;
    if (event.kind === 'delivery' && event.recipient !== undefined && event.status) {
      this.deliver(message, event.recipient, event, event.status, keep);
      this.settled(event);
    }
    if (event.kind === 'expired') {
      this.settled(event);
      // The whole message expired: every recipient still waiting expired with it.
      for (const recipient of message.recipients) {
        if (recipient.status === undefined || recipient.status === 'deferred') recipient.status = 'expired';
      }
    }
  }

  private deliver(message: LogMessage, address: string, event: LogEvent, status: DeliveryStatus, keep: boolean): void {
    let recipient = this.recipient(message, address);
    if (!recipient) {
      recipient = { address, deliveries: [], deferrals: 0 };
      message.recipients.push(recipient);
      this.recipientsOf.get(message)?.set(address.toLowerCase(), recipient);
    }
    if (keep) recipient.deliveries.push(event);
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
}

/** Status bits of a message, as the first pass leaves them: which final statuses its recipients have. */
export const STATUS_BIT: Record<DeliveryStatus, number> = { sent: 1, deferred: 2, bounced: 4, expired: 8, discarded: 32 };

/** A line said the whole message expired (Postfix qmgr status=expired, Sendmail "Cannot send message for"). */
export const EXPIRED_WHOLE_BIT = 16;
