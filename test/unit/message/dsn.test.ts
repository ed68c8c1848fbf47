// RFC 3464 delivery-status fields: groups, folding, codes, and the sloppy reports real MTAs write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDeliveryStatus } from '../../../server/src/service/parse/message/dsn';
import { rawView } from '../../../server/src/service/parse/message/text-view';

const read = (lines: string[]) => readDeliveryStatus(rawView(lines, 0, lines.length - 1), 0, lines.length - 1, '2');

test('per-message and per-recipient groups, types, folded values and the codes in them', () => {
  const report = read([
    'Reporting-MTA: dns; mx.example.org',
    'Arrival-Date: Thu, 29 Apr 2016 23:34:45 +0900',
    '',
    'Final-Recipient: rfc822; bob@example.org',
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach',
    '    550 5.1.1 does not exist.',
    '',
    'Final-Recipient: rfc822; carol@example.org',
    'Action: delayed',
    'Status: 4.4.1',
  ])!;
  assert.deepEqual(report.perMessage.fields.map((f) => f.name), ['Reporting-MTA', 'Arrival-Date']);
  assert.equal(report.recipients.length, 2);
  const diagnostic = report.recipients[0].fields[3];
  assert.equal(diagnostic.type, 'smtp');
  assert.equal(diagnostic.text, '550-5.1.1 The email account that you tried to reach 550 5.1.1 does not exist.');
  assert.deepEqual(diagnostic.codes.map((c) => `${c.kind} ${c.code} ${c.span.line}:${c.span.start}`), [
    'reply 550 6:23', 'enhanced 5.1.1 6:27', 'reply 550 7:4', 'enhanced 5.1.1 7:8',
  ]);
  assert.deepEqual(report.recipients[0].fields[0].textSpan, { line: 3, start: 25, end: 40 });
  assert.equal(report.recipients[0].endLine, 7);
});

test('recipients run together without blank lines, and per-message fields among them', () => {
  const report = read([
    'Original-envelope-id: 1', 'Reporting-MTA: dns; mx',
    'Action: failed', 'Status: 5.0.0', 'Original-recipient: rfc822;a@example.org', 'Final-recipient: rfc822;a@example.org',
    'Action: failed', 'Status: 5.0.0', 'Original-recipient: rfc822;b@example.org', 'Final-recipient: rfc822;b@example.org',
  ])!;
  assert.equal(report.perMessage.fields.length, 2);
  assert.deepEqual(report.recipients.map((g) => g.fields.find((f) => f.key === 'final-recipient')!.text), ['a@example.org', 'b@example.org']);
});

test('Action before Final-Recipient in one group (Amazon SES) stays one group', () => {
  const report = read(['Reporting-MTA: dns; x', '', 'Action: failed', 'Final-Recipient: rfc822; a@b.c', 'Original-Recipient: rfc822; a@b.c', 'Status: 5.1.1'])!;
  assert.equal(report.recipients.length, 1);
});

test('no recipient fields: no report', () => {
  assert.equal(read(['Reporting-MTA: dns; mx', 'Arrival-Date: today']), undefined);
});
