import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../../server/src/cli';

function check(...files: string[]): { status: number; text: string } {
  const out: string[] = [];
  const status = main(['check', '--format', 'json', ...files], (line) => out.push(line), () => undefined);
  return { status, text: out.join('\n') };
}

test('check --format json writes the text JSON.stringify(…, null, 2) makes: problems, none, odd names and messages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lens-json-'));
  const clean = join(dir, 'clean "quoted" name.smtp');
  writeFileSync(clean, 'S: 220 mx ESMTP\nC: EHLO x\nS: 250 mx\nC: QUIT\nS: 221 bye\n');
  const failing = join(dir, 'failing.smtp');
  writeFileSync(failing, 'S: 220 mx ESMTP\nC: EHLO x\nS: 250 mx\nC: MAIL FROM:<a@b>\nS: 250 ok\nC: RCPT TO:<c@d>\nS: 550 5.1.1 "no" such\\user\tthere\nC: QUIT\nS: 221 bye\n');
  const example = resolve(__dirname, '..', '..', '..', 'examples', 'auth-and-forwarding.smtp');
  const { status, text } = check(failing, clean, example);
  assert.equal(status, 1);
  const report = JSON.parse(text) as Array<{ file: string; problems: unknown[] }>;
  assert.deepEqual(report.map((r) => [r.file, r.problems.length > 0]), [[failing, true], [clean, false], [example, true]]);
  assert.equal(text, JSON.stringify(report, null, 2));
  assert.match(text, /"problems": \[\]/);
  // A file it cannot read leaves none to report.
  const none = check(join(dir, 'missing.smtp'));
  assert.equal(none.status, 2);
  assert.equal(none.text, '[]');
});
