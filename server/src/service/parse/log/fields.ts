/**
 * Small readers for the `key=value` fields of MTA log lines. They return columns, never arrays or
 * objects, so that reading a line allocates nothing but the values kept.
 */

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isHexUpper(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70);
}

/**
 * End column of a queue id at `at` followed by ": " (or ":" at the end): 5–20 letters and digits
 * with at least one digit, or upper-case hex throughout (a Postfix short id such as "ADDBEEF").
 * Words such as "warning", "statistics" or "NOQUEUE" are neither. -1 when there is none.
 */
export function queueIdEnd(line: string, at: number, minLength = 5): number {
  let i = at;
  let digit = false;
  let hex = true;
  const limit = Math.min(line.length, at + 21);
  for (; i < limit; i++) {
    const c = line.charCodeAt(i);
    if (!isAlnum(c)) break;
    if (isDigit(c)) digit = true;
    else if (!isHexUpper(c)) hex = false;
  }
  const length = i - at;
  if (length < minLength || length > 20 || line.charCodeAt(i) !== 58 /* : */) return -1;
  if (i + 1 < line.length && line.charCodeAt(i + 1) !== 32) return -1;
  return digit || hex ? i : -1;
}

/** The column after `key` in `line` between `from` and `end`, or -1. */
export function after(line: string, key: string, from: number, end = line.length): number {
  const at = line.indexOf(key, from);
  return at < 0 || at + key.length > end ? -1 : at + key.length;
}

/** End of a value at `at`: the first of `stops` (one to three characters), or the line's end. */
export function valueEnd(line: string, at: number, stops: string): number {
  if (stops.length === 1) {
    const i = line.indexOf(stops, at);
    return i < 0 ? line.length : i;
  }
  const a = stops.charCodeAt(0);
  const b = stops.charCodeAt(1);
  const c = stops.length > 2 ? stops.charCodeAt(2) : b;
  for (let i = at; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (ch === a || ch === b || ch === c) return i;
  }
  return line.length;
}

/**
 * An address at `at`: "<a@b>" (the value is inside the brackets) or a bare token up to one of
 * `stops`. Returns the column after it; `start`/`end` of the address itself go into `out`.
 */
export function addressAt(line: string, at: number, stops: string, out: { start: number; end: number }): number {
  if (line.charCodeAt(at) === 60 /* < */) {
    const close = line.indexOf('>', at + 1);
    const end = close < 0 ? valueEnd(line, at + 1, stops) : close;
    out.start = at + 1;
    out.end = end;
    return close < 0 ? end : close + 1;
  }
  const end = valueEnd(line, at, stops);
  out.start = at;
  out.end = end;
  return end;
}

/** A number at `at` ("1234", "2.3"), read in place; undefined when none stands there. */
export function numberAt(line: string, at: number): number | undefined {
  let i = at;
  let value = 0;
  while (i < line.length && isDigit(line.charCodeAt(i)) && i - at < 15) value = value * 10 + line.charCodeAt(i++) - 48;
  if (i === at) return undefined;
  if (line.charCodeAt(i) === 46) {
    // The fraction as an integer over a power of ten, so that "2.3" reads as 2.3, not 2.3000000000000003.
    let fraction = 0;
    let scale = 1;
    for (i++; i < line.length && isDigit(line.charCodeAt(i)) && scale < 1e9; i++) {
      fraction = fraction * 10 + line.charCodeAt(i) - 48;
      scale *= 10;
    }
    value += fraction / scale;
  }
  return value;
}

/**
 * Reply codes and enhanced status codes repeat on almost every line of a log: one string per
 * distinct value, found by a numeric key, so that reading them allocates nothing after the first.
 */
const codes = new Map<number, string>();

/** The text of [start, end) when it is a code of digits and dots ("550", "5.1.1"); a shared string. */
export function codeText(line: string, start: number, end: number): string {
  let key = end - start;
  for (let i = start; i < end; i++) key = key * 11 + (line.charCodeAt(i) === 46 ? 10 : line.charCodeAt(i) - 48);
  if (end - start > 13 || key > Number.MAX_SAFE_INTEGER / 11) return line.slice(start, end);
  let text = codes.get(key);
  if (text === undefined) {
    text = line.slice(start, end);
    if (codes.size < 4096) codes.set(key, text);
  }
  return text;
}
