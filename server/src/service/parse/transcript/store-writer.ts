// The writing side of the transcript store (store.ts): columns that grow as the reader adds entries,
// commands and replies, sessions carried over from an earlier store, and the frozen result.
import type { LineEnd } from '../model';
import { KIND_AUTH_RESPONSE, KIND_COMMAND, KIND_DATA, KIND_REPLY } from './codes';
import type { LineSource } from './lines';
import { ANSWERS_NOTHING, COMMAND_PIPELINED, INFO_DIRECTION, INFO_END_SHIFT, INFO_TLS, TranscriptStore, type Columns, type LineMove, type StoreRanges, type StoreSize } from './store';

const grow = <T extends Int32Array | Uint8Array | Uint16Array | Float64Array>(array: T, size: number, make: (n: number) => T): T => {
  if (size <= array.length) return array;
  const next = make(Math.max(size, array.length * 2));
  next.set(array);
  return next;
};
const int32 = (n: number): Int32Array => new Int32Array(n);
const uint8 = (n: number): Uint8Array => new Uint8Array(n);
const uint16 = (n: number): Uint16Array => new Uint16Array(n);
const float64 = (n: number): Float64Array => new Float64Array(n);

/** Columns while a transcript is read, growing as entries arrive. */
export class StoreWriter implements Columns {
  entries = 0;
  commands = 0;
  replies = 0;
  entryLine = int32(0);
  entryColumn = int32(0);
  entryTextEnd = int32(0);
  entryLength = int32(0);
  entryOwner = int32(0);
  entryKind = uint8(0);
  entryInfo = uint8(0);
  entryDialect = uint8(0);
  entryTime = float64(0);
  /** Which session reader wrote the entry: sessions that interleave are gathered by it at the end. */
  entrySession = int32(0);
  commandEntry = int32(0);
  commandLastOwned = int32(0);
  commandFirstReply = int32(0);
  commandReplyCount = int32(0);
  commandFinal = int32(0);
  commandTransaction = int32(0);
  commandVerb = uint8(0);
  commandFlags = uint8(0);
  commandSession = int32(0);
  replyFirstEntry = int32(0);
  replyLastEntry = int32(0);
  replyLineCount = int32(0);
  replyAnswers = int32(0);
  replyCode = uint16(0);
  replyComplete = uint8(0);
  replySession = int32(0);
  texts = new Map<number, string>();
  /** Some session's entries are not contiguous: sessions interleave and must be gathered before freezing. */
  interleaved = false;

  /** Sized for what is expected, so that the columns seldom grow and freeze() seldom copies. */
  constructor(expected: StoreSize = { entries: 64, commands: 64, replies: 64 }) {
    this.reserveEntries(Math.max(64, expected.entries));
    this.reserveCommands(Math.max(64, expected.commands));
    this.reserveReplies(Math.max(64, expected.replies));
  }

  private reserveEntries(n: number): void {
    if (n <= this.entryLine.length) return;
    this.entryLine = grow(this.entryLine, n, int32);
    this.entryColumn = grow(this.entryColumn, n, int32);
    this.entryTextEnd = grow(this.entryTextEnd, n, int32);
    this.entryLength = grow(this.entryLength, n, int32);
    this.entryOwner = grow(this.entryOwner, n, int32);
    this.entryKind = grow(this.entryKind, n, uint8);
    this.entryInfo = grow(this.entryInfo, n, uint8);
    this.entryDialect = grow(this.entryDialect, n, uint8);
    this.entryTime = grow(this.entryTime, n, float64);
    this.entrySession = grow(this.entrySession, n, int32);
  }

  private reserveCommands(n: number): void {
    if (n <= this.commandEntry.length) return;
    this.commandEntry = grow(this.commandEntry, n, int32);
    this.commandLastOwned = grow(this.commandLastOwned, n, int32);
    this.commandFirstReply = grow(this.commandFirstReply, n, int32);
    this.commandReplyCount = grow(this.commandReplyCount, n, int32);
    this.commandFinal = grow(this.commandFinal, n, int32);
    this.commandTransaction = grow(this.commandTransaction, n, int32);
    this.commandVerb = grow(this.commandVerb, n, uint8);
    this.commandFlags = grow(this.commandFlags, n, uint8);
    this.commandSession = grow(this.commandSession, n, int32);
  }

