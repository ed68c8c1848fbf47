// The message rules: a summary per failed recipient at the top of a bounce, and DSNs that contradict themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, MESSAGE_RULES } from '../../../server/src/service';
import { catalog, eml, fixture, readEml } from './helpers';

const findings = (text: string, id?: string, language: 'en' | 'zh-cn' = 'en') =>
  analyze(readEml(text), { catalog, language }).filter((f) => id === undefined || f.id === id);

/** A Postfix-style DSN with one recipient; `fields` replace its recipient group. */
const dsn = (...fields: string[]) => eml(
  'From: MAILER-DAEMON@mx.example.com (Mail Delivery System)',
  'Subject: Undelivered Mail Returned to Sender',
  'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
  '',
  '--B',
  'Content-Type: text/plain',
  '',
  '<bob@example.org>: host mx.example.org[192.0.2.1] said: 550 5.1.1',
  '    <bob@example.org>: Recipient address rejected: User unknown (in reply to',
  '    RCPT TO command)',
  '',
  '--B',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mx.example.com',
  '',
  ...fields,
  '',
  '--B--',
);
const GOOD = ['Final-Recipient: rfc822; bob@example.org', 'Action: failed', 'Status: 5.1.1', 'Remote-MTA: dns; mx.example.org',
  'Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown'];

test('a hard bounce stands on its evidence, the Final-Recipient line, naming recipient, reason, codes, command and host', () => {
  const text = dsn(...GOOD);
  const lines = text.split('\n');
  const [finding] = findings(text, 'smtp.hard-bounce');
  assert.equal(finding.message, 'Hard bounce: bob@example.org — user unknown (550 5.1.1, RCPT TO at mx.example.org)');
  assert.equal(finding.severity, 'error');
  assert.equal(lines[finding.span.line].slice(finding.span.start, finding.span.end), 'bob@example.org');
  assert.match(lines[finding.span.line], /^Final-Recipient:/);
  assert.equal(finding.data?.reason, 'user-unknown');
  // Related: the Status, the Diagnostic-Code and the line of the text that names the recipient.
  assert.deepEqual(finding.related?.map((r) => lines[r.span.line].split(':')[0]), ['Status', 'Diagnostic-Code', '<bob@example.org>']);
  assert.deepEqual(finding.related?.map((r) => r.message), ['Status: 5.1.1', 'Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown', 'bob@example.org']);
});

test('a recipient named only in the text stands on the line that names it', () => {
  const text = fixture('set-of-emails__lhost-yahoo-02.eml');
  const lines = text.split(/\r\n|\r|\n/);
  const [finding] = findings(text, 'smtp.soft-bounce');
  assert.ok(lines[finding.span.line].includes('kijitora@example.ed.jp'), lines[finding.span.line]);
  assert.ok(finding.related?.some((r) => /550/.test(lines[r.span.line])), JSON.stringify(finding.related));
});

test('in Chinese too', () => {
  const [finding] = findings(dsn(...GOOD), 'smtp.hard-bounce', 'zh-cn');
  assert.match(finding.message, /^硬退信：bob@example\.org — 用户不存在（550 5\.1\.1, mx\.example\.org 上的 RCPT TO）$/);
});

test('a clean DSN has no finding besides its summary', () => {
  assert.deepEqual(findings(dsn(...GOOD)).map((f) => f.id), ['smtp.hard-bounce']);
});

test('soft bounces, delays, feedback reports and auto-replies', () => {
  assert.match(findings(fixture('set-of-emails__lhost-yahoo-02.eml'), 'smtp.soft-bounce')[0].message, /^Soft bounce: kijitora@example\.ed\.jp — mailbox full \(550 5\.2\.2, RCPT TO\)$/);
  assert.match(findings(fixture('set-of-emails__lhost-gmail-06.eml'), 'smtp.delivery-delayed')[0].message, /^Delayed: kijitora@example\.jp — mailbox full \(450 4\.2\.2\)$/);
  assert.match(findings(fixture('set-of-emails__arf-01.eml'), 'smtp.feedback-report')[0].message, /^Feedback report \(abuse\) about a message to redacted@example\.net/);
  assert.match(findings(fixture('bounceparser__aol-vacation.msg.eml'), 'smtp.auto-reply')[0].message, /^Auto-reply, not a bounce/);
});

