import { test } from 'node:test';
import assert from 'node:assert/strict';
import { languageOf } from '../../../server/src/cli';

test('the CLI reads a file by its name, as the editor does', () => {
  assert.equal(languageOf('bounce.eml'), 'eml');
  assert.equal(languageOf('/var/log/mail.log.1'), 'maillog');
  assert.equal(languageOf('maillog-20240101'), 'maillog');
  assert.equal(languageOf('MSGTRK20240101-1.LOG'), 'maillog');
  assert.equal(languageOf('capture.smtp'), 'smtp');
});

test('other names are judged by their first lines', () => {
  assert.equal(languageOf('postfix.log', 'Nov 28 10:00:01 mx postfix/smtp[123]: 4F2A81C0042: to=<a@b>, status=sent (250 ok)\n'), 'maillog');
  assert.equal(languageOf('exim.txt', '2024-01-01 10:00:00 1rKxyz-0001ab-Cd <= a@example.com H=x [1.2.3.4] P=esmtp S=1000\n'), 'maillog');
  assert.equal(languageOf('bounce.txt', 'Return-Path: <>\nReceived: from mx\nFrom: MAILER-DAEMON\n\nbody'), 'eml');
  assert.equal(languageOf('session.txt', 'S: 220 mx ESMTP\nC: EHLO x\n'), 'smtp');
  assert.equal(languageOf('notes.txt', 'From: the desk of\n'), 'smtp', 'one header-like word is not a message');
});

test('check --format sarif writes a SARIF 2.1.0 log with one result per problem', async () => {
  const { main } = await import('../../../server/src/cli');
  const { resolve } = await import('node:path');
  const out: string[] = [];
  const status = main(['check', '--format', 'sarif', resolve(__dirname, '..', '..', '..', 'examples', 'auth-and-forwarding.smtp')], (line) => out.push(line), () => undefined);
  assert.equal(status, 1);
  const log = JSON.parse(out.join('\n')) as { version: string; runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }> };
  assert.equal(log.version, '2.1.0');
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'SMTP Lens');
  const rejected = run.results.find((r) => r.ruleId === 'smtp.rcpt-rejected' && r.locations[0].physicalLocation.region.startLine === 22);
  assert.equal(rejected?.level, 'error');
  assert.ok(run.results.some((r) => r.ruleId === 'smtp.will-forward' && r.level === 'note'));
  for (const r of run.results) assert.ok(run.tool.driver.rules.some((rule) => rule.id === r.ruleId), `${r.ruleId} listed among the rules`);
});
