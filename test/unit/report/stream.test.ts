import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { logReport, ReportReader } from '../../../server/src/service/report';
import { LineSplitter, LogStream } from '../../../server/src/service/parse/log/stream';
import { readingOrder } from '../../../server/src/log-input';
import { postfixLog } from '../../../bench/generate';
import { catalog, cli, FIXTURES } from './helpers';

const CASES = readFileSync(resolve(FIXTURES, 'mail.log-postfix-cases'), 'utf8');

test('lines are the same however the text is cut into pieces, CRLF and lone CR included', () => {
  const text = 'one\r\ntwo\nthree\rfour\r\n\nsix';
  const whole: string[] = [];
  const splitter = new LineSplitter((line) => whole.push(line));
  splitter.push(text);
  splitter.flush();
  assert.deepEqual(whole, ['one', 'two', 'three', 'four', '', 'six']);
  for (let size = 1; size <= 4; size++) {
    const lines: string[] = [];
    const pieces = new LineSplitter((line) => lines.push(line));
    for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
    pieces.flush();
    assert.deepEqual(lines, whole, `pieces of ${size}`);
  }
});

test('CRs far apart in a long piece: each line cut where an editor cuts it, wherever the CRs stand', () => {
  // Lines with no CR between the ones with a CRLF or a lone CR, so that the next CR is found ahead of
  // many lines and then searched for again; one CR right before a piece's end, one at a piece's start.
  const rows: string[] = [];
  for (let i = 0; i < 400; i++) rows.push(i % 97 === 5 ? `row ${i}\r\n` : i % 61 === 7 ? `row ${i}a\rrow ${i}b\n` : `row ${i}\n`);
  const text = `${rows.join('')}\r\rtail`;
  const expected = text.split(/\r\n|\n|\r/);
  for (const size of [text.length, 1000, 333, 64]) {
    const lines: string[] = [];
    const pieces = new LineSplitter((line) => lines.push(line));
    for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
    pieces.flush();
    assert.deepEqual(lines, expected, `pieces of ${size}`);
  }
});

test('a report is the same from pieces of any size as from the whole text', () => {
  const text = CASES + postfixLog(200_000, 3);
  const whole = logReport(text, catalog, 'en');
  for (const size of [1000, 4096, 65_536]) {
    const reader = new ReportReader(catalog, 'en');
    reader.startSource('');
    for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
    assert.deepEqual(reader.finish(), whole, `pieces of ${size}`);
  }
});

test('the stream keeps only the messages in flight, and hands each over when it leaves the queue', () => {
  let done = 0;
  let most = 0;
  const stream = new LogStream({
    message: () => done++,
    line: () => {
      most = Math.max(most, stream.inFlight);
    },
  });
  stream.startSource('mail.log');
  stream.push(postfixLog(500_000, 5));
  assert.ok(most <= 2, `at most ${most} messages in flight at once`);
  stream.end();
  assert.ok(done > 400, `${done} messages handed over`);
});

test('a message whose lines run on into the next file of a rotated set stays one message', () => {
  const lines = CASES.split('\n');
  const records: Array<{ queueId: string; recipients: unknown[] }> = [];
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lens-rotated-'));
  // Oldest first: mail.log.2.gz, mail.log.1, mail.log; named on the command line in another order.
  writeFileSync(join(dir, 'mail.log.2.gz'), gzipSync(lines.slice(0, 7).join('\n') + '\n'));
  writeFileSync(join(dir, 'mail.log.1'), lines.slice(7, 20).join('\n') + '\n');
  writeFileSync(join(dir, 'mail.log'), lines.slice(20).join('\n'));
  assert.deepEqual(readingOrder([join(dir, 'mail.log'), join(dir, 'mail.log.1'), join(dir, 'mail.log.2.gz')]).map((p) => p.slice(dir.length + 1)), ['mail.log.2.gz', 'mail.log.1', 'mail.log']);
  const run = cli(['messages', join(dir, 'mail.log'), join(dir, 'mail.log.2.gz'), join(dir, 'mail.log.1')]);
  assert.equal(run.status, 0, run.stderr);
  for (const line of run.stdout.trim().split('\n')) records.push(JSON.parse(line) as { queueId: string; recipients: unknown[] });
  const first = records.filter((r) => r.queueId === '3F1A2B');
  assert.equal(first.length, 1, 'the message spanning mail.log.2.gz and mail.log.1 is one record');
  assert.equal(first[0].recipients.length, 2);
  const rotated = cli(['report', '--format', 'json', join(dir, 'mail.log.1'), join(dir, 'mail.log'), join(dir, 'mail.log.2.gz')]);
  const plain = cli(['report', '--format', 'json', resolve(FIXTURES, 'mail.log-postfix-cases')]);
  assert.deepEqual(JSON.parse(rotated.stdout).totals, JSON.parse(plain.stdout).totals);
});

