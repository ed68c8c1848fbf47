import type { ReplyLine, TranscriptLine } from '../model';
import { skipWhitespace } from './text-scan';

/** Three digits, then "-", a space, or the end: the shape of every reply line (RFC 5321 §4.2). */
const REPLY = /^(\d{3})([- ]|$)/;
/** An enhanced status code leading the text (RFC 2034 §4): class.subject.detail, then space or end. */
const ENHANCED = /^([245]\.\d{1,3}\.\d{1,3})(?=\s|$)/;

/** Reads the code, separator, enhanced code and text of one reply line. */
export function parseReplyLine(source: TranscriptLine): ReplyLine | undefined {
  const m = REPLY.exec(source.text);
  if (!m) return undefined;
  const { line, column } = source;
  const separator = m[2] as ReplyLine['separator'];
  let textStart = m[0].length;
  const rest = source.text.slice(textStart);
  const lead = rest.length - rest.trimStart().length;
  let enhanced: ReplyLine['enhanced'];
  const e = ENHANCED.exec(rest.slice(lead));
  if (e) {
    const start = column + textStart + lead;
    enhanced = { code: e[1], span: { line, start, end: start + e[1].length } };
  }
  textStart += lead;
  return {
    source,
    code: m[1],
    codeSpan: { line, start: column, end: column + 3 },
    separator,
    enhanced,
    text: source.text.slice(textStart),
    textSpan: { line, start: column + textStart, end: column + source.text.length },
  };
}

/** A reply code the RFC 5321 grammar allows: first digit 2–5, second 0–5. */
export function isValidReplyCode(code: string): boolean {
  return /^[2-5][0-5]\d$/.test(code);
}

/**
 * Where the text of a reply line starts (its ReplyLine.text, before any wrapped rest is added):
 * after the code, its separator and the white space after them. For rules that read the columns.
 */
export function replyTextStart(text: string): number {
  return replyTextStartIn(text, 0, text.length);
}

/** replyTextStart of the text [from, to) of `s`, as an offset in `s`. */
export function replyTextStartIn(s: string, from: number, to: number): number {
  const length = to - from;
  return skipWhitespace(s, from + Math.min(length, length > 3 ? 4 : 3), to);
}

/** The digit that starts an enhanced status code (RFC 2034 §4) at the start of a reply line's text, or 0. */
export function enhancedClassAt(text: string, from: number, to = text.length): number {
  if (from + 2 > to) return 0;
  const c = text.charCodeAt(from);
  return (c === 0x32 || c === 0x34 || c === 0x35) && text.charCodeAt(from + 1) === 0x2e ? c : 0;
}
