import { LineEnd, type TranscriptModel } from '../model';
import type { LineSource } from '../transcript/lines';
import { readModel, TranscriptReader, usesPrefixes } from '../transcript/transcript-reader';

/**
 * The SMTP dialogue a log carries (Postfix verbose `>`/`<` lines, Exchange protocol logs), read by
 * the transcript readers. They get only those lines, one after another, so that a 100 MB log with a
 * few verbose lines costs a few lines' work; the sessions are then carried to the log's own lines.
 */
export function readDialogue(lines: readonly string[], lineNumbers: readonly number[], lineCount: number): TranscriptModel {
  if (lines.length === 0) return { kind: 'transcript', prefixed: true, lineCount, sessions: [] };
  // The dialogue lines as if they stood one after another, each ending in LF but the last.
  const together: LineSource = { length: lines.length, at: (i) => lines[i], endAt: (i) => (i < lines.length - 1 ? LineEnd.LF : LineEnd.None) };
  const read = readModel(together, [{ from: 0, to: lines.length }], usesPrefixes(together));
  // The same lines where they stand in the log, for the objects made from the store later.
  const inLog: LineSource = { length: lineCount, at: (line) => lines[indexOf(lineNumbers, line)] };
  const reader = new TranscriptReader(inLog, { entries: 0, commands: 0, replies: 0 });
  reader.carry(read.sessions, (i) => lineNumbers[i] ?? i);
  return { kind: 'transcript', prefixed: read.prefixed, lineCount, sessions: reader.finish().sessions };
}

/** Position of `value` in ascending `values`, or -1. */
function indexOf(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (values[mid] < value) low = mid + 1;
    else if (values[mid] > value) high = mid - 1;
    else return mid;
  }
  return -1;
}
