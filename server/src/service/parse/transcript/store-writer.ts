// The writing side of the transcript store (store.ts): columns that grow as the reader adds entries,
// commands and replies, sessions carried over from an earlier store, and the frozen result.
import type { LineEnd } from '../model';
import { KIND_AUTH_RESPONSE, KIND_COMMAND, KIND_DATA, KIND_REPLY } from './codes';
import type { LineSource } from './lines';
import {
  ANSWERS_NOTHING, COLUMN_NAMES, COLUMN_SCHEMA, COMMAND_PIPELINED, INFO_DIRECTION, INFO_END_SHIFT, INFO_TLS, KEPT_COLUMN_NAMES, makeColumn, TranscriptStore,
  type ColumnArray, type ColumnName, type KeptColumnName, type LineMove, type StoreRanges, type StoreSize, type WriterColumns,
} from './store';

type Table = 'entry' | 'command' | 'reply';
const TABLE_COLUMNS: Record<Table, ColumnName[]> = {
  entry: COLUMN_NAMES.filter((name) => COLUMN_SCHEMA[name].table === 'entry'),
  command: COLUMN_NAMES.filter((name) => COLUMN_SCHEMA[name].table === 'command'),
  reply: COLUMN_NAMES.filter((name) => COLUMN_SCHEMA[name].table === 'reply'),
};

/** The writer's column fields, made from the schema with room for `size` rows of each table. */
const WriterColumnFields = class {
  constructor(size: StoreSize) {
    const fields = this as unknown as Record<ColumnName, ColumnArray>;
    for (const name of COLUMN_NAMES) fields[name] = makeColumn(name, rowsOf(size, COLUMN_SCHEMA[name].table));
  }
} as new (size: StoreSize) => WriterColumns;

function rowsOf(size: StoreSize, table: Table): number {
  return table === 'entry' ? size.entries : table === 'command' ? size.commands : size.replies;
}

/** Columns while a transcript is read, growing as entries arrive. */
export class StoreWriter extends WriterColumnFields {
  entries = 0;
  commands = 0;
  replies = 0;
  texts = new Map<number, string>();
  /** Some session's entries are not contiguous: sessions interleave and must be gathered before freezing. */
  interleaved = false;

  /** Sized for what is expected, so that the columns seldom grow and freeze() seldom copies. */
  constructor(expected: StoreSize = { entries: 64, commands: 64, replies: 64 }) {
    super({ entries: Math.max(64, expected.entries), commands: Math.max(64, expected.commands), replies: Math.max(64, expected.replies) });
  }

  /** The columns by name, to be replaced (grown, reordered). */
  private get fields(): Record<ColumnName, ColumnArray> {
    return this as unknown as Record<ColumnName, ColumnArray>;
  }

  /** Room for `n` rows in every column of `table`, at least doubling so that growth stays rare. */
  private reserve(table: Table, n: number, current: number): void {
    if (n <= current) return;
    const size = Math.max(n, current * 2);
    const fields = this.fields;
    for (const name of TABLE_COLUMNS[table]) {
      const next = makeColumn(name, size);
      next.set(fields[name]);
      fields[name] = next;
    }
  }

  private reserveEntries(n: number): void {
    this.reserve('entry', n, this.entryLine.length);
  }

  private reserveCommands(n: number): void {
    this.reserve('command', n, this.commandEntry.length);
  }

  private reserveReplies(n: number): void {
    this.reserve('reply', n, this.replyFirstEntry.length);
  }

  /** A new entry: kind 'text', direction 'meta', no owner; the reader settles the rest. */
  addEntry(session: number, line: number, column: number, textEnd: number, length: number, dialect: number, tls: boolean, end: LineEnd): number {
    const e = this.entries;
    if (e >= this.entryLine.length) this.reserveEntries(e + 1);
    this.entryLine[e] = line;
    this.entryColumn[e] = column;
    this.entryTextEnd[e] = textEnd;
    this.entryLength[e] = length;
    this.entryOwner[e] = -1;
    this.entryKind[e] = 7;
    this.entryInfo[e] = (tls ? INFO_TLS : 0) | (end << INFO_END_SHIFT);
    this.entryDialect[e] = dialect;
    this.entryTime[e] = NaN;
    this.entrySession[e] = session;
    this.entries = e + 1;
    return e;
  }

