import { decodeWindows1252 } from './service/parse/windows-1252';
/**
 * The bytes of a file as text, the way a person would read them: UTF-8 when they are UTF-8, else
 * Windows-1252 (the usual 8-bit mail of older systems), never U+FFFD for a byte that has a meaning.
 * Binary parts (NUL bytes, a burst of TLS records in a capture) do not make a text file unreadable:
 * they are read as they are, and `binary` says where the first one is, for a note to the user.
 */
export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'windows-1252';
  /** Where the first NUL byte stands (1-based line and column) and how many there are. */
  binary?: { line: number; column: number; count: number };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function decodeText(bytes: Uint8Array): DecodedText {
  let text: string;
  let encoding: DecodedText['encoding'] = 'utf-8';
  try {
    text = UTF8.decode(bytes);
  } catch {
    text = decodeWindows1252(bytes);
    encoding = 'windows-1252';
  }
  const first = text.indexOf('\0');
  if (first < 0) return { text, encoding };
  let count = 0;
  for (let i = first; i >= 0; i = text.indexOf('\0', i + 1)) count++;
  const lineStart = text.lastIndexOf('\n', first) + 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < first; i = text.indexOf('\n', i + 1)) line++;
  return { text, encoding, binary: { line, column: first - lineStart + 1, count } };
}

/** The note for a file with binary data in it, as `check` and `redact` say it: where, and how much. */
export function binaryNote(name: string, binary: NonNullable<DecodedText['binary']>): string {
  return `smtp-lens: ${name}:${binary.line}:${binary.column}: binary data (${binary.count} NUL byte${binary.count === 1 ? '' : 's'}) read as text`;
}
