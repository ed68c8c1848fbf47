import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ReportReader, type LogReport } from '../../../server/src/service/report';
import { BATCH_FIELDS, LineBatcher, type LineBatch } from '../../../server/src/service/report/line-batch';
import { readLogInputs } from '../../../server/src/log-input';
import { readLogInputsOnThread } from '../../../server/src/log-lines-thread';
import { postfixLog } from '../../../bench/generate';
import { catalog, CLI, CORPUS_LOGS, FIXTURES, ROOT } from './helpers';

const CASES = readFileSync(resolve(FIXTURES, 'mail.log-postfix-cases'), 'utf8');
/** The reading thread's bundle, as npm test builds it. */
const WORKER = resolve(ROOT, 'dist', 'log-lines-worker.js');

/** The report of `inputs` (name, text) read on one thread, each text pushed in pieces of `size`. */
function pushed(inputs: Array<[string, string]>, size: number): LogReport {
  const reader = new ReportReader(catalog, 'en');
  for (const [name, text] of inputs) {
    reader.startSource(name);
    for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
  }
  return reader.finish();
}

/** The same with the lines cut and their prefixes read by a LineBatcher, a batch per piece, as the reading thread does. */
function batched(inputs: Array<[string, string]>, size: number, seen: (batch: LineBatch) => void = () => undefined): LogReport {
  const reader = new ReportReader(catalog, 'en');
  const batcher = new LineBatcher();
  const send = (): void => {
    const batch = batcher.take();
    if (!batch) return;
    seen(batch);
    reader.readBatch(batch);
  };
  for (const [name, text] of inputs) {
    batcher.flush();
    send();
    reader.startSource(name);
    for (let i = 0; i < text.length; i += size) {
      batcher.push(text.slice(i, i + size));
      send();
    }
  }
  batcher.flush();
  send();
  return reader.finish();
}

test('lines cut and prefixes read in batches give the report read on one thread: CRLF, lone CRs, lines and messages across batches', () => {
  const generated = postfixLog(300_000, 21);
  const texts: Array<[string, string]> = [
    ['cases', CASES],
    ['generated', generated],
    ['crlf', generated.slice(0, 100_000).replace(/\n/g, '\r\n')],
    // A lone CR ends a line; one right at the end of a piece, a CRLF cut between two pieces.
    ['lone cr', generated.slice(0, 50_000).replace(/\n(?=Nov 28 10:0[0-4])/g, '\r')],
  ];
  if (existsSync(CORPUS_LOGS)) for (const name of readdirSync(CORPUS_LOGS).sort()) texts.push([name, readFileSync(join(CORPUS_LOGS, name), 'utf8')]);
  for (const [name, text] of texts) {
    for (const size of [1000, 4096, 1 << 20]) assert.deepEqual(batched([[name, text]], size), pushed([[name, text]], size), `${name} in pieces of ${size}`);
  }
  // Several inputs read as one log: a message whose lines run on into the next input (the last line of the first has no newline).
  const lines = generated.split('\n');
  const inputs: Array<[string, string]> = [['mail.log.1', lines.slice(0, 1003).join('\n')], ['mail.log', lines.slice(1003).join('\n')]];
  let joined = 0;
  const report = batched(inputs, 777, (batch) => {
    if (batch.texts.length > 1) joined++;
  });
  assert.deepEqual(report, pushed(inputs, 777));
  assert.ok(joined > 10, `${joined} batches with a line joined across two pieces`);
  assert.deepEqual(report.sources, [{ name: 'mail.log.1', firstLine: 0 }, { name: 'mail.log', firstLine: 1003 }]);
});

test('a batch grows past its first rows for a piece of many short lines', () => {
  const text = `${'\n'.repeat(40_000)}${CASES}`;
  let most = 0;
  const report = batched([['short', text]], text.length, (batch) => {
    most = Math.max(most, batch.count);
    assert.ok(batch.rows.length >= batch.count * BATCH_FIELDS);
  });
  assert.ok(most > 40_000);
  assert.deepEqual(report, pushed([['short', text]], text.length));
});

/** A rotated set with a message spanning two files, one of them gzipped, and a missing file among them. */
function rotatedSet(): { dir: string; paths: string[]; text: string } {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lens-thread-'));
  const text = CASES + postfixLog(600_000, 22);
  const lines = text.split('\n');
  const third = Math.floor(lines.length / 3) + 3;
  writeFileSync(join(dir, 'mail.log.2.gz'), gzipSync(lines.slice(0, third).join('\n') + '\n'));
  writeFileSync(join(dir, 'mail.log.1'), lines.slice(third, 2 * third).join('\n') + '\n');
  writeFileSync(join(dir, 'mail.log'), lines.slice(2 * third).join('\n'));
  return { dir, paths: [join(dir, 'mail.log'), join(dir, 'missing.log'), join(dir, 'mail.log.2.gz'), join(dir, 'mail.log.1')], text };
}