  setDirection(entry: number, direction: number): void {
    this.entryInfo[entry] = (this.entryInfo[entry] & ~INFO_DIRECTION) | direction;
  }

  addCommand(session: number, entry: number, verb: number, pipelined: boolean, transaction: number): number {
    const c = this.commands;
    if (c >= this.commandEntry.length) this.reserveCommands(c + 1);
    this.commandEntry[c] = entry;
    this.commandLastOwned[c] = entry;
    this.commandFirstReply[c] = -1;
    this.commandReplyCount[c] = 0;
    this.commandFinal[c] = -1;
    this.commandTransaction[c] = transaction;
    this.commandVerb[c] = verb;
    this.commandFlags[c] = pipelined ? COMMAND_PIPELINED : 0;
    this.commandSession[c] = session;
    this.entryOwner[entry] = c;
    this.commands = c + 1;
    return c;
  }

  addReply(session: number, firstEntry: number, code: number): number {
    const r = this.replies;
    if (r >= this.replyFirstEntry.length) this.reserveReplies(r + 1);
    this.replyFirstEntry[r] = firstEntry;
    this.replyLastEntry[r] = firstEntry;
    this.replyLineCount[r] = 0;
    this.replyAnswers[r] = ANSWERS_NOTHING;
    this.replyCode[r] = code;
    this.replyComplete[r] = 0;
    this.replyLineFlags[r] = 0;
    this.replySession[r] = session;
    this.replies = r + 1;
    return r;
  }

  /**
   * Copies the columns of sessions read before, lying one after another in `store` (each range
   * starts where the one before ends), their lines moved by `move` (a delta: an edit elsewhere
   * moved them; or a function: their lines were read apart from the document); `sessions` are their
   * new numbers. Returns where each now lies. One copy for the run: after an edit, every session
   * but the touched ones is carried, and a copy per session would cost more than the reading.
   */
  carry(store: TranscriptStore, run: readonly StoreRanges[], move: LineMove, sessions: readonly number[]): StoreRanges[] {
    if (run.length === 0) return [];
    const first = run[0];
    const last = run[run.length - 1];
    const entryShift = this.entries - first.firstEntry;
    const commandShift = this.commands - first.firstCommand;
    const replyShift = this.replies - first.firstReply;
    const entries = last.entryEnd - first.firstEntry;
    const commands = last.commandEnd - first.firstCommand;
    const replies = last.replyEnd - first.firstReply;
    this.reserveEntries(this.entries + entries);
    this.reserveCommands(this.commands + commands);
    this.reserveReplies(this.replies + replies);
    const from: Record<Table, number> = { entry: first.firstEntry, command: first.firstCommand, reply: first.firstReply };
    const count: Record<Table, number> = { entry: entries, command: commands, reply: replies };
    const at: Record<Table, number> = { entry: this.entries, command: this.commands, reply: this.replies };
    const shift: Record<'entry' | 'last-entry' | 'command' | 'reply', number> = { entry: entryShift, 'last-entry': entryShift, command: commandShift, reply: replyShift };
    const fields = this.fields;
    for (const name of KEPT_COLUMN_NAMES) {
      const { table, refers } = COLUMN_SCHEMA[name];
      const source = store[name];
      const target = fields[name];
      const start = from[table];
      const n = count[table];
      const to = at[table];
      // Nothing moved (the sessions before an edit; after one that kept the line count, all of them): copied as they are.
      const unchanged = refers === 'value' || (refers === 'line' ? move === 0 : refers === 'owner' ? commandShift === 0 && replyShift === 0 : shift[refers] === 0);
      if (unchanged) target.set(source.subarray(start, start + n), to);
      else if (refers === 'line') moveLines(source, target, start, n, to, move);
      else if (refers === 'owner') carryOwners(source, store.entryKind, target, start, n, to, commandShift, replyShift);
      else shiftIndexes(source, target, start, n, to, shift[refers]);
    }
    // Most captures have no unquoted texts at all: look them up only when there are some.
    if (store.texts.size > 0) {
      for (let i = 0; i < entries; i++) {
        const text = store.texts.get(from.entry + i);
        if (text !== undefined) this.texts.set(at.entry + i, text);
      }
    }
    this.entries += entries;
    this.commands += commands;
    this.replies += replies;
    return run.map((from, i) => {
      const moved: StoreRanges = {
        firstEntry: from.firstEntry + entryShift, entryEnd: from.entryEnd + entryShift,
        firstCommand: from.firstCommand + commandShift, commandEnd: from.commandEnd + commandShift,
        firstReply: from.firstReply + replyShift, replyEnd: from.replyEnd + replyShift,
      };
      this.entrySession.fill(sessions[i], moved.firstEntry, moved.entryEnd);
      this.commandSession.fill(sessions[i], moved.firstCommand, moved.commandEnd);
      this.replySession.fill(sessions[i], moved.firstReply, moved.replyEnd);
      return moved;
    });
  }

