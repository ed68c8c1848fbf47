import type { Session, TranscriptModel } from '../model';
import { splitLines, TextLines, type LineSource } from './lines';
import { TranscriptReader, usesPrefixes } from './transcript-reader';
import { StoredSession } from './session';
import type { TranscriptStore } from './store';

/** One edit, in the lines of the document before it: lines start..end were replaced by `newLineCount` lines. */
export interface LineEdit {
  start: number;
  end: number;
  newLineCount: number;
}

/**
 * Dialects whose sessions interleave (by session id or by process), where re-reading a stretch of
 * lines could split a session that the whole document keeps together.
 */
export const INTERLEAVED = new Set(['exchange-csv', 'postfix-verbose', 'exim-debug']);

/**
 * Stores a model's sessions may lie in before an edit carries them all into one again: each edit
 * that re-reads sessions of different places adds one (an edit where the last one was replaces it).
 */
const MAX_STORES = 16;

/**
 * The model of the edited text, re-reading only the sessions the edit touched (and one on each
 * side, since an edit can join or split sessions) into a store of their own. The others stay in
 * their stores, those after the edit moved there in place, so an edit costs what it re-reads, not
 * the document's size; now and then (too many stores, or too many rows of sessions gone) every
 * session is carried into one new store instead. The model given is changed: its sessions and
 * stores are the new model's. Undefined when the edit could change how the whole is read: then the
 * caller reads the whole text. `onMoved` hears which sessions moved and by how much (with a set in
 * which to note the objects it moved), so caches holding their findings can move with them.
 */
export function rereadTranscript(previous: TranscriptModel, text: string | LineSource, edit: LineEdit,
  onMoved?: (sessions: readonly Session[], delta: number, moved: Set<object>) => void): TranscriptModel | undefined {
  const lines: LineSource = typeof text === 'string' ? TextLines.of(text) : text;
  const delta = edit.newLineCount - (edit.end - edit.start + 1);
  const whole = (): undefined => undefined;
  if (lines.length !== previous.lineCount + delta) return whole();
  if (previous.sessions.some((s) => s.id !== undefined || INTERLEAVED.has(s.dialect))) return whole();
  if (usesPrefixes(lines) !== previous.prefixed) return whole();

  const sessions = previous.sessions;
  // First and last session the edit touches or borders, widened by one on each side.
  let first = sessions.findIndex((s) => s.endLine >= edit.start - 1);
  if (first < 0) first = sessions.length;
  let last = first - 1;
  while (last + 1 < sessions.length && sessions[last + 1].startLine <= edit.end + 1) last++;
  first = Math.max(0, first - 1);
  last = Math.min(sessions.length - 1, last + 1);

  const before = sessions.slice(0, first);
  const after = sessions.slice(last + 1);
  const from = before.length > 0 ? before[before.length - 1].endLine + 1 : 0;
  const oldTo = after.length > 0 ? after[0].startLine : previous.lineCount;
  const to = oldTo + delta;
  if (from > edit.start || to < from) return whole();
  if (!before.every(isStored) || !after.every(isStored)) return whole();

  const kept = storesOf(before, after);
  const carryAll = kept.stores.size >= MAX_STORES || kept.rows > 2 * kept.liveRows + 65_536;
  const reader = new TranscriptReader(lines, carryAll
    ? { entries: kept.liveRows + (to - from) + 64, commands: kept.liveCommands + 64, replies: kept.liveReplies + 64 }
    : { entries: Math.max(0, to - from) + 64, commands: 64, replies: 64 });
  if (carryAll) reader.carry(before, 0);
  // Where the sessions after the edit will start once moved; reading stops at the first of them it reaches.
  const resumeAt = { has: (line: number): boolean => startsSession(after, line - delta) };
  const stoppedAt = reader.read({ lines, from, to, prefixed: previous.prefixed, resumeAt });
  while (after.length > 0 && after[0].startLine + delta < stoppedAt) after.shift();
  if (delta !== 0 && after.length > 0) onMoved?.(after, delta, new Set());
  if (carryAll) {
    reader.carry(after, delta);
    return { kind: 'transcript', lineCount: lines.length, prefixed: previous.prefixed, sessions: reader.finish().sessions };
  }
  const read = reader.finish().sessions;
  const result: Session[] = before;
  for (const session of read) {
    session.index = result.length;
    result.push(session);
  }
  for (const session of after) {
    session.moveInPlace(result.length, delta);
    result.push(session);
  }
  // Lines before the edit are the same in the edited text, and those after it are where they moved to.
  for (const store of kept.stores) store.lines = lines;
  return { kind: 'transcript', lineCount: lines.length, prefixed: previous.prefixed, sessions: result };
}

/** Whether one of `sessions` (in document order) starts on `line`: a binary search, where a set of every start cost each edit a millisecond. */
function startsSession(sessions: readonly Session[], line: number): boolean {
  let low = 0;
  let high = sessions.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const start = sessions[mid].startLine;
    if (start === line) return true;
    if (start < line) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

function isStored(session: Session): session is StoredSession {
  return session instanceof StoredSession;
}

/** The stores sessions lie in, how many rows they hold in all and how many of them are those sessions'. */
function storesOf(...runs: ReadonlyArray<readonly StoredSession[]>): { stores: Set<TranscriptStore>; rows: number; liveRows: number; liveCommands: number; liveReplies: number } {
  const stores = new Set<TranscriptStore>();
  let rows = 0;
  let liveRows = 0;
  let liveCommands = 0;
  let liveReplies = 0;
  let latest: TranscriptStore | undefined;
  for (const run of runs) {
    for (const session of run) {
      const { ranges, store } = session;
      liveRows += ranges.entryEnd - ranges.firstEntry;
      liveCommands += ranges.commandEnd - ranges.firstCommand;
      liveReplies += ranges.replyEnd - ranges.firstReply;
      if (store === latest || stores.has(store)) continue;
      latest = store;
      stores.add(store);
      rows += store.entryLine.length;
    }
  }
  return { stores, rows, liveRows, liveCommands, liveReplies };
}

/**
 * The lines of `text` after `edit`: found from the lines `previous` was read from, or, when it kept
 * none (no session), by reading the text.
 */
export function linesAfterEdit(previous: TranscriptModel, text: string, edit: LineEdit): TextLines {
  const first = previous.sessions[0];
  const before = first instanceof StoredSession ? first.store.lines : undefined;
  return before instanceof TextLines ? TextLines.edited(before, text, edit.start, edit.end, edit.newLineCount) : TextLines.of(text);
}

/**
 * Two edits made one: `first` (in the original lines), then `next` (in the lines after `first`),
 * as one edit in the original lines that covers both.
 */
export function composeEdits(first: LineEdit, next: LineEdit): LineEdit {
  const firstDelta = first.newLineCount - (first.end - first.start + 1);
  const nextDelta = next.newLineCount - (next.end - next.start + 1);
  // The changed stretch in the current lines, after both edits.
  const firstEndNow = first.start + first.newLineCount - 1;
  const start = Math.min(first.start, next.start);
  const endAfterFirst = firstEndNow > next.end ? firstEndNow + nextDelta : next.start + next.newLineCount - 1;
  const end = Math.max(endAfterFirst, next.start + next.newLineCount - 1);
  const delta = firstDelta + nextDelta;
  return { start, end: end - delta, newLineCount: end - start + 1 };
}

/** The line edit an LSP content change makes: lines start..end replaced by as many lines as the text has. */
export function lineEditOf(range: { start: { line: number }; end: { line: number } }, text: string): LineEdit {
  return { start: range.start.line, end: range.end.line, newLineCount: splitLines(text).length };
}

