// `smtp-lens bounce FILE|DIR...`: one JSON line per failed recipient; unusable inputs reported, the rest still run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../../server/src/cli';
import { corpusRoot } from '../../helpers/corpus';
import { FIXTURES, fixture } from './helpers';

function run(...args: string[]): { status: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(args, (line) => out.push(line), (line) => err.push(line));
  return { status, out, err };
}

test('one JSON object per failed recipient, with everything the report says', () => {
  const { status, out, err } = run('bounce', resolve(FIXTURES, 'set-of-emails__lhost-mailru-03.eml'));
  assert.equal(status, 0);
  assert.deepEqual(err, []);
  const records = out.map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(records.map((r) => [r.recipient, r.action, r.status, r.replyCode, r.command, r.remoteMta, r.reason, r.bounce]), [
    ['mikeneko@example.jp', 'failed', '5.2.2', '550', 'RCPT', 'mx.example.jp', 'mailbox-full', 'soft'],
    ['sabineko@example.jp', 'failed', '5.2.1', '550', 'RCPT', 'mx.example.jp', 'user-unknown', 'hard'],
  ]);
  assert.equal(records[0].diagnostic, '550 5.2.2 <mikeneko@example.jp>... Mailbox Full');
  assert.equal(records[0].agent, 'Exim');
  assert.equal(typeof records[0].line, 'number');
});

test('a directory and an mbox: every message of every file; a file that is no message fails alone, status 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lens-bounce-'));
  try {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'exim.mbox'), fixture('exim__test-mail-0140.CALLER.eml'));
    writeFileSync(join(dir, 'a.eml'), fixture('set-of-emails__lhost-exim-05.eml'));
    writeFileSync(join(dir, 'notes.txt'), 'just some words\nand more\n');
    writeFileSync(join(dir, 'blob.bin'), Buffer.alloc(64, 0));
    const { status, out, err } = run('bounce', dir, join(dir, 'missing.eml'));
    assert.equal(status, 2);
    assert.deepEqual(out.map((l) => (JSON.parse(l) as { recipient: string }).recipient), ['kijitora@neko.example.co.jp', 'reply2@test.ex']);
    // A file of NUL bytes is read like any other (a NUL in a bounce is no reason to refuse it), and is no mail.
    assert.equal(err.length, 3);
    assert.match(err.join('\n'), /blob\.bin: not an email message/);
    assert.match(err.join('\n'), /notes\.txt: not an email message/);
    assert.match(err.join('\n'), /missing\.eml: no such file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--all adds deliveries, feedback reports and auto-replies; --lang names the reason in Chinese', () => {
  const arf = resolve(FIXTURES, 'set-of-emails__arf-01.eml');
  assert.deepEqual(run('bounce', arf).out, []);
  const [record] = run('bounce', '--all', '--lang', 'zh-cn', arf).out.map((l) => JSON.parse(l) as Record<string, string>);
  assert.equal(record.reason, 'feedback');
  assert.equal(record.reasonName, '反馈报告');
  assert.equal(record.recipient, 'redacted@example.net');
});

test('bounce without a file is a usage error', () => {
  const { status, err } = run('bounce');
  assert.equal(status, 2);
  assert.match(err[0], /bounce needs at least one file or directory/);
});

