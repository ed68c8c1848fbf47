// Postfix lines: real ones from fail2ban's and postfix-grok-patterns' test data (test/fixtures/logs),
// and message stories put together from such lines with a syslog header in front.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readLog } from '../../../server/src/service/parse/log/log-reader';
import { messageDelay, messageOutcome } from '../../../server/src/service/parse/log/outcome';
import { fixture, lineOf, log, message, slice } from './helpers';

const GROK = fixture('mail.log-postfix-grok-parts');
const FAIL2BAN = fixture('mail.log-fail2ban-postfix');

test('a delivery line gives recipient, relay, delay, dsn, status and the reply with the command it answered', () => {
  const model = readLog(GROK);
  const line = lineOf(GROK, '4E74613FE76: to=<redacted@gmail.com>');
  const event = message(model, '4E74613FE76').events.find((e) => e.line === line)!;
  assert.equal(event.kind, 'delivery');
  assert.equal(event.status, 'bounced');
  assert.equal(event.recipient, 'redacted@gmail.com');
  assert.equal(slice(GROK, line, event.recipientAt, 18), 'redacted@gmail.com');
  assert.equal(event.peer, 'gmail-smtp-in.l.google.com[2607:f8b0:400e:c04::1b]:25');
  assert.equal(event.delay, 1.9);
  assert.equal(event.dsn, '5.7.1');
  assert.equal(slice(GROK, line, event.dsnAt, 5), '5.7.1');
  assert.equal(event.code, '550');
  assert.equal(slice(GROK, line, event.codeAt, 3), '550');
  assert.equal(event.enhanced, '5.7.1');
  assert.equal(event.command, 'DATA', '(in reply to end of DATA command)');
  assert.equal(slice(GROK, line, event.markAt, 7), 'bounced');
  assert.match(event.text!, /^\[2607:4100/);
});

test('status=sent with "queued as" names the next hop\'s id; local deliveries have no reply', () => {
  const model = readLog(GROK);
  const line = lineOf(GROK, '0D9633D: to=<jos@example.com>');
  const event = message(model, '0D9633D').events.find((e) => e.line === line)!;
  assert.equal(event.status, 'sent');
  assert.equal(event.code, '250');
  assert.equal(event.related, 'F12DF84004');
  assert.equal(slice(GROK, line, event.relatedAt, 10), 'F12DF84004');
  const local = message(model, '892A0205B6').events[0];
  assert.equal(local.status, 'bounced');
  assert.equal(local.recipient, 'ghdsgfhdslfh@localhost', 'an unbracketed to= address');
  assert.equal(local.code, undefined);
  assert.equal(local.text, 'unknown user: "ghdsgfhdslfh"');
});

test('deferred: the reply to RCPT; address verification\'s "undeliverable" is no delivery', () => {
  const model = readLog(GROK);
  const deferred = message(model, 'A0E85200BD').events[0];
  assert.equal(deferred.status, 'deferred');
  assert.equal(deferred.code, '450');
  assert.equal(deferred.command, 'RCPT');
  const noReply = message(model, '2DC5552A34').events[0];
  assert.equal(noReply.status, 'deferred');
  assert.equal(noReply.code, undefined);
  assert.match(noReply.text!, /lost connection with mta7/);
  assert.deepEqual(message(model, '3E29030F8637E').events, []);
});

test('"host ... said:" outside a status is a reply event with its command', () => {
  const model = readLog(GROK);
  const greylisted = message(model, 'ED59C3D').events[0];
  assert.equal(greylisted.kind, 'reply');
  assert.equal(greylisted.code, '450');
  assert.equal(greylisted.enhanced, '4.7.1');
  assert.equal(greylisted.command, 'RCPT');
  assert.equal(message(model, '2690D8044').events[0].command, 'MAIL');
  assert.equal(message(model, 'D0F29603B4').events[0].command, 'AUTH', 'SASL authentication failed');
});

test('NOQUEUE rejections: command, client, reply, sender and recipient, in syslog and bare lines', () => {
  const model = readLog(FAIL2BAN);
  const line = lineOf(FAIL2BAN, 'Relay access denied');
  const relay = model.rejections.find((r) => r.line === line)!;
  assert.equal(relay.kind, 'rejected');
  assert.equal(relay.command, 'RCPT');
  assert.equal(relay.peer, '1-2-3-4-example.com[1.2.3.4]');
  assert.equal(relay.code, '554');
  assert.equal(relay.enhanced, '5.7.1');
  assert.equal(relay.sender, 'john@example.com');
  assert.equal(relay.recipient, 'smtp@example.org');
  assert.equal(relay.text, '<smtp@example.com>: Relay access denied');
  assert.equal(slice(FAIL2BAN, line, relay.markAt, 6), 'reject');

  const helo = model.rejections.find((r) => r.line === lineOf(FAIL2BAN, 'reject: EHLO from s271272'))!;
  assert.equal(helo.command, 'EHLO');
  assert.equal(helo.text, '<User>: Helo command rejected: need fully-qualified hostname', 'the reason stops at "; proto="');
  const data = model.rejections.find((r) => r.line === lineOf(FAIL2BAN, 'milter-reject: DATA'))!;
  assert.equal(data.command, 'DATA');
  assert.equal(message(model, '1D8CC1CA0A7F').events[0], data, 'a refusal with a queue id belongs to its message too');

  const grok = readLog(GROK);
  const blocked = grok.rejections.find((r) => r.line === lineOf(GROK, 'blocked using zen.spamhaus.org'))!;
  assert.equal(blocked.peer, '[27.157.200.233]:4984');
  assert.equal(blocked.recipient, '4ECEA00F.9040306@example.com', 'old style "from=<a>, to=<b>," fields');
  const connect = grok.rejections.find((r) => r.line === lineOf(GROK, 'reject: CONNECT from [1.2.3.4]'))!;
  assert.equal(connect.command, 'CONNECT');
  assert.equal(connect.code, undefined);
  assert.equal(connect.text, 'too many connections');
  const milter = grok.rejections.find((r) => r.line === lineOf(GROK, 'Blocked by SpamAssassin'))!;
  assert.equal(milter.command, 'DATA', 'END-OF-MESSAGE');
  assert.equal(milter.code, undefined);
  assert.equal(milter.enhanced, '5.7.1', 'a milter gives an enhanced code alone');
  assert.ok(!grok.rejections.some((r) => r.line === lineOf(GROK, 'reject_warning:')), 'reject_warning refuses nothing');
});

test('a message\'s story: received, queued, deferred twice, sent; total delay from delay=', () => {
  // Lines of Postfix's own words (postfix-grok-patterns data) with syslog headers in front.
  const lines = [
    'Oct 26 18:13:50 mx postfix/smtpd[1001]: 4104E3D: client=061238241086.static.ctinets.com[61.238.241.86]',
    'Oct 26 18:13:50 mx postfix/cleanup[1002]: 4104E3D: message-id=<544D2523.30609@rhsoft.net>',
    'Oct 26 18:13:51 mx postfix/qmgr[1003]: 4104E3D: from=<alice@example.com>, size=1234, nrcpt=1 (queue active)',
    'Oct 26 18:13:52 mx postfix/smtpd[1001]: disconnect from unknown[61.238.241.86]',
    'Oct 26 18:13:53 mx postfix/smtp[1004]: 4104E3D: to=<whatever-user@lists.example.org>, relay=open.example.nl[10.49.140.10]:25, delay=2.3, delays=0.25/0.05/2/0.04, dsn=4.2.0, status=deferred (host open.example.nl[10.49.140.10] said: 450 4.2.0 <whatever-user@lists.example.org>: Recipient address rejected: Greylisted (in reply to RCPT TO command))',
    'Oct 26 18:23:53 mx postfix/smtp[1005]: 4104E3D: to=<whatever-user@lists.example.org>, relay=open.example.nl[10.49.140.10]:25, delay=603, delays=600/0.05/2/0.04, dsn=4.2.0, status=deferred (host open.example.nl[10.49.140.10] said: 450 4.2.0 <whatever-user@lists.example.org>: Recipient address rejected: Greylisted (in reply to RCPT TO command))',
    'Oct 26 18:33:53 mx postfix/smtp[1006]: 4104E3D: to=<whatever-user@lists.example.org>, relay=open.example.nl[10.49.140.10]:25, delay=1203, delays=1200/0.05/2/0.04, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as F12DF84004)',
    'Oct 26 18:33:53 mx postfix/qmgr[1003]: 4104E3D: removed',
  ];
  const model = log(...lines);
  assert.deepEqual(model.formats, ['postfix']);
  const m = message(model, '4104E3D');
  assert.deepEqual(m.lines, [0, 1, 2, 4, 5, 6, 7]);
  assert.deepEqual(m.columns, m.lines.map((n) => lines[n].indexOf('4104E3D')));
  assert.equal(m.client, '061238241086.static.ctinets.com[61.238.241.86]');
  assert.equal(m.messageId, '<544D2523.30609@rhsoft.net>');
  assert.equal(m.sender, 'alice@example.com');
  assert.equal(m.size, 1234);
  assert.equal(m.recipients.length, 1);
  assert.equal(m.recipients[0].deferrals, 2);
  assert.equal(m.recipients[0].status, 'sent');
  assert.equal(messageOutcome(m), 'sent');
  assert.equal(messageDelay(m), 1203);
  assert.equal(m.start, 'Oct 26 18:13:50');
  assert.equal(m.end, 'Oct 26 18:33:53');
  assert.ok(m.removed);
  assert.deepEqual(m.events.map((e) => e.kind), ['received', 'sender', 'delivery', 'delivery', 'delivery', 'removed']);
});

test('expired: the message-level qmgr line expires every recipient still waiting', () => {
  const model = log(
    'Nov 28 10:00:01 mx postfix/smtp[1]: 585BC3F: to=<bob@example.org>, relay=none, delay=63495, delays=63350/144/0/0, dsn=4.4.2, status=deferred (delivery temporarily suspended: lost connection with mta7.am0.yahoodns.net[98.136.216.22] while sending RCPT TO)',
    'Nov 28 10:00:02 mx postfix/qmgr[2]: 585BC3F: from=<>, status=expired, returned to sender',
    'Nov 28 10:00:02 mx postfix/bounce[3]: 585BC3F: sender non-delivery notification: 47335405A44',
    'Nov 28 10:00:02 mx postfix/qmgr[2]: 585BC3F: removed',
  );
  const m = message(model, '585BC3F');
  assert.equal(m.recipients[0].status, 'expired');
  assert.equal(messageOutcome(m), 'expired');
  assert.equal(m.sender, '');
  const notification = m.events.find((e) => e.kind === 'notification')!;
  assert.equal(notification.related, '47335405A44');
});

test('a short queue id used again after "removed" is a new message', () => {
  const model = log(
    'Nov 28 10:00:01 mx postfix/qmgr[2]: D4F2023DB: from=<a@example.com>, size=10, nrcpt=1 (queue active)',
    'Nov 28 10:00:02 mx postfix/qmgr[2]: D4F2023DB: removed',
    'Nov 28 11:00:01 mx postfix/qmgr[2]: D4F2023DB: from=<b@example.com>, size=20, nrcpt=1 (queue active)',
  );
  const both = model.messages.all().filter((m) => m.id === 'D4F2023DB');
  assert.equal(both.length, 2);
  assert.deepEqual(both.map((m) => m.sender), ['a@example.com', 'b@example.com']);
  assert.deepEqual(both[1].lines, [2]);
});

test('long queue ids, submission services and a relayed syslog line ("wietse[100]: postfix/smtpd[2206]:")', () => {
  const model = readLog(FAIL2BAN);
  assert.equal(message(model, '44JCRG5tYPzCqt2').events[0].command, 'BDAT');
  const old = readLog(fixture('mail.log-postfix-1998'));
  assert.equal(old.messages.length, 8, 'cut-off lines still open their messages');
  assert.deepEqual(old.formats, ['postfix']);
});

test('verbose dialogue lines are read as SMTP sessions on the log\'s own lines', () => {
  const text = [
    'Nov 28 10:00:00 mx postfix/qmgr[9]: 4F2A81C0042: from=<alice@example.com>, size=300, nrcpt=1 (queue active)',
    'Nov 28 10:00:01 mx postfix/smtp[123]: < mx.example.org[192.0.2.1]:25: 220 mx.example.org ESMTP',
    'Nov 28 10:00:01 mx postfix/smtp[123]: > mx.example.org[192.0.2.1]:25: EHLO client.example.com',
    'Nov 28 10:00:01 mx postfix/smtp[123]: < mx.example.org[192.0.2.1]:25: 250 mx.example.org',
    'Nov 28 10:00:01 mx postfix/qmgr[9]: 4F2A81C0043: from=<carol@example.com>, size=300, nrcpt=1 (queue active)',
    'Nov 28 10:00:01 mx postfix/smtp[123]: > mx.example.org[192.0.2.1]:25: MAIL FROM:<alice@example.com>',
    'Nov 28 10:00:01 mx postfix/smtp[123]: < mx.example.org[192.0.2.1]:25: 250 2.1.0 Ok',
    'Nov 28 10:00:01 mx postfix/smtp[123]: > mx.example.org[192.0.2.1]:25: RCPT TO:<bob@example.org>',
    'Nov 28 10:00:01 mx postfix/smtp[123]: < mx.example.org[192.0.2.1]:25: 550 5.1.1 <bob@example.org>: Recipient address rejected',
  ];
  const model = readLog(text.join('\n'));
  assert.equal(model.transcript.lineCount, text.length);
  const session = model.transcript.sessions[0];
  assert.ok(session, 'a session');
  const rcpt = session.commands.find((c) => c.verb === 'RCPT')!;
  assert.equal(rcpt.source.line, 7);
  assert.equal(rcpt.verbSpan.line, 7);
  assert.equal(rcpt.replies[0].code, '550');
  assert.equal(rcpt.replies[0].lines[0].codeSpan.line, 8);
  assert.equal(rcpt.replies[0].lines[0].codeSpan.start, text[8].indexOf('550'));
  assert.equal(model.messages.length, 2);
});

test('classic, ISO and RFC 5424 syslog headers all lead to the same Postfix reading', () => {
  const body = 'postfix/smtp[1]: 4E74613FE76: to=<a@example.org>, relay=mx[192.0.2.1]:25, delay=1, delays=0/0/0/1, dsn=5.1.1, status=bounced (host mx[192.0.2.1] said: 550 5.1.1 unknown (in reply to RCPT TO command))';
  for (const line of [
    `Nov 28 10:00:01 host ${body}`,
    `Nov  8 10:00:01 host ${body}`,
    `2024-10-31T12:38:21.817327+00:00 host ${body}`,
    `<22>1 2024-10-31T12:38:21.817Z host postfix/smtp 1 - - ${body.slice(body.indexOf('4E74'))}`,
    body.slice(body.indexOf('4E74')),
  ]) {
    const event = readLog(line).messages.at(0).events[0];
    assert.ok(event, line);
    assert.equal(event.status, 'bounced', line);
    assert.equal(event.code, '550', line);
    assert.equal(event.command, 'RCPT', line);
    assert.equal(line.slice(event.codeAt, event.codeAt! + 3), '550', line);
  }
  const iso = readLog(fixture('mail.log-crowdsec-postfix-iso'));
  assert.deepEqual(iso.formats, ['postfix'], 'an ISO-stamped warning line is Postfix\'s');
});
