import type { ReplyLine, TranscriptLine } from '../model';
import { isWhitespace, skipWhitespace } from './text-scan';

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

/**
 * Bits of a reply's `replyLineFlags` column: what one of its lines shows (its own text, not a wrapped
 * rest), noted by the reader as it reads the line. Rules read only the replies whose bit is set as
 * objects; every other reply line is never looked at again. Each bit is a cheap first test: the
 * rule decides on the objects.
 */
/** A line whose code breaks the grammar: first digit not 2–5, or second above 5 (RFC 5321 §4.2). */
export const LINE_INVALID_CODE = 1;
/** A line whose code is not the reply's (its first line's). */
export const LINE_OTHER_CODE = 2;
/** A line whose text starts with class.subject.detail that RFC 3463 §2 does not allow. */
export const LINE_MALFORMED_ENHANCED = 4;
/** A line whose enhanced code's class may differ from its reply code's first digit (RFC 2034 §4). */
export const LINE_CLASS_MISMATCH = 8;

/**
 * The LINE_* bits of the reply line [from, to) of `s`, whose code is `code` (replyCodeAt); `replyCode`
 * is the code of its reply's first line.
 */
export function replyLineFlags(s: string, from: number, to: number, code: number, replyCode: number): number {
  let flags = 0;
  const first = Math.floor(code / 100);
  if (first < 2 || first > 5 || Math.floor(code / 10) % 10 > 5) flags |= LINE_INVALID_CODE;
  if (code !== replyCode) flags |= LINE_OTHER_CODE;
  const textStart = replyTextStartIn(s, from, to);
  if (startsWithMalformedEnhanced(s, textStart, to)) flags |= LINE_MALFORMED_ENHANCED;
  const enhanced = enhancedClassAt(s, textStart, to);
  if (enhanced !== 0 && enhanced !== s.charCodeAt(from)) flags |= LINE_CLASS_MISMATCH;
  return flags;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * Whether the text from `i` starts with a malformed enhanced code: class.subject.detail of 1–3,
 * 1–4, 1–4 digits followed by white space or the end, as /^(\d{1,3})\.(\d{1,4})\.(\d{1,4})(?=\s|$)/
 * reads it, that /^[245]\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/ (a valid one) does not take.
 */
function startsWithMalformedEnhanced(text: string, i: number, to: number): boolean {
  let valid = true;
  for (let part = 0; part < 3; part++) {
    const start = i;
    while (i < to && isDigit(text.charCodeAt(i))) i++;
    const digits = i - start;
    if (digits === 0 || digits > (part === 0 ? 3 : 4)) return false;
    if (part < 2) {
      if (i >= to || text.charCodeAt(i) !== 0x2e) return false;
      i++;
    }
    if (part === 0) {
      const cls = text.charCodeAt(start);
      if (digits !== 1 || (cls !== 0x32 && cls !== 0x34 && cls !== 0x35)) valid = false;
    } else if (digits > 3 || (digits > 1 && text.charCodeAt(start) === 0x30)) {
      valid = false;
    }
  }
  if (i < to && !isWhitespace(text.charCodeAt(i))) return false;
  return !valid;
}
