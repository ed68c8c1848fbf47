import { decodeWords } from 'postal-mime';
import type { HeaderField } from './model';

/** Longest field name taken for one: a longer run of letters before a colon is body text. */
const MAX_NAME = 200;

/**
 * The length of a header field's name on a line, and where its value starts: a name of printable
 * characters other than the colon (RFC 5322 §2.2), blanks (old mailers wrote "Subject : x"), the
 * colon. Undefined for a line that is no field. A scan of at most MAX_NAME characters, so a megabyte
 * line costs nothing.
 */
function fieldName(line: string): { from: number; name: number; colon: number } | undefined {
  // A byte order mark before the first field (some tools save one) is no part of its name.
  const from = line.length > 0 && line.charCodeAt(0) === 0xfeff ? 1 : 0;
  let c = from;
  while (c < line.length && c <= MAX_NAME) {
    const ch = line.charCodeAt(c);
    if (ch < 0x21 || ch > 0x7e || ch === 0x3a) break;
    c++;
  }
  if (c === from || c > MAX_NAME) return undefined;
  // Every read stays inside the line: a character read past its end makes V8 drop the optimised code.
  let colon = c;
  while (colon < line.length && (line.charCodeAt(colon) === 0x20 || line.charCodeAt(colon) === 0x09)) colon++;
  return colon < line.length && line.charCodeAt(colon) === 0x3a ? { from, name: c, colon } : undefined;
}

function isBlank(line: string): boolean {
  for (let c = 0; c < line.length; c++) {
    const ch = line.charCodeAt(c);
    if (ch !== 0x20 && ch !== 0x09) return false;
  }
  return true;
}

/** Longest value a field keeps: folding beyond this is hostile, not mail. */
const MAX_VALUE = 64 * 1024;

export interface HeaderBlock {
  fields: HeaderField[];
  /** First line after the block: the body's first line (after the blank line, if there was one). */
  next: number;
  /** Last line that belongs to the block (the blank line excluded); `start - 1` when empty. */
  end: number;
}

/**
 * Reads the header fields from `start` up to (not including) `limit`: field lines and their folded
 * continuations, up to the blank line. A line that is neither ends the block too (it is the body's
 * first line), and so does a line starting "--" that `stop` claims (a MIME boundary: "--b:1" would
 * read as a field).
 */
export function readHeaderBlock(lines: readonly string[], start: number, limit: number, stop?: (line: string) => boolean): HeaderBlock {
  const fields: HeaderField[] = [];
  let i = start;
  let current: HeaderField | undefined;
  for (; i < limit; i++) {
    const line = lines[i];
    if (isBlank(line)) return { fields, next: i + 1, end: i - 1 };
    const first = line.charCodeAt(0);
    if (first === 0x2d && stop?.(line)) return { fields, next: i, end: i - 1 };
    if ((first === 0x20 || first === 0x09) && current) {
      if (current.value.length < MAX_VALUE) current.value = joinFolded(current.value, line.trim());
      current.endLine = i;
      continue;
    }
    const found = fieldName(line);
    if (!found) {
      // A stray continuation before any field, or the body without a blank line before it.
      if (first === 0x20 || first === 0x09) continue;
      return { fields, next: i, end: i - 1 };
    }
    const name = line.slice(found.from, found.name);
    let valueStart = found.colon + 1;
    while (valueStart < line.length && (line.charCodeAt(valueStart) === 0x20 || line.charCodeAt(valueStart) === 0x09)) valueStart++;
    current = {
      name,
      key: name.toLowerCase(),
      nameSpan: { line: i, start: found.from, end: found.name },
      value: line.slice(valueStart, valueStart + MAX_VALUE).trimEnd(),
      valueSpan: { line: i, start: valueStart, end: line.length },
      startLine: i,
      endLine: i,
    };
    fields.push(current);
  }
  return { fields, next: i, end: i - 1 };
}

function joinFolded(value: string, more: string): string {
  if (more === '') return value;
  return value === '' ? more : `${value} ${more}`;
}

/** Longest header value whose encoded words are decoded: a subject, not a hostile megabyte. */
const MAX_DECODED_HEADER = 4096;

/** A header value with its encoded words (RFC 2047 "=?utf-8?B?...?=") decoded; as written when they cannot be. */
export function decodedHeader(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length > MAX_DECODED_HEADER || !value.includes('=?')) return value;
  try {
    return decodeWords(value);
  } catch {
    return value;
  }
}

/** The first field with this (lower-case) name. */
export function headerValue(fields: readonly HeaderField[], key: string): string | undefined {
  return fields.find((f) => f.key === key)?.value;
}

/** "text/plain; charset=us-ascii" read into its type and parameters. */
export interface ContentType {
  type: string;
  params: Record<string, string>;
}

/**
 * Reads a Content-Type (or Content-Disposition) value: the type, then ";"-separated parameters with
 * quoted strings, and RFC 2231 continuations ("name*0=", "name*1*=") joined in order.
 */
export function parseContentType(value: string): ContentType {
  const pieces = splitParams(value);
  const type = (pieces.shift() ?? '').trim().toLowerCase();
  const params: Record<string, string> = {};
  const continued = new Map<string, Array<{ index: number; text: string }>>();
  for (const piece of pieces) {
    const eq = piece.indexOf('=');
    if (eq <= 0) continue;
    const rawName = piece.slice(0, eq).trim().toLowerCase();
    let text = unquote(piece.slice(eq + 1).trim());
    const m = /^([^*]+)\*(?:(\d{1,3})\*?)?$/.exec(rawName);
    if (!m) {
      params[rawName] = text;
      continue;
    }
    if (rawName.endsWith('*')) text = decodeExtended(text, m[2] === undefined || m[2] === '0');
    const list = continued.get(m[1]) ?? [];
    list.push({ index: m[2] === undefined ? 0 : Number(m[2]), text });
    continued.set(m[1], list);
  }
  for (const [name, list] of continued) {
    if (params[name] !== undefined) continue;
    params[name] = list.sort((a, b) => a.index - b.index).map((p) => p.text).join('');
  }
  return { type: /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : '', params };
}

/** Splits at ";" outside quoted strings. */
function splitParams(value: string): string[] {
  const out: string[] = [];
  let from = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && quoted) i++;
    else if (ch === '"') quoted = !quoted;
    else if (ch === ';' && !quoted) {
      out.push(value.slice(from, i));
      from = i + 1;
    }
  }
  out.push(value.slice(from));
  return out;
}

function unquote(text: string): string {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) return text.slice(1, -1).replace(/\\(.)/g, '$1');
  // A missing closing quote (seen in the wild): take what is there.
  if (text.startsWith('"')) return text.slice(1);
  return text;
}

/** RFC 2231 extended value: "utf-8''%E2%9C%93"; only ASCII survives, which is all a boundary or charset needs. */
function decodeExtended(text: string, first: boolean): string {
  const body = first && /^[^']*'[^']*'/.test(text) ? text.replace(/^[^']*'[^']*'/, '') : text;
  return body.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
