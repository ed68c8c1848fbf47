import { VERB_OTHER, VERBS, verbNumber } from './codes';

/**
 * Character tests on a stretch [from, to) of a string, so that the reader can look at a line's SMTP
 * text where it stands instead of slicing it out first. Each answers exactly what the regular
 * expression or string method named in its comment would answer on the slice.
 */

/** What JavaScript's `\s` and `String.prototype.trim` take for white space. */
export function isWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029
    || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** `slice.trim() === ''`. */
export function isBlank(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isWhitespace(s.charCodeAt(i))) return false;
  return true;
}

/** Where `slice.trimStart()` starts. */
export function skipWhitespace(s: string, from: number, to: number): number {
  let i = from;
  while (i < to && isWhitespace(s.charCodeAt(i))) i++;
  return i;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * `/^(\d{3})([- ]|$)/`, the shape of every reply line (RFC 5321 §4.2): the three digits as a
 * number, or -1 when the text is no reply line.
 */
export function replyCodeAt(s: string, from: number, to: number): number {
  if (to - from < 3) return -1;
  const a = s.charCodeAt(from);
  const b = s.charCodeAt(from + 1);
  const c = s.charCodeAt(from + 2);
  if (!isDigit(a) || !isDigit(b) || !isDigit(c)) return -1;
  if (to > from + 3) {
    const separator = s.charCodeAt(from + 3);
    if (separator !== 0x2d && separator !== 0x20) return -1;
  }
  return (a - 0x30) * 100 + (b - 0x30) * 10 + (c - 0x30);
}

/** The separator after a reply line's code: '-' continues a multi-line reply, ' ' or '' ends it. */
export function replySeparatorAt(s: string, from: number, to: number): '-' | ' ' | '' {
  if (to <= from + 3) return '';
  return s.charCodeAt(from + 3) === 0x2d ? '-' : ' ';
}

const isLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** Known four-letter verbs by their upper-case letters packed into one number. */
const FOUR_LETTER = new Map<number, number>();
for (const verb of VERBS) {
  if (verb.length !== 4) continue;
  FOUR_LETTER.set(((verb.charCodeAt(0) << 24) | (verb.charCodeAt(1) << 16) | (verb.charCodeAt(2) << 8) | verb.charCodeAt(3)) >>> 0, verbNumber(verb));
}
/** The lengths of the known verbs that are not four letters long (STARTTLS, XCLIENT ...). */
const OTHER_LENGTHS = new Set(VERBS.filter((verb) => verb.length !== 4 && verb !== '').map((verb) => verb.length));

const upper = (c: number): number => (c >= 0x61 ? c - 0x20 : c);

/**
 * The verb a command line starts with, as `/^([A-Za-z][A-Za-z-]*)(?=\s|:|$)/` reads it: its length,
 * or 0 when the text does not start with one.
 */
export function verbLengthAt(s: string, from: number, to: number): number {
  if (from >= to || !isLetter(s.charCodeAt(from))) return 0;
  let i = from + 1;
  while (i < to) {
    const c = s.charCodeAt(i);
    if (isLetter(c) || c === 0x2d) i++;
    else break;
  }
  if (i < to) {
    const next = s.charCodeAt(i);
    if (next !== 0x3a && !isWhitespace(next)) return 0;
  }
  return i - from;
}

/**
 * The number of the verb a command line starts with (see codes.ts VERBS): VERB_OTHER for a verb no
 * reader knows, -1 when the text does not start with a verb at all. A known verb is > 0.
 */
export function verbAt(s: string, from: number, to: number): number {
  const length = verbLengthAt(s, from, to);
  if (length === 0) return -1;
  if (length === 4) {
    const key = ((upper(s.charCodeAt(from)) << 24) | (upper(s.charCodeAt(from + 1)) << 16) | (upper(s.charCodeAt(from + 2)) << 8) | upper(s.charCodeAt(from + 3))) >>> 0;
    return FOUR_LETTER.get(key) ?? VERB_OTHER;
  }
  if (!OTHER_LENGTHS.has(length)) return VERB_OTHER;
  return verbNumber(s.slice(from, from + length).toUpperCase());
}

