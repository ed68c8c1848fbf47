// `smtp-lens bounce FILE|DIR...`: one JSON line per failed recipient; unusable inputs reported, the rest still run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../../server/src/cli';
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
    assert.equal(err.length, 3);
    assert.match(err.join('\n'), /blob\.bin: looks binary/);
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
