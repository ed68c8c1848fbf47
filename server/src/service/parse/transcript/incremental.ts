import type { Session, TranscriptModel } from '../model';
import { splitLines, TextLines, type LineSource } from './lines';
import { TranscriptReader, usesPrefixes } from './transcript-reader';
import { StoredSession } from './session';

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
 * The model of the edited text, re-reading only the sessions the edit touched (and one on each
 * side, since an edit can join or split sessions) and carrying the others over, those after it
 * moved. Undefined when the edit could change how the whole is read: then the caller reads the
 * whole text. `onMoved` hears which sessions moved and by how much (with a set in which to note
 * the objects it moved), so caches holding their findings can move with them.
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

  // Room for what the document had, and for what the edit added: the columns need not grow.
  const old = previous.sessions[0] instanceof StoredSession ? previous.sessions[0].store.size() : undefined;
  const added = Math.max(0, to - from) + 64;
  const reader = new TranscriptReader(lines, old
    ? { entries: old.entries + added, commands: old.commands + added, replies: old.replies + added }
    : { entries: lines.length, commands: 64, replies: 64 });
  reader.carry(before, 0);
  // Where the sessions after the edit will start once moved; reading stops at the first of them it reaches.
  const resumeAt = new Set(after.map((s) => s.startLine + delta));
  const stoppedAt = reader.read({ lines, from, to, prefixed: previous.prefixed, resumeAt });
  while (after.length > 0 && after[0].startLine + delta < stoppedAt) after.shift();
  if (delta !== 0 && after.length > 0) onMoved?.(after, delta, new Set());
  reader.carry(after, delta);
  return { kind: 'transcript', lineCount: lines.length, prefixed: previous.prefixed, sessions: reader.finish().sessions };
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

