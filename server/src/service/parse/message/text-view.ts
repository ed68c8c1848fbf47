import type { Span } from '../model';
import { decodeBase64, utf8Decode } from '../base64';
import { byteOfChar, decodeWindows1252, isWindows1252 } from '../windows-1252';
import type { MimePart } from './model';

/**
 * A body as the analysis reads it: lines decoded from quoted-printable or Base64 and from their
 * charset, each of which knows where it stands in the raw text. The raw text is never rewritten.
 */
export interface TextView {
  lines: string[];
  /** The raw span of columns [start, end) of view line `index` (clipped to one raw line). */
  span(index: number, start: number, end: number): Span;
  /** First raw line of view line `index`. */
  lineOf(index: number): number;
  /** Positions point at the very characters (raw or quoted-printable); false for Base64, where they cannot. */
  exact: boolean;
}

/** Largest body decoded for analysis: a bounce's text is short; anything longer is an attachment. */
const MAX_DECODED = 512 * 1024;

/** The raw lines themselves (7bit, 8bit, binary): positions are the identity. */
export function rawView(lines: readonly string[], start: number, end: number): TextView {
  const slice = lines.slice(start, end + 1);
  return {
    lines: slice,
    span: (index, from, to) => ({ line: start + index, start: from, end: Math.max(from, to) }),
    lineOf: (index) => start + index,
    exact: true,
  };
}

/** The body of a part as text: decoded when its transfer encoding or its charset asks for it. */
export function partView(lines: readonly string[], part: MimePart): TextView {
  const charset = (part.params.charset ?? 'us-ascii').toLowerCase();
  if (part.encoding === 'quoted-printable') return quotedPrintableView(lines, part.bodyStart, part.bodyEnd, charset);
  if (part.encoding === 'base64') return base64View(lines, part.bodyStart, part.bodyEnd, charset);
  return charsetView(rawView(lines, part.bodyStart, part.bodyEnd), charset);
}

