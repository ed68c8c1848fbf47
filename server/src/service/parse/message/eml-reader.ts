import { readSessions, splitLines, type LineSource } from '../transcript/transcript-reader';
import { isWrappedContinuation, matchDialect } from '../transcript/dialects';
import { noticeMentions, readBounce, returnedParts, type BounceReading } from './bounce/read';
import { decodedHeader, headerValue } from './header-block';
import { firstHeaderLine, splitMbox, type MessageRange } from './mbox';
import { readMimeTree } from './mime';
import type { Session, TranscriptModel } from '../model';
import type { BounceReport, CodeMention, DeliveryStatusReport, MailMessage, MessageModel, MimePart } from './model';

/**
 * Reads a message, or each message of an mbox: the MIME structure with every part's lines, and the
 * SMTP dialogue quoted in the messages' own text (sendmail ">>>"/"<<<", Postfix "In:"/"Out:"), read
 * by the transcript reader on the message's own lines. The dialogue, and what a message says about
 * delivery (its delivery-status reports, each recipient's failure, the codes in its text), are read
 * the first time anything asks for them, once: a 100 MB mbox opens at the speed of its structure,
 * and a message nobody looks at costs no more than that.
 */
export function readMessage(text: string): MessageModel {
  const lines = splitLines(text);
  const messages: MailMessage[] = [];
  for (const range of splitMbox(lines)) messages.push(readOne(lines, range.start, range.end, messages.length, range.separator));
  return new MessageDocument(lines, messages);
}

/** A message document whose quoted dialogue is read when first asked for: the bounce command never needs it. */
class MessageDocument implements MessageModel {
  readonly kind = 'message';
  readonly lineCount: number;
  #transcript?: TranscriptModel;

  constructor(private readonly lines: readonly string[], readonly messages: MailMessage[]) {
    this.lineCount = lines.length;
  }

  get transcript(): TranscriptModel {
    return (this.#transcript ??= quotedDialogue(this.lines, this.messages));
  }

  toJSON(): object {
    const { kind, lineCount, transcript, messages } = this;
    return { kind, lineCount, transcript, messages };
  }
}

/** The SMTP dialogue quoted in the messages' own text, as one transcript on the document's lines. */
function quotedDialogue(lines: readonly string[], messages: readonly MailMessage[]): TranscriptModel {
  const dialogue: number[] = [];
  for (const message of messages) collectDialogue(lines, message, dialogue);
  return readDialogue(lines, dialogue);
}

function readOne(lines: readonly string[], start: number, end: number, index: number, separator?: number): MailMessage {
  const { root, parts } = readMimeTree(lines, firstHeaderLine(lines, start, end), end);
  const message = new Message(lines, index, separator ?? start, Math.max(start, end - 1), root, parts);
  message.separatorLine = separator;
  message.subject = decodedHeader(headerValue(root.headers, 'subject'));
  message.from = decodedHeader(headerValue(root.headers, 'from'));
  const returned = parts.find((p) => p !== root && (p.contentType === 'message/rfc822' || p.contentType === 'message/global' || p.contentType === 'text/rfc822-headers'));
  if (returned) message.returned = { startLine: returned.bodyStart, endLine: returned.bodyEnd };
  return message;
}

/**
 * A message whose delivery facts are read on first use, once, and shared by every property; the
 * codes in its text are only for hovers and wait for the first hover.
 */
class Message implements MailMessage {
  separatorLine?: number;
  subject?: string;
  from?: string;
  returned?: { startLine: number; endLine: number };
  #reading?: BounceReading;
  #mentions?: CodeMention[];

  constructor(private readonly lines: readonly string[], readonly index: number, readonly startLine: number, readonly endLine: number,
    readonly root: MimePart, readonly parts: MimePart[]) {}

  get reports(): DeliveryStatusReport[] {
    return this.read().reports;
  }

  get bounce(): BounceReport | undefined {
    return this.read().bounce;
  }