test('a failure whose reason the bounce does not tell is said as such, neither hard nor soft', () => {
  // Exim's notice for reply2@test.ex gives Status 5.0.0 and no words that say why.
  const [finding] = findings(fixture('exim__test-mail-0140.CALLER.eml'), 'smtp.undetermined-bounce');
  assert.match(finding.message, /^Bounce, hard or soft not known: reply2@test\.ex — reason not determined \(5\.0\.0\)$/);
  assert.equal(findings(fixture('exim__test-mail-0140.CALLER.eml'), 'smtp.soft-bounce').length, 0);
});

test('Action: failed with a 4.x.x or 2.x.x Status contradicts itself', () => {
  const [finding] = findings(dsn('Final-Recipient: rfc822; bob@example.org', 'Action: failed', 'Status: 4.4.1'), 'smtp.dsn-action-status-mismatch');
  assert.equal(finding.message, 'Action: failed contradicts Status: 4.4.1: a failed recipient has a 5.x.x status');
  assert.deepEqual(finding.span, { line: 18, start: 8, end: 13 });
  assert.equal(findings(dsn('Final-Recipient: rfc822; bob@example.org', 'Action: delivered', 'Status: 5.0.0'), 'smtp.dsn-action-status-mismatch').length, 1);
  assert.equal(findings(dsn('Final-Recipient: rfc822; bob@example.org', 'Action: delayed', 'Status: 4.4.1'), 'smtp.dsn-action-status-mismatch').length, 0);
});

test('a Status that disagrees with the server\'s code in Diagnostic-Code', () => {
  const contradiction = findings(dsn('Final-Recipient: rfc822; bob@example.org', 'Action: failed', 'Status: 5.0.0', 'Diagnostic-Code: smtp; 450 4.7.1 try later'), 'smtp.dsn-status-diagnostic-mismatch');
  assert.equal(contradiction[0].severity, 'warning');
  assert.equal(contradiction[0].message, 'Status: 5.0.0 contradicts the code the server gave in Diagnostic-Code (450 4.7.1)');
  const differs = findings(dsn('Final-Recipient: rfc822; bob@example.org', 'Action: failed', 'Status: 5.1.1', 'Diagnostic-Code: smtp; 550 5.7.1 blocked'), 'smtp.dsn-status-diagnostic-mismatch');
  assert.equal(differs[0].severity, 'information');
  assert.equal(findings(dsn('Final-Recipient: rfc822; bob@example.org', 'Action: failed', 'Status: 5.0.0', 'Diagnostic-Code: smtp; 550 5.1.1 x'), 'smtp.dsn-status-diagnostic-mismatch').length, 0);
});

test('required fields missing, and values that are none', () => {
  const missing = findings(dsn('Final-Recipient: rfc822; bob@example.org', 'Remote-MTA: dns; mx'), 'smtp.dsn-missing-field');
  assert.deepEqual(missing.map((f) => f.data?.field), ['Action', 'Status']);
  assert.equal(missing[0].message, 'Action is missing: RFC 3464 requires it in every recipient\'s group of fields');
  const invalid = findings(dsn('Final-Recipient: rfc822; bob@example.org', 'Action: bounced', 'Status: 5.1'), 'smtp.dsn-invalid-field');
  assert.deepEqual(invalid.map((f) => f.data?.field), ['Action', 'Status']);
});

test('every message rule has a firing case above', () => {
  const fired = new Set([
    ...findings(dsn(...GOOD)), ...findings(fixture('set-of-emails__lhost-yahoo-02.eml')), ...findings(fixture('set-of-emails__lhost-gmail-06.eml')),
    ...findings(fixture('set-of-emails__arf-01.eml')), ...findings(fixture('bounceparser__aol-vacation.msg.eml')),
    ...findings(dsn('Final-Recipient: rfc822; bob@example.org', 'Action: bounced', 'Status: 4.4.1', 'Diagnostic-Code: smtp; 550 5.1.1 x')),
    ...findings(dsn('Final-Recipient: rfc822; bob@example.org', 'Action: failed', 'Status: 4.4.1', 'Diagnostic-Code: smtp; 550 5.1.1 x')),
    ...findings(dsn('Final-Recipient: rfc822; bob@example.org')), ...findings(fixture('exim__test-mail-0140.CALLER.eml')),
  ].map((f) => f.id));
  assert.deepEqual(MESSAGE_RULES.map((r) => r.id).filter((id) => !fired.has(id)), []);
  for (const rule of MESSAGE_RULES) assert.match(rule.id, /^smtp\.[a-z0-9]+(-[a-z0-9]+)*$/);
});

test('a message that is no bounce has no message finding', () => {
  const plain = eml('From: alice@example.com', 'To: bob@example.org', 'Subject: lunch', '', 'See you at 12:30 in room 550.', 'bob@example.org');
  assert.deepEqual(findings(plain), []);
});