  /**
   * Puts every session's entries, commands and replies together, sessions in the order given and
   * anything of sessions not given left out: readers of logs that interleave conversations (by
   * session id or process) write them in document order. Returns each session's ranges.
   */
  gather(sessions: readonly number[]): StoreRanges[] {
    let highest = -1;
    for (const s of sessions) if (s > highest) highest = s;
    const position = new Int32Array(highest + 1).fill(-1);
    sessions.forEach((s, i) => { position[s] = i; });
    const order = (count: number, sessionOf: Int32Array): { order: Int32Array; starts: Int32Array } => {
      const starts = new Int32Array(sessions.length + 1);
      for (let i = 0; i < count; i++) {
        const p = position[sessionOf[i]] ?? -1;
        if (p >= 0) starts[p + 1]++;
      }
      for (let p = 0; p < sessions.length; p++) starts[p + 1] += starts[p];
      const next = starts.slice(0, sessions.length);
      const result = new Int32Array(starts[sessions.length]);
      for (let i = 0; i < count; i++) {
        const p = position[sessionOf[i]] ?? -1;
        if (p >= 0) result[next[p]++] = i;
      }
      return { order: result, starts };
    };
    const entries = order(this.entries, this.entrySession);
    const commands = order(this.commands, this.commandSession);
    const replies = order(this.replies, this.replySession);
    const entryAt = new Int32Array(this.entries).fill(-1);
    entries.order.forEach((old, i) => { entryAt[old] = i; });
    const commandAt = new Int32Array(this.commands).fill(-1);
    commands.order.forEach((old, i) => { commandAt[old] = i; });
    const replyAt = new Int32Array(this.replies).fill(-1);
    replies.order.forEach((old, i) => { replyAt[old] = i; });
    const pick = (array: ColumnArray, picked: Int32Array, map?: (value: number) => number): ColumnArray => {
      const out = array.slice(0, picked.length);
      for (let i = 0; i < picked.length; i++) out[i] = map ? map(array[picked[i]]) : array[picked[i]];
      return out;
    };
    const mapped = (at: Int32Array) => (value: number) => (value < 0 ? value : at[value]);
    const owners = new Int32Array(entries.order.length);
    for (let i = 0; i < owners.length; i++) {
      const old = entries.order[i];
      const owner = this.entryOwner[old];
      const kind = this.entryKind[old];
      owners[i] = owner < 0 ? owner : kind === KIND_REPLY ? replyAt[owner] : isCommandOwned(kind) ? commandAt[owner] : owner;
    }
    const texts = new Map<number, string>();
    for (const [e, text] of this.texts) if (entryAt[e] >= 0) texts.set(entryAt[e], text);
    // The last entry a command or reply owns becomes the last one at or before it in the new order.
    const lastAt = (old: number): number => {
      let e = old;
      while (e >= 0 && entryAt[e] < 0) e--;
      return e < 0 ? 0 : entryAt[e];
    };
    const orderOf: Record<Table, Int32Array> = { entry: entries.order, command: commands.order, reply: replies.order };
    const renumber = { entry: mapped(entryAt), 'last-entry': lastAt, command: mapped(commandAt), reply: mapped(replyAt) };
    const fields = this.fields;
    for (const name of COLUMN_NAMES) {
      const { table, refers } = COLUMN_SCHEMA[name];
      if (refers === 'owner') fields[name] = owners;
      else if (refers === 'value' || refers === 'line' || refers === 'session') fields[name] = pick(fields[name], orderOf[table]);
      else fields[name] = pick(fields[name], orderOf[table], renumber[refers]);
    }
    this.texts = texts;
    this.entries = entries.order.length;
    this.commands = commands.order.length;
    this.replies = replies.order.length;
    return sessions.map((_, p) => ({
      firstEntry: entries.starts[p], entryEnd: entries.starts[p + 1],
      firstCommand: commands.starts[p], commandEnd: commands.starts[p + 1],
      firstReply: replies.starts[p], replyEnd: replies.starts[p + 1],
    }));
  }