  get mentions(): CodeMention[] {
    return (this.#mentions ??= noticeMentions(this.read().notices));
  }

  private read(): BounceReading {
    return (this.#reading ??= readBounce(this.lines, this.root, this.parts));
  }

  toJSON(): object {
    const { index, separatorLine, startLine, endLine, root, parts, subject, from, returned, reports, bounce } = this;
    return { index, separatorLine, startLine, endLine, root, parts, subject, from, returned, reports, bounce };
  }
}

/** Dialects a bounce quotes its SMTP dialogue in. */
const QUOTED_DIALECTS = new Set(['sendmail', 'postfix-inout']);

/**
 * The lines of a message's own text that quote SMTP dialogue: in its text parts (not a returned
 * message, not quoted-printable or Base64, where the raw line is not the text), lines in a quoting
 * dialect and Postfix's wrapped continuations of them. A cheap first-character test keeps this a
 * single pass over the lines.
 */
function collectDialogue(lines: readonly string[], message: MailMessage, into: number[]): void {
  const returned = returnedParts(message.root);
  for (const part of message.parts) {
    if (returned.has(part) || part.encoding === 'quoted-printable' || part.encoding === 'base64') continue;
    const text = part.contentType.startsWith('text/') || (part.contentType.startsWith('multipart/') && part.children.length === 0);
    if (!text || part.contentType === 'text/rfc822-headers') continue;
    readDialogueLines(lines, part, into);
  }
}

function readDialogueLines(lines: readonly string[], part: MimePart, into: number[]): void {
  let previous = false;
  for (let i = part.bodyStart; i <= part.bodyEnd; i++) {
    const line = lines[i];
    const first = line.charCodeAt(0);
    if (previous && (first === 0x20 || first === 0x09) && isWrappedContinuation(line)) {
      into.push(i);
      continue;
    }
    previous = false;
    // ">>> ", "<<< ", "In:", "Out:", " In:", "... while talking to": anything else is prose.
    if (first !== 0x3e && first !== 0x3c && first !== 0x49 && first !== 0x4f && first !== 0x20 && first !== 0x2e) continue;
    const match = matchDialect(line);
    if (!match) continue;
    previous = QUOTED_DIALECTS.has(match.dialect);
    if (previous || (match.dialect === 'exim-client' && line.startsWith('... while talking'))) into.push(i);
  }
}

/** Lines apart that still belong to one quoted dialogue (a blank line between two of its lines). */
const DIALOGUE_GAP = 3;

/**
 * The quoted dialogue as a transcript on the document's own lines: each stretch of dialogue lines is
 * read as a window of the document in which every other line reads as blank, so a long mbox costs
 * the reader only the lines that quote SMTP.
 */
function readDialogue(lines: readonly string[], keep: readonly number[]): TranscriptModel {
  const kept = new Set(keep);
  const source: LineSource = { length: lines.length, at: (i) => (kept.has(i) ? lines[i] : '') };
  const sessions: Session[] = [];
  for (let k = 0; k < keep.length;) {
    let last = k;
    while (last + 1 < keep.length && keep[last + 1] - keep[last] <= DIALOGUE_GAP) last++;
    for (const session of readSessions({ lines: source, from: keep[k], to: keep[last] + 1, prefixed: true })) sessions.push(session);
    k = last + 1;
  }
  sessions.forEach((s, index) => { s.index = index; });
  return { kind: 'transcript', lineCount: lines.length, prefixed: true, sessions };
}

/**
 * The messages of a large document (an mbox, or one huge message) that have a line in from..to,
 * each read as readMessage reads it: their headers, MIME parts, delivery-status fields and quoted
 * dialogue on the document's own line numbers.
 */
export function readMessageWindow(lines: readonly string[], ranges: readonly MessageRange[], from: number, to: number): MessageModel {
  const messages: MailMessage[] = [];
  ranges.forEach((range, index) => {
    const first = range.separator ?? range.start;
    if (first < to && range.end > from) messages.push(readOne(lines, range.start, range.end, index, range.separator));
  });
  return new MessageDocument(lines, messages);
}
