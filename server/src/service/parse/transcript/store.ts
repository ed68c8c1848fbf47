import type { LineEnd } from '../model';
import type { Continuation } from './command-line';
import type { LineSource } from './lines';

/**
 * A transcript as columns: every line the reader kept (an "entry"), every command and every reply
 * as one slot in typed arrays, numbers instead of objects. A 20 MB capture is a million lines; as
 * objects it cost 18 times its size and most of the reading time went to the garbage collector.
 * Objects (TranscriptLine, Command, Reply) are made from these columns when a feature asks for a
 * session (views.ts); the reader, position lookups and edits read the columns themselves. The
 * columns are written by StoreWriter (store-writer.ts).
 *
 * Entries of one session are contiguous, and so are its commands and its replies.
 */

/** Bits of an entry's `info`. */
export const INFO_DIRECTION = 0b11;
export const INFO_TLS = 1 << 2;
export const INFO_END_SHIFT = 3;
export const INFO_END = 0b11 << INFO_END_SHIFT;
/** The entry carries the rest of the line before it (a wrapped Postfix line). */
export const INFO_CONTINUATION = 1 << 5;

/** Bits of a command's `flags`. */
export const COMMAND_PIPELINED = 1;
/** No reply can follow: a test driver answered with a word (`OK`), or the connection closed first. */
export const COMMAND_UNANSWERABLE = 2;

/** What a reply answers, besides a command's index. */
export const ANSWERS_NOTHING = -1;
export const ANSWERS_CONNECTION = -2;
/** A reply to a RCPT the capture never showed (sendmail logs only the DATA of a pipelined group). */
export const ANSWERS_UNLOGGED_RCPT = -3;


/** The columns shared by the writer and the frozen store. */
export interface Columns {
  entryLine: Int32Array;
  /** Column where the entry's SMTP text starts on its document line. */
  entryColumn: Int32Array;
  /** Column where it ends, unless the text is one of `texts`. */
  entryTextEnd: Int32Array;
  /** Length of the whole document line (UTF-16 units). */
  entryLength: Int32Array;
  /** The command (command, data, auth-response entries) or reply (reply entries) it belongs to, or -1. */
  entryOwner: Int32Array;
  entryKind: Uint8Array;
  entryInfo: Uint8Array;
  entryDialect: Uint8Array;
  /** Seconds the logging program wrote before the line (see line-time.ts), NaN when it wrote none. */
  entryTime: Float64Array;
  commandEntry: Int32Array;
  /** Last entry that belongs to the command (its content or AUTH responses). */
  commandLastOwned: Int32Array;
  commandFirstReply: Int32Array;
  commandReplyCount: Int32Array;
  /** The reply that completed it (-1 while waiting), after any 334 or 354 before it. */
  commandFinal: Int32Array;
  /** The MAIL command of the transaction it was sent in (MAIL, RCPT, DATA, BDAT), or -1. */
  commandTransaction: Int32Array;
  commandVerb: Uint8Array;
  commandFlags: Uint8Array;
  replyFirstEntry: Int32Array;
  replyLastEntry: Int32Array;
  replyLineCount: Int32Array;
  replyAnswers: Int32Array;
  /** The code of its first line, 0–999. */
  replyCode: Uint16Array;
  replyComplete: Uint8Array;
  /** Texts that are not their line's [column, textEnd): quoting undone, lines split from a written line. */
  texts: Map<number, string>;
}

/** The wrapped rest of the line at `entry` (Postfix continuation lines), as the command parser takes it. */
export function continuationsAfter(store: Columns, entry: number, end: number, text: (e: number) => string): Continuation[] {
  const found: Continuation[] = [];
  for (let e = entry + 1; e < end && (store.entryInfo[e] & INFO_CONTINUATION) !== 0; e++) {
    found.push({ line: store.entryLine[e], column: store.entryColumn[e], text: text(e) });
  }
  return found;
}

/** How carried lines move: by a number of lines, or to the line a function gives. */
export type LineMove = number | ((line: number) => number);

/** Where a session's entries, commands and replies lie in a store: [first, end) of each. */
export interface StoreRanges {
  firstEntry: number;
  entryEnd: number;
  firstCommand: number;
  commandEnd: number;
  firstReply: number;
  replyEnd: number;
}

/** How many entries, commands and replies a writer should have room for. */
export interface StoreSize {
  entries: number;
  commands: number;
  replies: number;
}