/** ISO-2022-JP's escapes into and out of JIS X 0208 and JIS X 0201, which only that charset writes. */
const ISO_2022_JP_ESCAPE = /\x1b(?:\$[@B]|\([BJ])/;
/** Charsets read as they are: their 8-bit characters are already the text's own. */
const AS_IS = /^(?:us-ascii|ascii|utf-?8|iso-8859-1|latin-?1|unknown-8bit|x-unknown|binary)$/;
/** What Japanese mail declares and what it is often written in instead (EUC-JP under an ISO-2022-JP label). */
const JAPANESE = ['iso-2022-jp', 'euc-jp', 'shift_jis'];

/**
 * Raw 8-bit (or ISO-2022) lines of a part in a charset other than UTF-8: each line's characters taken
 * as the bytes they were read from (a file that is no valid UTF-8 is read as Windows-1252 or byte for
 * byte, and either way each character stands for one byte: `byteOfChar`) and decoded
 * with the part's charset (GB2312/GBK/GB18030, Big5, ISO-2022-JP, Shift_JIS, EUC-JP/KR, KOI8-R,
 * Windows-125x ...), else with the charset its bytes fit, never into U+FFFD. A line that changed
 * points at its whole raw line.
 */
function charsetView(view: TextView, charset: string): TextView {
  const asIs = AS_IS.test(charset);
  let changed: boolean[] | undefined;
  const lines = view.lines.map((line, index) => {
    // The escape byte first (a native search): nearly no line has one.
    const escaped = line.includes('\x1b') && ISO_2022_JP_ESCAPE.test(line);
    if (!escaped && (asIs || !hasByteChars(line))) return line;
    const decoded = decodeLine(line, escaped && asIs ? 'iso-2022-jp' : charset);
    if (decoded === undefined || decoded === line) return line;
    (changed ??= [])[index] = true;
    return decoded;
  });
  if (!changed) return view;
  const marked = changed;
  return {
    lines,
    span: (index, from, to) => {
      if (!marked[index]) return view.span(index, from, to);
      const raw = view.span(index, 0, 0);
      return { line: raw.line, start: 0, end: view.lines[index]?.length ?? 0 };
    },
    lineOf: view.lineOf,
    exact: false,
  };
}

/** Whether a line holds characters read from bytes 0x80-0xFF and none that no byte reads as: bytes, not decoded text. */
function hasByteChars(line: string): boolean {
  let high = false;
  for (let c = 0; c < line.length; c++) {
    const ch = line.charCodeAt(c);
    if (ch < 0x80) continue;
    if (byteOfChar(ch) < 0) return false;
    high = true;
  }
  return high;
}

/**
 * A line's bytes decoded with the first of its charset (and, for Japanese, its kin) that takes them
 * whole. A result with C1 control characters is no text (an ISO-8859 label on UTF-8 punctuation, or
 * on Windows-1252 bytes): the line stays as it was read.
 */
function decodeLine(line: string, charset: string): string | undefined {
  const bytes = new Uint8Array(line.length);
  for (let c = 0; c < line.length; c++) bytes[c] = byteOfChar(line.charCodeAt(c));
  const decoded = decodeStrict(bytes, charset);
  return decoded !== undefined && C1_CONTROL.test(decoded) ? undefined : decoded;
}

const C1_CONTROL = /[\u0080-\u009f]/;

/** Bytes in a charset: strictly in it or a kin, else each byte as the character it is in Latin-1 (never U+FFFD). */
function decodeBytes(bytes: Uint8Array, charset: string): string {
  return decodeStrict(bytes, charset) ?? latin1(bytes);
}

function decodeStrict(bytes: Uint8Array, charset: string): string | undefined {
  const candidates = JAPANESE.includes(charset.replace(/^x-/, '').replace(/^shift-jis$|^sjis$/, 'shift_jis'))
    ? [charset, ...JAPANESE.filter((c) => c !== charset)] : [charset];
  for (const label of candidates) {
    const decoder = strictDecoder(label);
    if (!decoder) continue;
    try {
      return decoder.decode(bytes);
    } catch {
      // Not this charset: try the next.
    }
  }
  return undefined;
}

const strictDecoders = new Map<string, Decoder | null>();

/** A TextDecoder that throws on bytes its charset does not have (so no U+FFFD is ever made). */
function strictDecoder(charset: string): Decoder | null {
  if (isWindows1252(charset)) return WINDOWS_1252;
  let decoder = strictDecoders.get(charset);
  if (decoder !== undefined) return decoder;
  const Ctor = (globalThis as unknown as { TextDecoder?: new (label: string, options: { fatal: boolean }) => Decoder }).TextDecoder;
  try {
    decoder = Ctor ? new Ctor(charset.replace(/^x-/, ''), { fatal: true }) : null;
  } catch {
    decoder = null;
  }
  strictDecoders.set(charset, decoder);
  return decoder;
}

/**
 * Quoted-printable (RFC 2045 §6.7): "=XX" is a byte, "=" at the end of a line joins it to the next.
 * Each decoded line keeps where its runs of text came from, so a code found in "550 5.1.1=\n <bob@x>"
 * still points at the raw text: a run starts at each raw line and after each decoded "=XX" sequence,
 * and within a run a decoded column is its raw column.
 */
export function quotedPrintableView(lines: readonly string[], start: number, end: number, charset: string): TextView {
  const exact = charset === 'utf-8' || charset === 'utf8' || SINGLE_BYTE.test(charset);
  if (!exact) return coarseQuotedPrintableView(lines, start, end, charset);
  const out: string[] = [];
  /** Per decoded line: runs as [decoded column, raw line, raw column] triples. */
  const runs: number[][] = [];
  let text = '';
  let segments: number[] = [];
  let bytes: number[] = [];
  let total = 0;
  const flushBytes = (): void => {
    if (bytes.length === 0) return;
    text += decodeCharset(Uint8Array.from(bytes), charset).text;
    bytes = [];
  };
  for (let i = start; i <= end && total < MAX_DECODED; i++) {
    const line = lines[i];
    total += line.length;
    let stop = line.length;
    while (stop > 0 && (line.charCodeAt(stop - 1) === 0x20 || line.charCodeAt(stop - 1) === 0x09)) stop--;
    const soft = stop > 0 && line.charCodeAt(stop - 1) === 0x3d;
    if (soft) stop--;
    segments.push(text.length, i, 0);
    let literal = 0;
    for (let c = 0; c < stop; c++) {
      if (bytes.length === 0) {
        // Outside a run of escapes nothing happens before the next "=": jump there.
        const eq = line.indexOf('=', c);
        if (eq < 0 || eq >= stop) break;
        c = eq;
      }
      if (line.charCodeAt(c) === 0x3d && c + 2 < stop && isHex(line.charCodeAt(c + 1)) && isHex(line.charCodeAt(c + 2))) {
        if (c > literal) text += line.slice(literal, c);
        if (bytes.length === 0) segments.push(text.length, i, c);
        bytes.push(parseInt(line.slice(c + 1, c + 3), 16));
        c += 2;
        literal = c + 1;
        continue;
      }
      if (bytes.length > 0) {
        flushBytes();
        segments.push(text.length, i, c);
      }
    }
    if (stop > literal && bytes.length === 0) text += line.slice(literal, stop);
    if (!soft) {
      flushBytes();
      out.push(text);
      runs.push(segments);
      text = '';
      segments = [];
    }
  }
  if (text !== '' || bytes.length > 0 || segments.length > 0) {
    flushBytes();
    out.push(text);
    runs.push(segments);
  }
  const locate = (index: number, column: number): { line: number; column: number } => {
    const seg = runs[index];
    if (!seg || seg.length === 0) return { line: start, column: 0 };
    let k = 0;
    while (k + 3 < seg.length && seg[k + 3] <= column) k += 3;
    return { line: seg[k + 1], column: seg[k + 2] + Math.max(0, column - seg[k]) };
  };
  return {
    lines: out,
    span(index, from, to) {
      const a = locate(index, from);
      const b = locate(index, Math.max(from, to - 1));
      const endColumn = b.line === a.line ? b.column + 1 : lines[a.line]?.length ?? a.column;
      return { line: a.line, start: a.column, end: Math.max(a.column, Math.min(endColumn, lines[a.line]?.length ?? endColumn)) };
    },
    lineOf: (index) => runs[index]?.[1] ?? start,
    exact: true,
  };
}

/**
 * Quoted-printable in a multi-byte charset other than UTF-8 (Shift_JIS, ISO-2022-JP): a character's
 * bytes may mix escapes and plain letters, so each line is decoded whole and every position on it
 * falls at the start of its first raw line.
 */
function coarseQuotedPrintableView(lines: readonly string[], start: number, end: number, charset: string): TextView {
  const out: string[] = [];
  const first: number[] = [];
  let bytes: number[] = [];
  let from = start;
  let total = 0;
  for (let i = start; i <= end && total < MAX_DECODED; i++) {
    const line = lines[i].trimEnd();
    total += line.length;
    if (bytes.length === 0) from = i;
    const soft = line.endsWith('=');
    const stop = soft ? line.length - 1 : line.length;
    for (let c = 0; c < stop; c++) {
      const ch = line.charCodeAt(c);
      if (ch === 0x3d && c + 2 < stop && isHex(line.charCodeAt(c + 1)) && isHex(line.charCodeAt(c + 2))) {
        bytes.push(parseInt(line.slice(c + 1, c + 3), 16));
        c += 2;
      } else {
        for (const b of charBytes(ch)) bytes.push(b);
      }
    }
    if (!soft) {
      out.push(decodeCharset(Uint8Array.from(bytes), charset).text);
      first.push(from);
      bytes = [];
    }
  }
  if (bytes.length > 0) {
    out.push(decodeCharset(Uint8Array.from(bytes), charset).text);
    first.push(from);
  }
  return {
    lines: out,
    span: (index) => ({ line: first[index] ?? start, start: 0, end: lines[first[index] ?? start]?.length ?? 0 }),
    lineOf: (index) => first[index] ?? start,
    exact: false,
  };
}

/**
 * Base64 bodies decode to text with no column in the raw text to point at: every position falls on the
 * body's first line.
 */
export function base64View(lines: readonly string[], start: number, end: number, charset: string): TextView {
  let encoded = '';
  for (let i = start; i <= end && encoded.length < (MAX_DECODED * 4) / 3; i++) encoded += lines[i].replace(/[^A-Za-z0-9+/]/g, '');
  // The "=" padding went with the other non-alphabet characters: a last group of two or three
  // characters (one or two bytes) is padded again; a lone character holds no whole byte.
  const tail = encoded.length % 4;
  encoded = tail === 1 ? encoded.slice(0, -1) : tail > 1 ? encoded + '='.repeat(4 - tail) : encoded;
  const bytes = decodeBase64(encoded) ?? new Uint8Array(0);
  const text = decodeCharset(bytes, charset).text;
  const first = Math.min(start, Math.max(end, start));
  const width = lines[first]?.length ?? 0;
  return {
    lines: text.split(/\r\n|\r|\n/),
    span: () => ({ line: first, start: 0, end: width }),
    lineOf: () => first,
    exact: false,
  };
}

function isHex(ch: number): boolean {
  return (ch >= 0x30 && ch <= 0x39) || (ch >= 0x41 && ch <= 0x46) || (ch >= 0x61 && ch <= 0x66);
}

/** A character of the raw (already Unicode) text as the bytes it stands for: UTF-8 when beyond ASCII. */
function charBytes(ch: number): number[] {
  if (ch < 0x80) return [ch];
  if (ch < 0x800) return [0xc0 | (ch >> 6), 0x80 | (ch & 63)];
  return [0xe0 | (ch >> 12), 0x80 | ((ch >> 6) & 63), 0x80 | (ch & 63)];
}

type Decoder = { decode(bytes: Uint8Array): string };
/** Windows-1252 by its table, never by the platform's decoder (Node.js 20 reads its 0x80-0x9F as Latin-1). */
const WINDOWS_1252: Decoder = { decode: decodeWindows1252 };
type DecoderConstructor = new (label: string) => Decoder;
const decoders = new Map<string, Decoder | null>();

/** The platform's TextDecoder (Node and web workers both have one) for a charset, if it knows it. */
function platformDecoder(charset: string): Decoder | null {
  if (isWindows1252(charset)) return WINDOWS_1252;
  let decoder = decoders.get(charset);
  if (decoder !== undefined) return decoder;
  const Ctor = (globalThis as unknown as { TextDecoder?: DecoderConstructor }).TextDecoder;
  try {
    decoder = Ctor ? new Ctor(charset.replace(/^x-/, '')) : null;
  } catch {
    decoder = null;
  }
  decoders.set(charset, decoder);
  return decoder;
}

const SINGLE_BYTE = /^(us-ascii|ascii|iso-8859-\d+|latin-?\d|windows-125\d|cp125\d)$/;

/**
 * Bytes to text in their charset, and for each character the byte it starts at. UTF-8 and single-byte
 * charsets map exactly; for others (ISO-2022-JP, Shift_JIS) a line with anything beyond ASCII maps
 * every character to the line's first byte.
 */
function decodeCharset(bytes: Uint8Array, charset: string): { text: string; byteOf: (char: number) => number } {
  const ascii = bytes.every((b) => b < 0x80);
  if (ascii || SINGLE_BYTE.test(charset)) {
    const text = ascii || charset === 'us-ascii' || charset.startsWith('iso-8859-1') || charset === 'latin1'
      ? latin1(bytes)
      : platformDecoder(charset)?.decode(bytes) ?? latin1(bytes);
    return { text, byteOf: (c) => c };
  }
  if (charset === 'utf-8' || charset === 'utf8' || !platformDecoder(charset)) {
    const text = utf8Decode(bytes);
    const starts: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if ((b & 0xc0) !== 0x80) {
        starts.push(i);
        if (b >= 0xf0 && b < 0xf8) starts.push(i); // a surrogate pair: two UTF-16 units
      }
    }
    return { text, byteOf: (c) => (starts.length === text.length ? starts[c] ?? bytes.length : 0) };
  }
  const text = decodeBytes(bytes, charset);
  return { text, byteOf: (c) => (text.length === bytes.length ? c : 0) };
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}
