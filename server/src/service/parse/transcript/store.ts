import type { LineEnd } from '../model';
import type { Continuation } from './command-line';
import { TextLines, type LineSource } from './lines';

/**
 * A transcript as columns: every line the reader kept (an "entry"), every command and every reply
 * as one slot in typed arrays, numbers instead of objects. A 20 MB capture is a million lines; as
 * objects it cost 18 times its size and most of the reading time went to the garbage collector.
 * Objects (TranscriptLine, Command, Reply) are made from these columns when a feature asks for a
 * session (views.ts); the reader, position lookups and edits read the columns themselves. The
 * columns are listed once, in COLUMN_SCHEMA below, and written by StoreWriter (store-writer.ts).
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


/** The typed array a column is kept in. */
type ColumnType = 'int32' | 'uint8' | 'uint16' | 'float64';
type ArrayOf<T extends ColumnType> = T extends 'int32' ? Int32Array : T extends 'uint8' ? Uint8Array : T extends 'uint16' ? Uint16Array : Float64Array;
export type ColumnArray = Int32Array | Uint8Array | Uint16Array | Float64Array;

/**
 * What a column's values are, which says how they move when sessions are carried over from an
 * earlier store or gathered into another order: a plain value is copied; a document line moves with
 * the edit; an index of an entry, command or reply is shifted or renumbered with that table (negative
 * values are markers and stay); the last entry a command or reply owns becomes the last one kept at
 * or before it; an entry's owner is a command or a reply, by the entry's kind; a session number is the
 * writer's own (which session reader wrote the row) and is not kept in the frozen store.
 */
type Refers = 'value' | 'line' | 'entry' | 'last-entry' | 'command' | 'reply' | 'owner' | 'session';

interface ColumnSpec {
  /** The table the column belongs to: one row per entry, per command, or per reply. */
  readonly table: 'entry' | 'command' | 'reply';
  readonly type: ColumnType;
  readonly refers: Refers;
}

/**
 * Every column of a transcript, described once: the writer allocates, grows, carries, gathers and
 * freezes them from this table, and the store's and the writer's fields are typed from it. Adding a
 * column is adding a row here and writing it where the reader learns its value.
 */
export const COLUMN_SCHEMA = {
  /** The document line the entry was read from. */
  entryLine: { table: 'entry', type: 'int32', refers: 'line' },
  /** Column where the entry's SMTP text starts on its document line. */
  entryColumn: { table: 'entry', type: 'int32', refers: 'value' },
  /** Column where it ends, unless the text is one of `texts`. */
  entryTextEnd: { table: 'entry', type: 'int32', refers: 'value' },
  /** Length of the whole document line (UTF-16 units). */
  entryLength: { table: 'entry', type: 'int32', refers: 'value' },
  /** The command (command, data, auth-response entries) or reply (reply entries) it belongs to, or -1. */
  entryOwner: { table: 'entry', type: 'int32', refers: 'owner' },
  entryKind: { table: 'entry', type: 'uint8', refers: 'value' },
  /** Direction, TLS, line end and continuation bits (INFO_*). */
  entryInfo: { table: 'entry', type: 'uint8', refers: 'value' },
  entryDialect: { table: 'entry', type: 'uint8', refers: 'value' },
  /** Seconds the logging program wrote before the line (see line-time.ts), NaN when it wrote none. */
  entryTime: { table: 'entry', type: 'float64', refers: 'value' },
  /** Which session reader wrote the entry: sessions that interleave are gathered by it at the end. */
  entrySession: { table: 'entry', type: 'int32', refers: 'session' },
  commandEntry: { table: 'command', type: 'int32', refers: 'entry' },
  /** Last entry that belongs to the command (its content or AUTH responses). */
  commandLastOwned: { table: 'command', type: 'int32', refers: 'last-entry' },
  commandFirstReply: { table: 'command', type: 'int32', refers: 'reply' },
  commandReplyCount: { table: 'command', type: 'int32', refers: 'value' },
  /** The reply that completed it (-1 while waiting), after any 334 or 354 before it. */
  commandFinal: { table: 'command', type: 'int32', refers: 'reply' },
  /** The MAIL command of the transaction it was sent in (MAIL, RCPT, DATA, BDAT), or -1. */
  commandTransaction: { table: 'command', type: 'int32', refers: 'command' },
  commandVerb: { table: 'command', type: 'uint8', refers: 'value' },
  /** COMMAND_* bits. */
  commandFlags: { table: 'command', type: 'uint8', refers: 'value' },
  commandSession: { table: 'command', type: 'int32', refers: 'session' },
  replyFirstEntry: { table: 'reply', type: 'int32', refers: 'entry' },
  replyLastEntry: { table: 'reply', type: 'int32', refers: 'last-entry' },
  replyLineCount: { table: 'reply', type: 'int32', refers: 'value' },
  /** The command it answers, or ANSWERS_*. */
  replyAnswers: { table: 'reply', type: 'int32', refers: 'command' },
  /** The code of its first line, 0–999. */
  replyCode: { table: 'reply', type: 'uint16', refers: 'value' },
  replyComplete: { table: 'reply', type: 'uint8', refers: 'value' },
  /** LINE_* bits of its lines (reply-line.ts), for rules to pass over replies with nothing to report. */
  replyLineFlags: { table: 'reply', type: 'uint8', refers: 'value' },
  replySession: { table: 'reply', type: 'int32', refers: 'session' },
} as const satisfies Record<string, ColumnSpec>;