test('report: a .gz file and standard input give the same report as the plain file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lens-gz-'));
  const text = CASES + postfixLog(300_000, 9);
  writeFileSync(join(dir, 'mail.log'), text);
  writeFileSync(join(dir, 'mail.log.gz'), gzipSync(text));
  const strip = (json: string): unknown => {
    const report = JSON.parse(json) as { sources: unknown };
    delete (report as { sources?: unknown }).sources;
    return report;
  };
  const plain = cli(['report', '--format', 'json', join(dir, 'mail.log')]);
  assert.equal(plain.status, 0, plain.stderr);
  const gz = cli(['report', '--format', 'json', join(dir, 'mail.log.gz')]);
  const stdin = cli(['report', '--format', 'json', '-'], text);
  const stdinGz = cli(['report', '--format', 'json', '-'], gzipSync(text));
  assert.deepEqual(strip(gz.stdout), strip(plain.stdout));
  assert.deepEqual(strip(stdin.stdout), strip(plain.stdout));
  assert.deepEqual(strip(stdinGz.stdout), strip(plain.stdout));
  const text1 = cli(['report', join(dir, 'mail.log')]);
  assert.match(text1.stdout, /Grand totals/);
  assert.match(cli(['report', '--lang', 'zh-cn', join(dir, 'mail.log')]).stdout, /总计/);
});

test('report: a damaged .gz, a missing file and a file with no log lines get a clear message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lens-bad-'));
  writeFileSync(join(dir, 'mail.log.gz'), Buffer.concat([gzipSync(CASES).subarray(0, 200)]));
  const damaged = cli(['report', join(dir, 'mail.log.gz')]);
  assert.equal(damaged.status, 2);
  assert.match(damaged.stderr, /mail\.log\.gz: not a readable gzip file/);
  const missing = cli(['report', join(dir, 'nope.log')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.log: no such file/);
  writeFileSync(join(dir, 'notes.txt'), 'hello\nworld\n');
  const notLog = cli(['report', join(dir, 'notes.txt')]);
  assert.equal(notLog.status, 2);
  assert.match(notLog.stderr, /no mail log lines/);
  assert.doesNotMatch(damaged.stderr + missing.stderr + notLog.stderr, /internal error/);
});

test('messages: one NDJSON record per received message, with recipients, dsn, relay, delays and reason', () => {
  const text = postfixLog(400_000, 11);
  const received = text.split('\n').filter((l) => / client=/.test(l)).length;
  const run = cli(['messages', '-'], text);
  assert.equal(run.status, 0, run.stderr);
  const records = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { queueId: string; client?: string; messageId?: string; size?: number; recipients: Array<{ status?: string; dsn?: string; relay?: string; delays?: unknown; reason?: string }> });
  assert.equal(records.filter((r) => r.client).length, received);
  assert.equal(new Set(records.map((r) => r.queueId)).size, records.length);
  const bounced = records.find((r) => r.recipients.some((x) => x.status === 'bounced'));
  assert.ok(bounced?.messageId && bounced.size);
  const recipient = bounced.recipients.find((x) => x.status === 'bounced')!;
  assert.match(recipient.dsn ?? '', /^5\./);
  assert.ok(recipient.relay && recipient.reason);
  assert.deepEqual(recipient.delays, { beforeQueueManager: 0.01, inQueueManager: 0, connection: 0.3, transmission: 0.2 });
});
