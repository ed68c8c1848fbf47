import { closeSync, openSync, readdirSync, readSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join } from 'node:path';
import { readBounceRecords, type Catalog, type Language } from './service';
import { binaryNote, decodeText } from './text-input';

/** A file to read, whether the listing or its status says it is a regular file, or why it cannot be read. */
export interface Input {
  path: string;
  regular?: boolean;
  error?: string;
}

/** Files named on the command line, a directory standing for every file below it (sorted, hidden ones left out). */
export function expandInputs(paths: readonly string[]): Input[] {
  const out: Input[] = [];
  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      out.push({ path: dir, error: 'cannot read the directory' });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      // The directory listing tells files from directories; a link (or an unknown type) is followed.
      let isDir = entry.isDirectory();
      let regular = entry.isFile();
      try {
        if (!regular && !isDir) {
          const stat = statSync(path);
          isDir = stat.isDirectory();
          regular = stat.isFile();
        }
      } catch {
        out.push({ path, error: 'cannot read it' });
        continue;
      }
      if (isDir) walk(path);
      else out.push({ path, regular });
    }
  };
  for (const path of paths) {
    let stat: Stats;
    try {
      stat = statSync(path);
    } catch {
      out.push({ path, error: 'no such file' });
      continue;
    }
    if (stat.isDirectory()) walk(path);
    else out.push({ path, regular: stat.isFile() });
  }
  return out;
}

/**
 * Reads whole files into one buffer that grows to the largest: a directory of bounces allocates once,
 * not per file. A regular file is read with as few system calls as it takes (open, read, close: a
 * read that returns less than it was asked for is at the end of a regular file), since on a
 * directory of small files the calls cost more than the bytes; anything else (a pipe, a device) is
 * read until a read returns nothing.
 */
class FileReader {
  #buffer = Buffer.allocUnsafe(1 << 16);

  /** The file's bytes, valid until the next read. */
  read(path: string, regular: boolean): Uint8Array {
    const fd = openSync(path, 'r');
    try {
      let length = 0;
      for (;;) {
        if (length === this.#buffer.length) this.grow(length * 2);
        const wanted = this.#buffer.length - length;
        const got = readSync(fd, this.#buffer, length, wanted, null);
        length += got;
        if (got === 0 || (regular && got < wanted)) break;
      }
      return this.#buffer.subarray(0, length);
    } finally {
      closeSync(fd);
    }
  }

  private grow(size: number): void {
    const next = Buffer.allocUnsafe(size);
    this.#buffer.copy(next);
    this.#buffer = next;
  }
}

/**
 * `smtp-lens bounce FILE...`: one JSON object per line for each failed or delayed recipient of every
 * bounce in the files (each message of an mbox), or every recipient with `all`. A file that is no
 * message gets an error on stderr and the others still run; the status is then 2. Files are read as
 * `check` reads them (UTF-8, else Windows-1252; a NUL byte or a burst of binary is read as text and
 * noted on stderr), and each by the bounce reader alone, which keeps no document model.
 */
export function bounceCommand(paths: readonly string[], catalog: Catalog, options: { all: boolean; lang: Language }, out: (line: string) => void, err: (line: string) => void): number {
  let unusable = 0;
  const reader = new FileReader();
  for (const input of expandInputs(paths)) {
    const fail = (why: string): void => {
      err(`smtp-lens: ${input.path}: ${why}`);
      unusable++;
    };
    if (input.error) {
      fail(input.error);
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = reader.read(input.path, input.regular === true);
    } catch {
      fail('cannot read it');
      continue;
    }
    const decoded = decodeText(bytes);
    const records = readBounceRecords(decoded.text, catalog, { all: options.all, language: options.lang });
    if (!records) {
      fail('not an email message: no header fields (From:, Subject: ...) at its start');
      continue;
    }
    if (decoded.binary) err(binaryNote(input.path, decoded.binary));
    // {"file": ..., ...record} written without copying each record into a new object.
    const file = `{"file":${JSON.stringify(input.path)},`;
    for (const record of records) out(file + JSON.stringify(record).slice(1));
  }
  return unusable > 0 ? 2 : 0;
}