type Schema = typeof COLUMN_SCHEMA;
export type ColumnName = keyof Schema;
/** Every column the writer keeps, its own session numbers included. */
export type WriterColumns = { -readonly [K in ColumnName]: ArrayOf<Schema[K]['type']> };
/** The columns a frozen store keeps: all but the writer's session numbers. */
export type KeptColumnName = { [K in ColumnName]: Schema[K]['refers'] extends 'session' ? never : K }[ColumnName];
export const COLUMN_NAMES = Object.keys(COLUMN_SCHEMA) as ColumnName[];
export const KEPT_COLUMN_NAMES = COLUMN_NAMES.filter((name): name is KeptColumnName => COLUMN_SCHEMA[name].refers !== 'session');

/** A new column of the schema's array type, `n` long. */
export function makeColumn<K extends ColumnName>(name: K, n: number): WriterColumns[K] {
  switch (COLUMN_SCHEMA[name].type) {
    case 'int32': return new Int32Array(n) as WriterColumns[K];
    case 'uint8': return new Uint8Array(n) as WriterColumns[K];
    case 'uint16': return new Uint16Array(n) as WriterColumns[K];
    default: return new Float64Array(n) as WriterColumns[K];
  }
}

/** The columns shared by the writer and the frozen store. */
export type Columns = Pick<WriterColumns, KeptColumnName> & { texts: Map<number, string> };

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

/** The store's column fields, copied from the columns it is made of (their types come from the schema). */
const KeptColumnFields = class {
  constructor(columns: Columns) {
    const fields = this as unknown as Record<KeptColumnName, ColumnArray>;
    for (const name of KEPT_COLUMN_NAMES) fields[name] = columns[name];
  }
} as new (columns: Columns) => Readonly<Pick<WriterColumns, KeptColumnName>>;

/**
 * A transcript's columns once read. An edit reads the sessions it touched into a store of their own
 * and leaves the others where they are: it moves the lines of those after it in place (moveLines)
 * and points every store of the model at the edited text's lines. A document's sessions may so lie
 * in several stores.
 */
export class TranscriptStore extends KeptColumnFields {
  readonly texts: Map<number, string>;

  constructor(public lines: LineSource, columns: Columns) {
    super(columns);
    this.texts = columns.texts;
  }

  /** Moves the document lines of entries [from, end) by `delta`: an edit above them added or took lines. */
  moveLines(from: number, end: number, delta: number): void {
    const lines = this.entryLine;
    for (let e = from; e < end; e++) lines[e] += delta;
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

  /**
   * `read(s, from, to, arg)` on the entry's SMTP text where it stands: [from, to) of the document's
   * text, not a string sliced out of it. Rules that test every reply line this way make no string per
   * line (nor a function per line: what the test needs besides the text comes as `arg`).
   */
  readEntryText<T, A>(entry: number, read: (s: string, from: number, to: number, arg: A) => T, arg: A): T {
    const own = this.texts.size > 0 ? this.texts.get(entry) : undefined;
    const line = this.entryLine[entry];
    if (own === undefined && this.lines instanceof TextLines && line < this.lines.length) {
      const start = this.lines.startIn(line);
      const end = this.lines.endIn(line);
      return read(this.lines.stringOf(line), Math.min(start + this.entryColumn[entry], end), Math.min(start + this.entryTextEnd[entry], end), arg);
    }
    const text = own ?? this.entryText(entry);
    return read(text, 0, text.length, arg);
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
