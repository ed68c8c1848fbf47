// `smtp-lens check --summary`: counts by outcome, by reason, by recipient domain and by refused client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { main } from '../../../server/src/cli';
import { logSummary, type LogSummary } from '../../../server/src/service/features/log/summary';
import { readLog } from '../../../server/src/service/parse/log/log-reader';
import { catalog, fixture, FIXTURES } from './helpers';

function run(...args: string[]): { status: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(args, (l) => out.push(l), (l) => err.push(l));
  return { status, out, err };
}

test('the summary of a log: outcomes, reasons, domains and refused clients', () => {
  const summary = logSummary(readLog(fixture('mainlog-exim-client')), catalog, 'en');
  assert.deepEqual(summary.formats, ['exim']);
  assert.equal(summary.messages, 9);
  assert.ok(summary.outcomes.bounced >= 3);
  assert.equal(summary.outcomes.deferred, 1);
  const reasons = summary.reasons.map((r) => `${r.outcome}: ${r.reason}`);
  assert.ok(reasons.includes('expired: 451 4.7.1 Delivery not authorized, message refused'));
  assert.ok(reasons.includes('bounced: 550 5.1.1 Bad destination mailbox address'));
  assert.ok(reasons.includes('bounced: 554 5.7.1 Delivery not authorized, message refused · Spamhaus ZEN'));
  assert.ok(reasons.includes('deferred: no reply code in the log'));
  const net = summary.domains.find((d) => d.domain === 'example.net')!;
  assert.ok(net.sent >= 1 && net.bounced >= 2 && net.expired === 1);
  assert.equal(summary.domains[0].domain, 'example.net', 'most failures first');
  const refused = logSummary(readLog(fixture('mail.log-fail2ban-postfix')), catalog, 'en');
  assert.equal(refused.rejections, 40, '26 rejects and 14 SASL authentication failures');
  assert.equal(refused.clients[0].count, 3, 'unknown[1.1.1.1] failed AUTH three times');
});

test('check --summary prints the tables; --format json the same as data; a file that is no log says so', () => {
  const log = resolve(FIXTURES, 'mainlog-exim-client');
  const text = run('check', '--summary', log);
  assert.equal(text.status, 1, 'bounces are errors: the exit status still says so');
  assert.match(text.out[0], /mainlog-exim-client: 9 messages \(Exim\)$/);
  assert.match(text.out[1], /^ {2}by outcome: .*bounced \d+/);
  assert.ok(text.out.includes('  by reason:'));
  assert.ok(text.out.includes('  by recipient domain:'));
  assert.ok(text.out.some((l) => /^ {4}example\.net +\d+ +\d+ +\d+ +1$/.test(l)));
  const json = run('check', '--summary', '--format', 'json', log, resolve(FIXTURES, '..', 'slice.smtp'));
  const parsed = JSON.parse(json.out.join('\n')) as Array<{ file: string; summary: LogSummary | null }>;
  assert.equal(parsed[0].summary?.messages, 9);
  assert.equal(parsed[1].summary, null);
  const zh = run('check', '--summary', '--lang', 'zh-cn', log);
  assert.match(zh.out.join('\n'), /按原因/);
  const plain = run('check', resolve(FIXTURES, 'mail.log-fail2ban-postfix'));
  assert.equal(plain.status, 0, 'refusals are warnings');
  assert.equal(plain.out.filter((l) => l.includes('smtp.incoming-rejected')).length, 40, '26 rejects and 14 SASL authentication failures');
});
