// Exchange CSV logs: a message tracking log (KinesisTap's test data, test/fixtures/logs), rows of the
// documented message tracking fields for the events that data lacks, and an SMTP protocol log
// (CrowdSec's sample), which is SMTP dialogue for the transcript readers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readLog } from '../../../server/src/service/parse/log/log-reader';
import { messageOutcome } from '../../../server/src/service/parse/log/outcome';
import { fixture, slice } from './helpers';

const FIELDS = '#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version';

/** A tracking row in the column order of FIELDS. */
function row(time: string, event: string, source: string, recipients: string, status: string, extra: { client?: string; server?: string } = {}): string {
  const fields = [time, '192.0.2.7', extra.client ?? '', '198.51.100.5', extra.server ?? '', '', 'Default EX01', source, event, '1001',
    '<msg-001@contoso.test>', 'net-0001', recipients, status, '2048', '2', '', '', 'Quarterly figures', 'alice@contoso.test', 'alice@contoso.test', '',
    'Originating', '', '', '', '', 'Email', 'log-1', '15.02.1118.007'];
  return fields.map((f) => (/[",]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
}

test('a message tracking log: the header names the columns; rows group by Message-ID', () => {
  const text = fixture('maillog-exchange-tracking-kinesistap');
  const model = readLog(text);
  assert.deepEqual(model.formats, ['exchange']);
  assert.equal(model.messages.length, 1);
  const m = model.messages.at(0);
  assert.equal(m.id, '<1028007174.22872.1495474412586.JavaMail.apollo@apollo-adaws-onebox-acc-1a-4c722f6e.us-east-1.amazon.com>');
  assert.deepEqual(m.lines, [5, 6]);
  assert.equal(slice(text, 6, m.columns[1], m.id.length), m.id, 'the id\'s column on a row with a quoted field before it');
  assert.equal(m.sender, 'apollo@amazon.com');
  assert.equal(messageOutcome(m), 'received', 'AGENTINFO and HAREDIRECT deliver nothing');
});

test('RECEIVE, DEFER, SEND, FAIL and DSN rows: arrival, each recipient\'s fate, the replies quoted in recipient-status', () => {
  const lines = [
    '#Software: Microsoft Exchange Server',
    FIELDS,
    row('2026-10-01T08:00:00.000Z', 'RECEIVE', 'SMTP', 'bob@fabrikam.test;carol@fabrikam.test', '250 2.1.5 Recipient OK', { client: 'app01.contoso.test' }),
    row('2026-10-01T08:00:05.000Z', 'DEFER', 'SMTP', 'bob@fabrikam.test', '{[{LRT=10/1/2026 8:00:05 AM};{LED=451 4.4.0 DNS query failed};{FQDN=};{IP=}]}', { server: 'mx.fabrikam.test' }),
    row('2026-10-01T08:10:00.000Z', 'SEND', 'SMTP', 'bob@fabrikam.test', '250 2.6.0 <msg-001@contoso.test> Queued mail for delivery', { server: 'mx.fabrikam.test' }),
    row('2026-10-01T08:10:01.000Z', 'FAIL', 'SMTP', 'carol@fabrikam.test', '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup', { server: 'mx.fabrikam.test' }),
    row('2026-10-01T08:10:02.000Z', 'DSN', 'DSN', 'alice@contoso.test', ''),
  ];
  const model = readLog(lines.join('\r\n'));
  const m = model.messages.at(0);
  assert.equal(m.id, '<msg-001@contoso.test>');
  assert.equal(m.client, 'app01.contoso.test');
  assert.equal(m.size, 2048);
  const bob = m.recipients.find((r) => r.address === 'bob@fabrikam.test')!;
  assert.equal(bob.status, 'sent');
  assert.equal(bob.deferrals, 1);
  assert.equal(bob.deliveries[0].code, '451', 'LED= holds the last error');
  assert.equal(bob.deliveries[0].enhanced, '4.4.0');
  assert.equal(bob.deliveries[0].peer, 'mx.fabrikam.test');
  const carol = m.recipients.find((r) => r.address === 'carol@fabrikam.test')!;
  assert.equal(carol.status, 'bounced');
  const fail = carol.deliveries[0];
  assert.equal(fail.code, '550');
  assert.equal(fail.enhanced, '5.1.10');
  assert.equal(lines[5].slice(fail.codeAt, fail.codeAt! + 3), '550');
  assert.equal(lines[5].slice(fail.markAt, fail.markEnd), 'FAIL');
  assert.equal(lines[5].slice(fail.recipientAt, fail.recipientAt! + 19), 'carol@fabrikam.test');
  assert.equal(messageOutcome(m), 'bounced');
  assert.ok(m.events.some((e) => e.kind === 'notification'));
});

test('a FAIL with X.4.7 is an expiry', () => {
  const model = readLog([FIELDS, row('2026-10-03T08:00:00.000Z', 'FAIL', 'SMTP', 'dave@fabrikam.test', '550 4.4.7 QUEUE.Expired; message expired')].join('\n'));
  assert.equal(model.messages.at(0).recipients[0].status, 'expired');
});

test('without a header, rows of the documented column order are still read', () => {
  const model = readLog(row('2026-10-01T08:10:01.000Z', 'FAIL', 'SMTP', 'carol@fabrikam.test', '550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found'));
  assert.equal(model.messages.at(0).recipients[0].status, 'bounced');
});

test('an SMTP protocol log is SMTP dialogue: sessions by session-id, replies on the log\'s own lines', () => {
  const text = fixture('maillog-exchange-protocol-crowdsec');
  const model = readLog(text);
  assert.equal(model.messages.length, 0);
  assert.deepEqual(model.formats, ['exchange']);
  const replies = model.transcript.sessions.flatMap((s) => s.replies);
  assert.ok(replies.some((r) => r.code === '535'), 'the AUTH failures are replies');
  for (const reply of replies) {
    const line = reply.lines[0];
    assert.equal(text.split('\n')[line.codeSpan.line].slice(line.codeSpan.start, line.codeSpan.end), reply.code);
  }
});