/** Runs `bounce` on text written to a file of its own; returns the records and what stderr said. */
function bounceOn(name: string, bytes: Buffer): { status: number; records: Array<Record<string, unknown>>; err: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lens-bounce-'));
  try {
    writeFileSync(join(dir, name), bytes);
    const { status, out, err } = run('bounce', join(dir, name));
    return { status, records: out.map((l) => JSON.parse(l) as Record<string, unknown>), err };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const corpusBytes = (name: string): Buffer => readFileSync(join(corpusRoot(), 'eml', name));
const withoutFile = (records: Array<Record<string, unknown>>): Array<Record<string, unknown>> => records.map(({ file: _, ...rest }) => rest);

test('a burst of binary in a real notice (NUL bytes, TLS records) is read as text and noted: the records are the clean file\'s', () => {
  const original = corpusBytes('set-of-emails__lhost-domino-02.eml');
  const clean = bounceOn('domino.eml', original);
  assert.equal(clean.records.length, 1);
  // What a TLS capture leaves behind (five 24-byte records, 70 NULs among them) at the end of the
  // notice's "Your message" line: more NULs than the bounce command used to take for a binary file.
  const at = original.indexOf('Your message') + 'Your message'.length;
  const record = Buffer.from([0x16, 0x03, 0x01, 0x00, 0x00, 0x2e, 0x01, 0x00, 0x00, 0x2a, 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0xc0, 0x2f, 0x00, 0x00]);
  const burst = Buffer.concat([record, record, record, record, record]);
  const dirty = bounceOn('domino.eml', Buffer.concat([original.subarray(0, at), burst, original.subarray(at)]));
  assert.equal(dirty.status, 0, dirty.err.join('\n'));
  assert.deepEqual(withoutFile(dirty.records), withoutFile(clean.records));
  assert.equal(dirty.err.length, 1);
  assert.match(dirty.err[0], /domino\.eml:36:16: binary data \(70 NUL bytes\) read as text/);
  // The corpus's own stray NUL (Yahoo's notice, line 57) likewise.
  const yahoo = bounceOn('yahoo.eml', corpusBytes('flufl.bounce__yahoo_02.txt.eml'));
  assert.equal(yahoo.status, 0);
  assert.deepEqual(yahoo.records.map((r) => r.recipient), ['agarciamartiartu@yahoo.es']);
  assert.match(yahoo.err.join('\n'), /yahoo\.eml:57:1: binary data \(1 NUL byte\) read as text/);
});

test('8-bit bytes in a real notice that is no UTF-8 are Windows-1252, never U+FFFD', () => {
  const original = corpusBytes('set-of-emails__lhost-mailru-03.eml').toString('latin1');
  // The server's words in Latin-1 with a Windows-1252 quote (0x92), as an old MTA writes them.
  const edited = Buffer.from(original.replace('Mailbox Full', 'Mailbox Full \xfcberf\xfcllt, can\x92t accept'), 'latin1');
  const { status, records } = bounceOn('mailru.eml', edited);
  assert.equal(status, 0);
  const full = records.find((r) => r.recipient === 'mikeneko@example.jp')!;
  assert.equal(full.diagnostic, '550 5.2.2 <mikeneko@example.jp>... Mailbox Full überfüllt, can\u2019t accept');
  assert.equal(full.reason, 'mailbox-full');
  assert.ok(!records.some((r) => String(r.diagnostic).includes('\uFFFD')));
});

/** Shift_JIS bytes of a text, from the platform's own decoder (Node has no Shift_JIS encoder). */
function shiftJis(text: string): Buffer {
  const decoder = new TextDecoder('shift_jis', { fatal: true });
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead > 0x9f && lead < 0xe0) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      try {
        table.set(decoder.decode(Uint8Array.from([lead, trail])), [lead, trail]);
      } catch {
        // Not a character.
      }
    }
  }
  return Buffer.from(Array.from(text).flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch) ?? [0x3f])));
}

test('a real notice re-encoded in 8-bit Shift_JIS (bytes 0x80-0x9F read as Windows-1252) is decoded in its charset: the same records as its ISO-2022-JP original', () => {
  const original = corpusBytes('set-of-emails__lhost-domino-02.eml');
  const expected = bounceOn('domino.eml', original);
  assert.match(String(expected.records[0].diagnostic), /ディレクトリには見つかりません/);
  // Each ISO-2022-JP stretch decoded, then the whole file written in Shift_JIS, the parts labelled so.
  const text = original.toString('latin1').replace(/\x1b\$B[^\x1b]*\x1b\(B/g, (run) => new TextDecoder('iso-2022-jp').decode(Buffer.from(run, 'latin1')))
    .replace(/charset=ISO-2022-JP/g, 'charset=Shift_JIS').replace('Content-Type: message/delivery-status', 'Content-Type: message/delivery-status; charset=Shift_JIS');
  const bytes = shiftJis(text);
  assert.ok(bytes.some((b) => b >= 0x80 && b <= 0x9f), 'the Shift_JIS text has bytes Windows-1252 reads as other characters');
  const { status, records } = bounceOn('domino-sjis.eml', bytes);
  assert.equal(status, 0);
  assert.deepEqual(withoutFile(records), withoutFile(expected.records));
});

test('a file is read to its last byte whatever its size around the read buffer (64 KiB), from a directory and named alone', () => {
  // An mbox: a first message of filler, then a real bounce whose records prove the end was read.
  const bounce = fixture('set-of-emails__lhost-exim-05.eml');
  const head = 'From sender@example.org Mon Dec  7 10:00:00 2026\nFrom: sender@example.org\nSubject: filler\n\n';
  const tail = `From MAILER-DAEMON Mon Dec  7 10:00:01 2026\n${bounce}`;
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lens-bounce-'));
  try {
    for (const size of [65_535, 65_536, 65_537, 200_000]) {
      const fill = size - Buffer.byteLength(head) - Buffer.byteLength(tail);
      const text = head + `${'x'.repeat(75)}\n`.repeat(Math.floor(fill / 76)) + '\n'.repeat(fill % 76) + tail;
      assert.equal(Buffer.byteLength(text), size);
      mkdirSync(join(dir, String(size)));
      writeFileSync(join(dir, String(size), 'box.mbox'), text);
    }
    const named = run('bounce', ...[65_535, 65_536, 65_537, 200_000].map((size) => join(dir, String(size), 'box.mbox')));
    const listed = run('bounce', dir);
    for (const { status, out, err } of [named, listed]) {
      assert.equal(status, 0, err.join('\n'));
      const records = out.map((l) => JSON.parse(l) as { recipient: string; message: number });
      assert.deepEqual(records.map((r) => [r.recipient, r.message]), Array(4).fill(['kijitora@neko.example.co.jp', 1]));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