  /** The finished columns, each cut to its size (see fit), reading their text from `lines`; the writer is done with. */
  freeze(lines: LineSource): TranscriptStore {
    const rows: Record<Table, number> = { entry: this.entries, command: this.commands, reply: this.replies };
    const fields = this.fields;
    const kept = {} as Record<KeptColumnName, ColumnArray>;
    for (const name of KEPT_COLUMN_NAMES) kept[name] = fit(fields[name], rows[COLUMN_SCHEMA[name].table]);
    return new TranscriptStore(lines, { ...(kept as Pick<WriterColumns, KeptColumnName>), texts: this.texts });
  }
}

/**
 * The first `n` values of a column: the column itself (a view of it) when little of it is unused,
 * else a copy of the right size. Copying every column of a 20 MB transcript cost each edit 24 MB.
 */
function fit(column: ColumnArray, n: number): ColumnArray {
  return column.length - n <= (n >> 3) + 64 ? column.subarray(0, n) : column.slice(0, n);
}

/** Copies `n` document lines of a carried run, moved by a delta or by a function. */
function moveLines(source: ColumnArray, target: ColumnArray, start: number, n: number, to: number, move: LineMove): void {
  if (typeof move === 'number') {
    for (let i = 0; i < n; i++) target[to + i] = source[start + i] + move;
  } else {
    for (let i = 0; i < n; i++) target[to + i] = move(source[start + i]);
  }
}

/** Copies `n` indexes of a carried run, shifted to where their table's rows now lie; markers (< 0) stay. */
function shiftIndexes(source: ColumnArray, target: ColumnArray, start: number, n: number, to: number, shift: number): void {
  for (let i = 0; i < n; i++) {
    const value = source[start + i];
    target[to + i] = value < 0 ? value : value + shift;
  }
}

/** Copies entries' owners: a reply entry's owner is a reply, a command-owned entry's a command. */
function carryOwners(source: ColumnArray, kinds: Uint8Array, target: ColumnArray, start: number, n: number, to: number, commandShift: number, replyShift: number): void {
  for (let i = 0; i < n; i++) {
    const owner = source[start + i];
    const kind = kinds[start + i];
    target[to + i] = owner < 0 ? owner : kind === KIND_REPLY ? owner + replyShift : isCommandOwned(kind) ? owner + commandShift : owner;
  }
}

/** Entries that belong to a command rather than to a reply. */
function isCommandOwned(kind: number): boolean {
  return kind === KIND_COMMAND || kind === KIND_DATA || kind === KIND_AUTH_RESPONSE;
}
