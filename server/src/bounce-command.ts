import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { BounceRecord, Language, LanguageService } from './service';

/** Files named on the command line, a directory standing for every file below it (sorted, hidden ones left out). */
export function expandInputs(paths: readonly string[]): Array<{ path: string; error?: string }> {
  const out: Array<{ path: string; error?: string }> = [];
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
      try {
        if (!entry.isFile() && !isDir) isDir = statSync(path).isDirectory();
      } catch {
        out.push({ path, error: 'cannot read it' });
        continue;
      }
      if (isDir) walk(path);
      else out.push({ path });
    }
  };
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      out.push({ path, error: 'no such file' });
      continue;
    }
    if (isDir) walk(path);
    else out.push({ path });
  }
  return out;
}

/**
 * `smtp-lens bounce FILE...`: one JSON object per line for each failed or delayed recipient of every
 * bounce in the files (each message of an mbox), or every recipient with `all`. A file that is no
 * message gets an error on stderr and the others still run; the status is then 2.
 */
export function bounceCommand(paths: readonly string[], service: LanguageService, options: { all: boolean; lang: Language }, out: (line: string) => void, err: (line: string) => void): number {
  let unusable = 0;
  for (const input of expandInputs(paths)) {
    const fail = (why: string): void => {
      err(`smtp-lens: ${input.path}: ${why}`);
      unusable++;
    };
    if (input.error) {
      fail(input.error);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(input.path);
    } catch {
      fail('cannot read it');
      continue;
    }
    if (looksBinary(bytes)) {
      fail('looks binary (NUL bytes), not an email message or mbox');
      continue;
    }
    const text = messageText(bytes);
    const records: BounceRecord[] | undefined = service.bounceRecords({ uri: input.path, languageId: 'eml', version: 1, getText: () => text }, { all: options.all, language: options.lang });
    service.close(input.path);
    if (!records) {
      fail('not an email message: no header fields (From:, Subject: ...) at its start');
      continue;
    }
    // {"file": ..., ...record} written without copying each record into a new object.
    const file = `{"file":${JSON.stringify(input.path)},`;
    for (const record of records) out(file + JSON.stringify(record).slice(1));
  }
  return unusable > 0 ? 2 : 0;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A file's text: UTF-8 when it is valid UTF-8, else each byte as one character (Latin-1), so that the
 * reader can decode 8-bit parts in their own charset (GB2312, Big5, Shift_JIS ...) instead of seeing
 * U+FFFD where UTF-8 decoding failed.
 */
function messageText(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/**
 * A file of binary data rather than mail: many NUL bytes at its start. Real bounces may carry a stray
 * NUL (a broken MTA, a quoted binary), which the reader survives, so one or two do not count.
 */
function looksBinary(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 8192);
  let nul = 0;
  for (let at = head.indexOf(0); at >= 0; at = head.indexOf(0, at + 1)) nul++;
  return nul > Math.max(4, head.length / 100);
}
