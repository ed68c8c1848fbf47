import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { logReport } from '../../../server/src/service/report';
import { reportTree } from '../../../server/src/service/report/tree';
import { catalog, FIXTURES } from './helpers';

const CASES = readFileSync(resolve(FIXTURES, 'mail.log-postfix-cases'), 'utf8');
const LINES = CASES.split('\n');

test('the report tree: problem sections first, open, each row with the lines it opens', () => {
  const tree = reportTree(logReport(CASES, catalog, 'en'), catalog, 'en');
  const labels = tree.nodes.map((n) => n.label);
  const totals = labels.indexOf('Grand totals');
  assert.ok(totals > 0, labels.join(' | '));
  const problems = tree.nodes.slice(0, totals);
  assert.ok(problems.length > 0 && problems.every((n) => n.expanded && n.severity && (n.children ?? []).length > 0), 'problem sections come first, open');
  const bounces = tree.nodes.find((n) => n.label.startsWith('Bounces'));
  assert.ok(bounces?.children, labels.join(' | '));
  const row = bounces.children[0];
  assert.match(row.description ?? '', /^1 · 550 5\.1\.1 /);
  // The row's lines are the log's bounce lines, counted from 0.
  assert.ok(row.lines && row.lines.length > 0);
  for (const line of row.lines) assert.match(LINES[line], /status=bounced/);
  // Totals are rows without lines.
  const received = tree.nodes[totals].children?.find((n) => n.label === 'received');
  assert.deepEqual(received, { label: 'received', description: '6' });
  assert.match(tree.title, /mail log report/i);
});

test('the report tree in Chinese, and a log without problems says so first', () => {
  const zh = reportTree(logReport(CASES, catalog, 'zh-cn'), catalog, 'zh-cn');
  assert.ok(zh.nodes.some((n) => n.label === '总计'), zh.nodes.map((n) => n.label).join(' | '));
  const clean = 'Nov 28 10:00:01 mx postfix/smtpd[1]: connect from a.example[192.0.2.1]\n';
  const tree = reportTree(logReport(clean, catalog, 'en'), catalog, 'en');
  assert.deepEqual(tree.nodes[0], { label: 'No problems found', severity: 'info' });
});

test('the line under the title gives the first and last times, or says the lines have none', () => {
  const dated = reportTree(logReport('Nov 28 10:00:01 mx postfix/smtpd[1]: connect from a.example[192.0.2.1]\n', catalog, 'en'), catalog, 'en');
  assert.equal(dated.period, '1 lines, Nov 28 10:00:01 to Nov 28 10:00:01 (postfix)');
  // An excerpt with the syslog prefixes cut, as pasted into tickets: no "? to ?".
  const undated = 'postfix/smtpd[1]: connect from a.example[192.0.2.1]\n4104E3D: message-id=<a@b>\n';
  const report = logReport(undated, catalog, 'en');
  assert.equal(report.first, undefined);
  const tree = reportTree(report, catalog, 'en');
  assert.doesNotMatch(tree.period, /\?/);
  assert.match(tree.period, /^\d+ lines, no times in them \(/);
  assert.match(reportTree(report, catalog, 'zh-cn').period, /行中没有时间/);
});
