import { spawn, spawnSync } from 'node:child_process';
import { closeSync, createReadStream, createWriteStream, existsSync, mkdirSync, openSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { postfixLogLines } from './generate';
import type { Row } from './measure';
import { projectRoot } from '../test/helpers/root';

const MB = 1024 * 1024;

/**
 * A generated Postfix log of `sizeMB` written once into bench/.cache and reused by later runs (the
 * same seed gives the same file): making 600 MB costs more than reading it.
 */
export function cachedPostfixLog(root: string, sizeMB: number, seed = 20261128): string {
  const dir = resolve(root, 'bench', '.cache');
  const path = resolve(dir, `postfix-${sizeMB}mb-${seed}.log`);
  if (existsSync(path) && statSync(path).size >= sizeMB * MB * 0.99) return path;
  mkdirSync(dir, { recursive: true });
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  let held: string[] = [];
  let size = 0;
  const flush = (): void => {
    writeSync(fd, held.join(''));
    held = [];
    size = 0;
  };
  postfixLogLines(sizeMB * MB, seed, (line) => {
    held.push(line, '\n');
    size += line.length + 1;
    if (size >= 4 * MB) flush();
  });
  flush();
  closeSync(fd);
  renameSync(partial, path);
  return path;
}

/** file.gz beside the cached file, made once (level 1: the benchmark measures reading it, not making it). */
/**
 * Reads a file through once and drops what it read, so that every program timed on it afterwards finds it
 * in the page cache: otherwise the first run (ours) would also wait for the disk, and pflogsumm after it not.
 */
function warmPageCache(path: string): void {
  const buffer = Buffer.allocUnsafe(8 * MB);
  const fd = openSync(path, 'r');
  try {
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

async function cachedGzip(path: string): Promise<string> {
  const gz = `${path}.gz`;
  if (existsSync(gz) && statSync(gz).mtimeMs >= statSync(path).mtimeMs) return gz;
  await pipeline(createReadStream(path), createGzip({ level: 1 }), createWriteStream(`${gz}.partial`));
  renameSync(`${gz}.partial`, gz);
  return gz;
}

interface ChildRun {
  ms: number;
  stdout: string;
  lines: number;
  maxRssMB?: number;
  status: number;
}

/**
 * Runs a program to its end, with a file on its standard input if `stdinFile`; keeps its output
 * when `keep`, else only counts its lines (the NDJSON of 600 MB of log would not fit a string).
 */
function runChild(command: string, args: string[], options: { stdinFile?: string; keep: boolean; env?: Record<string, string> }): Promise<ChildRun> {
  return new Promise((done, fail) => {
    const start = performance.now();
    const stdin = options.stdinFile ? openSync(options.stdinFile, 'r') : 'ignore';
    const child = spawn(command, args, { stdio: [stdin, 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    const out: string[] = [];
    let lines = 0;
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) lines++;
      if (options.keep) out.push(chunk.toString('utf8'));
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', fail);
    child.on('close', (status) => {
      if (typeof stdin === 'number') closeSync(stdin);
      const rss = /smtp-lens-maxrss-kb (\d+)/.exec(stderr);
      done({ ms: performance.now() - start, stdout: out.join(''), lines, maxRssMB: rss ? Number(rss[1]) / 1024 : undefined, status: status ?? -1 });
    });
  });
}

/** pflogsumm's grand totals under our names, where it prints them unrounded (below 512k). */
function pflogsummTotals(text: string): Record<string, number | string> {
  const names: Record<string, string> = {
    received: 'received', delivered: 'delivered', forwarded: 'forwarded', deferred: 'deferred', bounced: 'bounced', rejected: 'rejected',
    'reject warnings': 'rejectWarnings', held: 'held', discarded: 'discarded', 'bytes received': 'bytesReceived', 'bytes delivered': 'bytesDelivered',
    senders: 'senders', 'sending hosts/domains': 'sendingHostsDomains', recipients: 'recipients', 'recipient hosts/domains': 'recipientHostsDomains',
  };
  const totals: Record<string, number | string> = {};
  for (const line of text.split(/\n(?=Per-)/)[0].split('\n')) {
    const m = /^\s*(\d+)([km]?)\s+(.+?)(?:\s+\(.*)?$/.exec(line);
    if (m && names[m[3].trim()]) totals[names[m[3].trim()]] = m[2] ? `${m[1]}${m[2]}` : Number(m[1]);
  }
  return totals;
}

/** Ours in pflogsumm's units: past 512k it prints whole k (1024) or m (1048576), cut down. */
function inPflogsummUnits(value: number): number | string {
  if (value > 536870912) return `${Math.floor(value / 1048576)}m`;
  if (value > 524288) return `${Math.floor(value / 1024)}k`;
  return value;
}

/**
 * `smtp-lens report` and `messages` on a generated 600 MB Postfix log as the CLI ships (dist/cli.js,
 * a process of its own, its peak RSS measured), the same from .gz and from standard input, and
 * pflogsumm on the same file in the same run.
 */
export async function streamBenchmarks(sizeMB = 600): Promise<Row[]> {
  const root = projectRoot();
  const cli = resolve(root, 'dist', 'cli.js');
  const rss = resolve(root, 'bench', 'rss.cjs');
  process.stderr.write(`bench: a ${sizeMB} MB Postfix log in bench/.cache (made once)…\n`);
  const file = cachedPostfixLog(root, sizeMB);
  const mb = statSync(file).size / MB;
  const gz = await cachedGzip(file);
  const node = process.execPath;
  const report = (input: string, stdinFile?: string, env?: Record<string, string>): Promise<ChildRun> =>
    runChild(node, ['--require', rss, cli, 'report', '--format', 'json', input], { stdinFile, keep: true, env });
  warmPageCache(file);
  warmPageCache(gz);
  process.stderr.write('bench: smtp-lens report…\n');
  const plain = await report(file);
  const fromGz = await report(gz);
  const fromStdin = await report('-', file);
  // The file read on the main thread, as standard input is: what the reading thread gains, and the same report.
  const oneThread = await report(file, undefined, { SMTP_LENS_LOG_THREAD: '0' });
  process.stderr.write('bench: smtp-lens messages…\n');
  const messages = await runChild(node, ['--require', rss, cli, 'messages', file], { keep: false });
  const totals = (run: ChildRun): Record<string, number> => (JSON.parse(run.stdout) as { totals: Record<string, number> }).totals;
  const ours = totals(plain);
  const same = (run: ChildRun): boolean => run.status === 0 && JSON.stringify(totals(run)) === JSON.stringify(ours);
  const rows: Row[] = [];
  const hasPflogsumm = spawnSync('sh', ['-c', 'command -v pflogsumm || test -x /usr/sbin/pflogsumm']).status === 0;
  let pflogsumm: { ms: number; totals: Record<string, number | string> } | undefined;
  if (hasPflogsumm) {
    process.stderr.write('bench: pflogsumm on the same file…\n');
    const run = await runChild('sh', ['-c', 'exec "$(command -v pflogsumm || echo /usr/sbin/pflogsumm)" "$0"', file], { keep: true });
    pflogsumm = { ms: run.ms, totals: pflogsummTotals(run.stdout) };
  }
  const baseline = pflogsumm ? { name: 'pflogsumm, same file', value: mb / (pflogsumm.ms / 1000), unit: 'MB/s' } : undefined;
  const throughput = mb / (plain.ms / 1000);
  rows.push({
    name: `smtp-lens report --format json, ${mb.toFixed(0)} MB Postfix log (process start to exit)`, value: throughput, unit: 'MB/s', baseline,
    ratio: pflogsumm ? pflogsumm.ms / plain.ms : undefined, target: '≥ 100 MB/s', met: throughput >= 100,
  });
  rows.push({ name: 'peak RSS of that report', value: plain.maxRssMB ?? NaN, unit: 'MB', target: '< 512 MB', met: (plain.maxRssMB ?? Infinity) < 512 });
  rows.push({
    name: 'the same report with the file read on the main thread too (SMTP_LENS_LOG_THREAD=0)', value: mb / (oneThread.ms / 1000), unit: 'MB/s',
    baseline: { name: 'file read on a thread of its own', value: throughput, unit: 'MB/s' }, target: 'the same report, byte for byte',
    met: oneThread.status === 0 && oneThread.stdout === plain.stdout,
  });
  if (pflogsumm) {
    const differing = Object.entries(pflogsumm.totals).filter(([key, value]) => inPflogsummUnits(ours[key]) !== value).map(([key]) => key);
    rows.push({
      name: `report totals equal to pflogsumm's (${Object.keys(pflogsumm.totals).length} totals${differing.length ? `; differ: ${differing.join(', ')}` : ''})`,
      value: Object.keys(pflogsumm.totals).length - differing.length, unit: `of ${Object.keys(pflogsumm.totals).length}`, target: 'all', met: differing.length === 0 && Object.keys(pflogsumm.totals).length >= 15,
    });
  }
  rows.push({ name: 'the same report from the .gz file', value: mb / (fromGz.ms / 1000), unit: 'MB/s', baseline: { name: 'plain file', value: throughput, unit: 'MB/s' }, target: 'same report', met: same(fromGz) });
  rows.push({ name: 'the same report from standard input', value: mb / (fromStdin.ms / 1000), unit: 'MB/s', baseline: { name: 'plain file', value: throughput, unit: 'MB/s' }, target: 'same report', met: same(fromStdin) });
  rows.push({ name: 'peak RSS, .gz / standard input', value: Math.max(fromGz.maxRssMB ?? Infinity, fromStdin.maxRssMB ?? Infinity), unit: 'MB (larger of the two)', target: '< 512 MB', met: Math.max(fromGz.maxRssMB ?? Infinity, fromStdin.maxRssMB ?? Infinity) < 512 });
  rows.push({
    name: `smtp-lens messages (NDJSON), ${messages.lines} records for ${ours.received} received messages`, value: mb / (messages.ms / 1000), unit: 'MB/s',
    target: 'a record per received message', met: messages.status === 0 && messages.lines >= ours.received,
  });
  return rows;
}
