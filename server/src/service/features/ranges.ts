import type { Position, Range } from 'vscode-languageserver-types';
import type { Span } from '../parse';

export function toRange(span: Span): Range {
  return { start: { line: span.line, character: span.start }, end: { line: span.line, character: span.end } };
}

/** True when the position lies on the span, its end included (a cursor just after a word is on it). */
export function contains(span: Span, position: Position): boolean {
  return span.line === position.line && position.character >= span.start && position.character <= span.end;
}
