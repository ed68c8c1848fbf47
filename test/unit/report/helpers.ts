import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ReportTotals } from '../../../server/src/service/report';
import { catalog } from '../../helpers/catalog';

export { catalog };

export const ROOT = resolve(__dirname, '..', '..', '..');
export const FIXTURES = resolve(ROOT, 'test', 'fixtures', 'report');
export const CORPUS_LOGS = resolve(ROOT, '..', 'shared', 'corpus', 'logs');
export const CLI = resolve(ROOT, 'dist', 'cli.js');

/** Where a program is: on PATH, or in /usr/sbin (pflogsumm and eximstats live there). */
export function locate(program: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${program} || { test -x /usr/sbin/${program} && echo /usr/sbin/${program}; }`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || undefined : undefined;
}

/** Runs the built CLI (npm test builds first) with `input` on standard input. */
export function cli(args: string[], input?: string | Buffer): { status: number; stdout: string; stderr: string } {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build');
  const run = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/**
 * pflogsumm's grand totals under our names; only those it has. Past 512k it prints a number in
 * units of 1024 (k) or 1048576 (m), cut down to a whole number: such a total is given as the
 * range of exact numbers it stands for.
 */
export function pflogsummTotals(pflogsumm: string, file: string): Partial<Record<keyof ReportTotals, number | [number, number]>> {
  const run = spawnSync(pflogsumm, [file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`pflogsumm failed: ${run.stderr}`);
  const labels: Record<string, keyof ReportTotals> = {
    received: 'received', delivered: 'delivered', forwarded: 'forwarded', deferred: 'deferred', bounced: 'bounced',
    rejected: 'rejected', 'reject warnings': 'rejectWarnings', held: 'held', discarded: 'discarded', 'bytes received': 'bytesReceived',
    'bytes delivered': 'bytesDelivered', senders: 'senders', 'sending hosts/domains': 'sendingHostsDomains', recipients: 'recipients',
    'recipient hosts/domains': 'recipientHostsDomains',
  };
  const totals: Partial<Record<keyof ReportTotals, number | [number, number]>> = {};
  const grand = run.stdout.split(/\n(?=Per-|Host\/Domain|Senders by)/)[0];
  for (const line of grand.split('\n')) {
    const m = /^\s*(\d+)([km]?)\s+(.+?)(?:\s+\(.*)?$/.exec(line);
    if (!m) continue;
    const key = labels[m[3].trim()];
    if (!key) continue;
    const unit = m[2] === 'k' ? 1024 : m[2] === 'm' ? 1048576 : 1;
    totals[key] = unit === 1 ? Number(m[1]) : [Number(m[1]) * unit, (Number(m[1]) + 1) * unit - 1];
    const deferrals = /\((\d+)\s+deferrals\)/.exec(line);
    if (key === 'deferred' && deferrals) totals.deferrals = Number(deferrals[1]);
    if (key === 'deferred' && !deferrals) totals.deferrals = 0;
  }
  return totals;
}