  private reserveReplies(n: number): void {
    if (n <= this.replyFirstEntry.length) return;
    this.replyFirstEntry = grow(this.replyFirstEntry, n, int32);
    this.replyLastEntry = grow(this.replyLastEntry, n, int32);
    this.replyLineCount = grow(this.replyLineCount, n, int32);
    this.replyAnswers = grow(this.replyAnswers, n, int32);
    this.replyCode = grow(this.replyCode, n, uint16);
    this.replyComplete = grow(this.replyComplete, n, uint8);
    this.replySession = grow(this.replySession, n, int32);
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
    const e0 = this.entries;
    const eFrom = first.firstEntry;
    const eEnd = last.entryEnd;
    this.entryColumn.set(store.entryColumn.subarray(eFrom, eEnd), e0);
    this.entryTextEnd.set(store.entryTextEnd.subarray(eFrom, eEnd), e0);
    this.entryLength.set(store.entryLength.subarray(eFrom, eEnd), e0);
    this.entryKind.set(store.entryKind.subarray(eFrom, eEnd), e0);
    this.entryInfo.set(store.entryInfo.subarray(eFrom, eEnd), e0);
    this.entryDialect.set(store.entryDialect.subarray(eFrom, eEnd), e0);
    this.entryTime.set(store.entryTime.subarray(eFrom, eEnd), e0);
    // Columns in locals: the loops run over every entry of the document.
    const lineFrom = store.entryLine;
    const lineTo = this.entryLine;
    if (typeof move === 'number') {
      for (let i = 0; i < entries; i++) lineTo[e0 + i] = lineFrom[eFrom + i] + move;
    } else {
      for (let i = 0; i < entries; i++) lineTo[e0 + i] = move(lineFrom[eFrom + i]);
    }
    const ownerFrom = store.entryOwner;
    const ownerTo = this.entryOwner;
    const kinds = store.entryKind;
    for (let i = 0; i < entries; i++) {
      const owner = ownerFrom[eFrom + i];
      const kind = kinds[eFrom + i];
      ownerTo[e0 + i] = owner < 0 ? owner : kind === KIND_REPLY ? owner + replyShift : isCommandOwned(kind) ? owner + commandShift : owner;
    }
    // Most captures have no unquoted texts at all: look them up only when there are some.
    if (store.texts.size > 0) {
      for (let i = 0; i < entries; i++) {
        const text = store.texts.get(eFrom + i);
        if (text !== undefined) this.texts.set(e0 + i, text);
      }
    }
    const c0 = this.commands;
    const cFrom = first.firstCommand;
    const cEnd = last.commandEnd;
    this.commandVerb.set(store.commandVerb.subarray(cFrom, cEnd), c0);
    this.commandFlags.set(store.commandFlags.subarray(cFrom, cEnd), c0);
    this.commandReplyCount.set(store.commandReplyCount.subarray(cFrom, cEnd), c0);
    const shifted = (value: number, shift: number) => (value < 0 ? value : value + shift);
    for (let i = 0; i < commands; i++) {
      const c = cFrom + i;
      this.commandEntry[c0 + i] = store.commandEntry[c] + entryShift;
      this.commandLastOwned[c0 + i] = store.commandLastOwned[c] + entryShift;
      this.commandFirstReply[c0 + i] = shifted(store.commandFirstReply[c], replyShift);
      this.commandFinal[c0 + i] = shifted(store.commandFinal[c], replyShift);
      this.commandTransaction[c0 + i] = shifted(store.commandTransaction[c], commandShift);
    }
    const r0 = this.replies;
    const rFrom = first.firstReply;
    const rEnd = last.replyEnd;
    this.replyLineCount.set(store.replyLineCount.subarray(rFrom, rEnd), r0);
    this.replyCode.set(store.replyCode.subarray(rFrom, rEnd), r0);
    this.replyComplete.set(store.replyComplete.subarray(rFrom, rEnd), r0);
    for (let i = 0; i < replies; i++) {
      const r = rFrom + i;
      this.replyFirstEntry[r0 + i] = store.replyFirstEntry[r] + entryShift;
      this.replyLastEntry[r0 + i] = store.replyLastEntry[r] + entryShift;
      this.replyAnswers[r0 + i] = shifted(store.replyAnswers[r], commandShift);
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
    const pick = <T extends Int32Array | Uint8Array | Uint16Array | Float64Array>(array: T, picked: Int32Array, map?: (value: number) => number): T => {
      const out = array.slice(0, picked.length) as T;
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
    this.entryLine = pick(this.entryLine, entries.order);
    this.entryColumn = pick(this.entryColumn, entries.order);
    this.entryTextEnd = pick(this.entryTextEnd, entries.order);
    this.entryLength = pick(this.entryLength, entries.order);
    this.entryKind = pick(this.entryKind, entries.order);
    this.entryInfo = pick(this.entryInfo, entries.order);
    this.entryDialect = pick(this.entryDialect, entries.order);
    this.entryTime = pick(this.entryTime, entries.order);
    this.entrySession = pick(this.entrySession, entries.order);
    this.entryOwner = owners;
    this.commandEntry = pick(this.commandEntry, commands.order, mapped(entryAt));
    this.commandLastOwned = pick(this.commandLastOwned, commands.order, lastAt);
    this.commandFirstReply = pick(this.commandFirstReply, commands.order, mapped(replyAt));
    this.commandReplyCount = pick(this.commandReplyCount, commands.order);
    this.commandFinal = pick(this.commandFinal, commands.order, mapped(replyAt));
    this.commandTransaction = pick(this.commandTransaction, commands.order, mapped(commandAt));
    this.commandVerb = pick(this.commandVerb, commands.order);
    this.commandFlags = pick(this.commandFlags, commands.order);
    this.commandSession = pick(this.commandSession, commands.order);
    this.replyFirstEntry = pick(this.replyFirstEntry, replies.order, mapped(entryAt));
    this.replyLastEntry = pick(this.replyLastEntry, replies.order, lastAt);
    this.replyLineCount = pick(this.replyLineCount, replies.order);
    this.replyAnswers = pick(this.replyAnswers, replies.order, mapped(commandAt));
    this.replyCode = pick(this.replyCode, replies.order);
    this.replyComplete = pick(this.replyComplete, replies.order);
    this.replySession = pick(this.replySession, replies.order);
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
    const n = this.entries;
    const m = this.commands;
    const k = this.replies;
    return new TranscriptStore(lines, {
      entryLine: fit(this.entryLine, n), entryColumn: fit(this.entryColumn, n), entryTextEnd: fit(this.entryTextEnd, n),
      entryLength: fit(this.entryLength, n), entryOwner: fit(this.entryOwner, n), entryKind: fit(this.entryKind, n),
      entryInfo: fit(this.entryInfo, n), entryDialect: fit(this.entryDialect, n), entryTime: fit(this.entryTime, n),
      commandEntry: fit(this.commandEntry, m), commandLastOwned: fit(this.commandLastOwned, m), commandFirstReply: fit(this.commandFirstReply, m),
      commandReplyCount: fit(this.commandReplyCount, m), commandFinal: fit(this.commandFinal, m), commandTransaction: fit(this.commandTransaction, m),
      commandVerb: fit(this.commandVerb, m), commandFlags: fit(this.commandFlags, m),
      replyFirstEntry: fit(this.replyFirstEntry, k), replyLastEntry: fit(this.replyLastEntry, k), replyLineCount: fit(this.replyLineCount, k),
      replyAnswers: fit(this.replyAnswers, k), replyCode: fit(this.replyCode, k), replyComplete: fit(this.replyComplete, k),
      texts: this.texts,
    });
  }
}

/**
 * The first `n` values of a column: the column itself (a view of it) when little of it is unused,
 * else a copy of the right size. Copying every column of a 20 MB transcript cost each edit 24 MB.
 */
function fit<T extends Int32Array | Uint16Array | Uint8Array | Float64Array>(column: T, n: number): T {
  return (column.length - n <= (n >> 3) + 64 ? column.subarray(0, n) : column.slice(0, n)) as T;
}

/** Entries that belong to a command rather than to a reply. */
function isCommandOwned(kind: number): boolean {
  return kind === KIND_COMMAND || kind === KIND_DATA || kind === KIND_AUTH_RESPONSE;
}