test('files read on a thread of their own give the report read on one thread, failures told in the same order', { skip: !existsSync(WORKER) && 'dist/log-lines-worker.js is not built' }, async () => {
  const { paths } = rotatedSet();
  const single = new ReportReader(catalog, 'en');
  const singleFailures: string[] = [];
  const singleFailed = await readLogInputs(paths, single, (path, why) => singleFailures.push(`${path}: ${why}`));
  const threaded = new ReportReader(catalog, 'en');
  const threadFailures: string[] = [];
  const threadFailed = await readLogInputsOnThread(paths, threaded, (path, why) => threadFailures.push(`${path}: ${why}`), WORKER);
  assert.equal(threadFailed, 1);
  assert.equal(threadFailed, singleFailed);
  assert.deepEqual(threadFailures, singleFailures);
  assert.deepEqual(threaded.finish(), single.finish());
});

test('a file of long lines, several of its pieces a batch, read on a thread of its own gives the report read on one thread', { skip: !existsSync(WORKER) && 'dist/log-lines-worker.js is not built' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lens-long-'));
  // Lines of about 500 characters: a piece of 1 MB holds fewer lines than a batch gathers.
  const text = postfixLog(3_000_000, 23).split('\n').map((line) => line.replace(/ \(queue active\)$/, ` (queue active) ${'z'.repeat(400)}`).replace(/(status=\w+ \()/, `$1${'y'.repeat(300)} `)).join('\n');
  const file = join(dir, 'long.log');
  writeFileSync(file, text);
  const single = new ReportReader(catalog, 'en');
  await readLogInputs([file], single, () => undefined);
  const threaded = new ReportReader(catalog, 'en');
  assert.equal(await readLogInputsOnThread([file], threaded, () => undefined, WORKER), 0);
  const report = threaded.finish();
  assert.deepEqual(report, single.finish());
  assert.ok(report.totals.delivered > 1000);
});

test('a thread whose tally fails is stopped, and the failure told', { skip: !existsSync(WORKER) && 'dist/log-lines-worker.js is not built' }, async () => {
  const { paths } = rotatedSet();
  let batches = 0;
  const failing = {
    startSource: () => undefined,
    readBatch: () => {
      if (++batches === 2) throw new Error('tally failed');
    },
  };
  await assert.rejects(readLogInputsOnThread(paths, failing, () => undefined, WORKER), /tally failed/);
  await assert.rejects(readLogInputsOnThread(paths, new ReportReader(catalog, 'en'), () => undefined, resolve(ROOT, 'no-such-worker.js')), /Cannot find module|no-such-worker/);
});

test('report: the same text, JSON and HTML read on a reading thread as on one thread, and from standard input', { skip: !existsSync(CLI) && 'dist/cli.js is not built' }, () => {
  const { dir, paths, text } = rotatedSet();
  const run = (args: string[], env: Record<string, string> = {}, input?: string): { status: number | null; stdout: string; stderr: string } =>
    spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, input, maxBuffer: 64 * 1024 * 1024 });
  for (const format of ['text', 'json', 'html']) {
    const threaded = run(['report', '--format', format, ...paths]);
    const single = run(['report', '--format', format, ...paths], { SMTP_LENS_LOG_THREAD: '0' });
    assert.equal(threaded.status, 2, threaded.stderr);
    assert.match(threaded.stderr, /missing\.log: no such file/);
    assert.equal(threaded.stderr, single.stderr);
    assert.equal(threaded.stdout, single.stdout, format);
  }
  const file = join(dir, 'whole.log');
  writeFileSync(file, text);
  const strip = (json: string): unknown => ({ ...(JSON.parse(json) as object), sources: undefined });
  const fromFile = run(['report', '--format', 'json', file]);
  const fromStdin = run(['report', '--format', 'json', '-'], {}, text);
  assert.equal(fromFile.status, 0, fromFile.stderr);
  assert.deepEqual(strip(fromStdin.stdout), strip(fromFile.stdout));
});

test('report and messages: a reader that closes the output ends the run quietly, the reading thread with it', { skip: !existsSync(CLI) && 'dist/cli.js is not built' }, async () => {
  const { paths } = rotatedSet();
  for (const args of [['report', '--format', 'json', ...paths], ['messages', ...paths.filter((p) => !p.endsWith('missing.log'))]]) {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // No one reads the output: the first write fails with EPIPE.
    child.stdout.destroy();
    const status = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    assert.doesNotMatch(stderr, /EPIPE|Unhandled|internal error/, args[0]);
    assert.ok(status === 0 || status === 2, `${args[0]}: exit status ${status}`);
  }
});
