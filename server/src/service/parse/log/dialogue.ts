import type { TranscriptModel } from '../model';
import { readTranscript } from '../transcript/reader';

/**
 * The SMTP dialogue a log carries (Postfix verbose `>`/`<` lines, Exchange protocol logs), read by
 * the transcript readers. They get only those lines, one after another, so that a 100 MB log with a
 * few verbose lines costs a few lines' work; every line number in the model they return is then
 * moved back to the log's own line.
 */
export function readDialogue(lines: readonly string[], lineNumbers: readonly number[], lineCount: number): TranscriptModel {
  if (lines.length === 0) return { kind: 'transcript', prefixed: true, lineCount, sessions: [] };
  const model = readTranscript(lines.join('\n'));
  moveLines(model, lineNumbers);
  return { ...model, lineCount };
}

/** Keys that hold a line number anywhere in a transcript model (TranscriptLine.line, Span.line, Session.startLine ...). */
const LINE_KEYS = new Set(['line', 'startLine', 'endLine']);

/**
 * Replaces every line number in the model by `lineNumbers[n]`. Walks the whole object graph once
 * (sessions, lines, commands, replies and their spans, which share objects), so that a field added
 * to the model later is moved too.
 */
function moveLines(model: TranscriptModel, lineNumbers: readonly number[]): void {
  const seen = new Set<object>();
  const stack: object[] = [...model.sessions];
  while (stack.length > 0) {
    const value = stack.pop()!;
    if (seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) stack.push(item as object);
      continue;
    }
    if (value instanceof Map) {
      for (const item of value.values()) if (typeof item === 'object' && item !== null) stack.push(item as object);
      continue;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (typeof item === 'number') {
        if (LINE_KEYS.has(key) && Number.isInteger(item) && item >= 0 && item < lineNumbers.length) record[key] = lineNumbers[item];
      } else if (typeof item === 'object' && item !== null) {
        stack.push(item);
      }
    }
  }
}
