import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { isAscii } from 'node:buffer';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** What the streamed log commands read: files in any order (a rotated set read oldest first), or "-" for standard input. */
export interface TextSink {
  startSource(name: string): void;
  /**
   * The next piece of text; `bytes` are the piece as read when `text` is their ASCII reading. A
   * promise when the sink wants the reading to wait (a thread that is behind).
   */
  push(text: string, bytes?: Uint8Array): void | Promise<void>;
}

/** Bytes read at a time: large pieces keep the per-piece cost small; the messages in flight are what memory holds. */
const PIECE = 1 << 20;

/**
 * The place of a file in its rotated set: "mail.log" is the newest, "mail.log.1" the one before,
 * "mail.log.2.gz" older still; dated ones ("mail.log-20261128.gz") are older than the plain name
 * and ordered by their date. Returns the set's name and a rank (smaller is older).
 */
export function rotation(path: string): { set: string; rank: number } {
  const name = basename(path);
  const m = /^(.*?)(?:\.(\d{1,4})|-(\d{8}(?:\d{2})?))?(\.gz)?$/.exec(name);
  if (!m) return { set: path, rank: 0 };
  const set = `${dirname(path)}/${m[1]}`;
  if (m[2] !== undefined) return { set, rank: -1 - Number(m[2]) };
  if (m[3] !== undefined) return { set, rank: -1e12 + Number(m[3].slice(0, 8)) };
  return { set, rank: 0 };
}

/**
 * The inputs in reading order: each rotated set oldest first, the sets in the order their first
 * file was named, "-" where it was named.
 */
export function readingOrder(paths: readonly string[]): string[] {
  const sets = new Map<string, Array<{ path: string; rank: number; index: number }>>();
  paths.forEach((path, index) => {
    const key = path === '-' ? `-${index}` : rotation(path).set;
    const list = sets.get(key) ?? [];
    list.push({ path, rank: path === '-' ? 0 : rotation(path).rank, index });
    sets.set(key, list);
  });
  return [...sets.values()].flatMap((list) => list.sort((a, b) => a.rank - b.rank || a.index - b.index).map((e) => e.path));
}

/** Says in one line why a file cannot be read, or undefined when it can. */
function unreadable(path: string): string | undefined {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 'no such file';
  }
  if (stats.isDirectory()) return 'is a directory, not a file';
  return undefined;
}

function isGzipFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** Standard input, unzipped when it starts with gzip's magic bytes. */
async function* stdinPieces(stdin: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  const iterator = (stdin as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const head = Buffer.isBuffer(first.value) ? first.value : Buffer.from(first.value);
  const rest = async function* (): AsyncGenerator<Buffer> {
    yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
  };
  if (head[0] === 0x1f && head[1] === 0x8b) yield* Readable.from(rest()).pipe(createGunzip({ chunkSize: PIECE })) as AsyncIterable<Buffer>;
  else yield* rest();
}

/**
 * Reads the inputs into `sink`, oldest first, each decoded as UTF-8 piece by piece (a character cut
 * between two pieces is joined again). A file that cannot be read is reported through `fail` and
 * skipped; the others are read. Returns how many failed.
 */
export async function readLogInputs(paths: readonly string[], sink: TextSink, fail: (path: string, why: string) => void, stdin: NodeJS.ReadableStream = process.stdin): Promise<number> {
  let failed = 0;
  for (const path of readingOrder(paths)) {
    let pieces: AsyncIterable<Buffer>;
    if (path === '-') pieces = stdinPieces(stdin);
    else {
      const why = unreadable(path);
      if (why) {
        fail(path, why);
        failed++;
        continue;
      }
      const file = createReadStream(path, { highWaterMark: PIECE });
      pieces = isGzipFile(path) ? file.pipe(createGunzip({ chunkSize: PIECE })) : file;
    }
    sink.startSource(path === '-' ? '(standard input)' : path);
    const decoder = new TextDecoder('utf-8');
    // Most logs are ASCII: such a piece is copied as Latin-1 (several times faster than decoding),
    // unless the decoder holds the start of a character cut off at the end of the piece before.
    let decoding = false;
    try {
      for await (const piece of pieces) {
        let wait: void | Promise<void>;
        if (!decoding && isAscii(piece)) wait = sink.push(piece.toString('latin1'), piece);
        else {
          wait = sink.push(decoder.decode(piece, { stream: true }));
          decoding = piece.length > 0 && piece[piece.length - 1] >= 0x80;
        }
        if (wait) await wait;
      }
      const tail = decoder.decode();
      if (tail) await sink.push(tail);
    } catch (error) {
      fail(path, (error as NodeJS.ErrnoException).code === 'Z_DATA_ERROR' || /incorrect header|unexpected end/i.test((error as Error).message)
        ? 'not a readable gzip file (damaged or cut short)' : (error as Error).message);
      failed++;
    }
  }
  return failed;
}
