/**
 * Windows-1252, the 8-bit charset of older mail and logs, for text read from bytes that are no UTF-8.
 * It agrees with Latin-1 except at bytes 0x80-0x9F, which it gives curly quotes, dashes, the euro
 * sign and the like (WHATWG Encoding; the five bytes it leaves undefined stay U+0081, U+008D, U+008F,
 * U+0090, U+009D). Written out here because some platforms' TextDecoder('windows-1252') reads those
 * bytes as Latin-1 (Node.js 20 does).
 */
const HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f'
  + '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

const BYTE_OF = new Map<number, number>(Array.from(HIGH, (ch, i) => [ch.charCodeAt(0), 0x80 + i]));

/** Each byte's UTF-16 code unit in Windows-1252: a table a reader of bytes looks each byte up in. */
export const WINDOWS_1252_UNITS = Uint16Array.from({ length: 256 }, (_, byte) => (byte >= 0x80 && byte <= 0x9f ? HIGH.charCodeAt(byte - 0x80) : byte));

/**
 * The byte a character of 8-bit text was read from, whether the text was read as Latin-1 or as
 * Windows-1252: itself up to 0xFF, the Windows-1252 byte for the characters that charset gives
 * 0x80-0x9F; -1 for a character that no single byte reads as (the text was decoded, not read byte
 * for byte).
 */
export function byteOfChar(ch: number): number {
  if (ch <= 0xff) return ch;
  return BYTE_OF.get(ch) ?? -1;
}

/**
 * Bytes read as Windows-1252: one table lookup a byte. The one decoder of Windows-1252 (a file that
 * is no UTF-8, a part that declares windows-1252 or cp1252), since some platforms'
 * TextDecoder('windows-1252') reads 0x80-0x9F as Latin-1 (Node.js 20 does). Never throws: the five
 * bytes the charset leaves undefined read as their C1 control characters.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) units[i] = WINDOWS_1252_UNITS[bytes[i]];
  // In slices: a call takes a bounded number of arguments.
  let out = '';
  for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode.apply(null, units.subarray(i, i + 8192) as unknown as number[]);
  return out;
}

/** Whether a charset label (lower case) names Windows-1252 itself: read with `decodeWindows1252`, not the platform's decoder. */
export function isWindows1252(label: string): boolean {
  return /^(?:x-)?(?:windows-1252|cp-?1252|ms-?1252)$/.test(label);
}