/** A transcript's columns once read: never changed again (an edit makes a new store). */
export class TranscriptStore implements Columns {
  readonly entryLine: Int32Array;
  readonly entryColumn: Int32Array;
  readonly entryTextEnd: Int32Array;
  readonly entryLength: Int32Array;
  readonly entryOwner: Int32Array;
  readonly entryKind: Uint8Array;
  readonly entryInfo: Uint8Array;
  readonly entryDialect: Uint8Array;
  readonly entryTime: Float64Array;
  readonly commandEntry: Int32Array;
  readonly commandLastOwned: Int32Array;
  readonly commandFirstReply: Int32Array;
  readonly commandReplyCount: Int32Array;
  readonly commandFinal: Int32Array;
  readonly commandTransaction: Int32Array;
  readonly commandVerb: Uint8Array;
  readonly commandFlags: Uint8Array;
  readonly replyFirstEntry: Int32Array;
  readonly replyLastEntry: Int32Array;
  readonly replyLineCount: Int32Array;
  readonly replyAnswers: Int32Array;
  readonly replyCode: Uint16Array;
  readonly replyComplete: Uint8Array;
  readonly texts: Map<number, string>;

  constructor(readonly lines: LineSource, columns: Columns) {
    this.entryLine = columns.entryLine;
    this.entryColumn = columns.entryColumn;
    this.entryTextEnd = columns.entryTextEnd;
    this.entryLength = columns.entryLength;
    this.entryOwner = columns.entryOwner;
    this.entryKind = columns.entryKind;
    this.entryInfo = columns.entryInfo;
    this.entryDialect = columns.entryDialect;
    this.entryTime = columns.entryTime;
    this.commandEntry = columns.commandEntry;
    this.commandLastOwned = columns.commandLastOwned;
    this.commandFirstReply = columns.commandFirstReply;
    this.commandReplyCount = columns.commandReplyCount;
    this.commandFinal = columns.commandFinal;
    this.commandTransaction = columns.commandTransaction;
    this.commandVerb = columns.commandVerb;
    this.commandFlags = columns.commandFlags;
    this.replyFirstEntry = columns.replyFirstEntry;
    this.replyLastEntry = columns.replyLastEntry;
    this.replyLineCount = columns.replyLineCount;
    this.replyAnswers = columns.replyAnswers;
    this.replyCode = columns.replyCode;
    this.replyComplete = columns.replyComplete;
    this.texts = columns.texts;
  }

  /** How many entries, commands and replies it holds. */
  size(): StoreSize {
    return { entries: this.entryLine.length, commands: this.commandEntry.length, replies: this.replyFirstEntry.length };
  }

  /** The document line an entry was read from. */
  rawLine(entry: number): string {
    return this.lines.at(this.entryLine[entry]) ?? '';
  }

  /** The SMTP text of an entry (its TranscriptLine.text). */
  entryText(entry: number): string {
    if (this.texts.size > 0) {
      const text = this.texts.get(entry);
      if (text !== undefined) return text;
    }
    const line = this.entryLine[entry];
    if (this.lines.sliceOf && line < this.lines.length) return this.lines.sliceOf(line, this.entryColumn[entry], this.entryTextEnd[entry]);
    return this.rawLine(entry).slice(this.entryColumn[entry], this.entryTextEnd[entry]);
  }

  /** Length of the entry's SMTP text, without making it. */
  entryTextLength(entry: number): number {
    const text = this.texts.size > 0 ? this.texts.get(entry) : undefined;
    return text !== undefined ? text.length : this.entryTextEnd[entry] - this.entryColumn[entry];
  }

  entryDirection(entry: number): number {
    return this.entryInfo[entry] & INFO_DIRECTION;
  }

  entryEnd(entry: number): LineEnd {
    return ((this.entryInfo[entry] & INFO_END) >> INFO_END_SHIFT) as LineEnd;
  }

  isContinuation(entry: number): boolean {
    return (this.entryInfo[entry] & INFO_CONTINUATION) !== 0;
  }

  /** The reply's code as written: three digits. */
  replyCodeText(reply: number): string {
    return codeText(this.replyCode[reply]);
  }
}

const CODE_TEXTS: string[] = [];
/** A three-digit code as its text; the same string for the same code. */
export function codeText(code: number): string {
  return (CODE_TEXTS[code] ??= String(code).padStart(3, '0'));
}
