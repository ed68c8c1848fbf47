// Sendmail syslog lines: fluent-plugin-sendmail's test data (deliveries) and fail2ban's samples
// (check_* ruleset refusals), test/fixtures/logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readLog } from '../../../server/src/service/parse/log/log-reader';
import { messageDelay, messageOutcome } from '../../../server/src/service/parse/log/outcome';
import { fixture, lineOf, log, message, slice } from './helpers';

const FLUENT = fixture('maillog-sendmail-fluent');
const REJECT = fixture('maillog-fail2ban-sendmail-reject');

test('arrival and deliveries of one queue id: several recipients per line, Sent, Deferred with a reply, then Sent', () => {
  const model = readLog(FLUENT);
  assert.deepEqual(model.formats, ['sendmail']);
  assert.equal(model.messages.length, 1);
  const m = message(model, 'u31FFPtp032300');
  assert.equal(m.sender, 'grandeur09@gmail.com');
  assert.equal(m.size, 5938);
  assert.equal(m.messageId, '<201604011515.u31FFIAj012911@gmail.com>');
  assert.equal(m.client, '[64.233.187.27]');
  // Every line that names the id once it carries mail ("done;" too); the "Milter:" line before from= was a bare session's.
  assert.deepEqual(m.lines, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const status = Object.fromEntries(m.recipients.map((r) => [r.address, `${r.status}/${r.deferrals}`]));
  assert.deepEqual(status, {
    'sent1@example.com': 'sent/0', 'sent2@example.com': 'sent/0', 'deferred1@example.com': 'sent/1', 'deferred2@example.com': 'deferred/1',
    'sent3@example2.com': 'sent/0', 'sent4@example2.com': 'sent/0', 'root@localhost.localdomain': 'sent/0',
  });
  assert.equal(messageOutcome(m), 'deferred');
  const line = lineOf(FLUENT, 'to=<deferred1@example.com>, delay=00:00:15');
  const deferral = m.recipients.find((r) => r.address === 'deferred1@example.com')!.deliveries[0];
  assert.equal(deferral.line, line);
  assert.equal(slice(FLUENT, line, deferral.markAt, 8), 'Deferred');
  assert.equal(deferral.code, '451');
  assert.equal(deferral.enhanced, '4.3.5');
  assert.equal(deferral.dsn, '4.3.5');
  assert.equal(deferral.delay, 15);
  assert.equal(deferral.peer, '[93.184.216.34] [93.184.216.34]');
  assert.equal(m.recipients.find((r) => r.address === 'sent2@example.com')!.deliveries[0].recipientAt, FLUENT.split('\n')[lineOf(FLUENT, '<sent2@example.com>')].indexOf('sent2@'));
  assert.equal(messageDelay(m), 86415, 'delay=1+00:00:15');
});

test('a failure: stat= is the reason, dsn= the code; the DSN line names the bounce it made', () => {
  // The format of sendmail 8's deliver.c log lines, as in the fluent-plugin-sendmail data above.
  const model = log(
    'Sep 14 11:59:34 ubuntu-server sm-mta[7425]: l8E3xVpO007423: to=<myemail@example.com>, ctladdr=<nobody@ubuntu-server> (65534/65534), delay=00:00:03, xdelay=00:00:03, mailer=esmtp, pri=120344, relay=mx.example.com. [192.0.2.10], dsn=5.1.1, stat=User unknown',
    'Sep 14 11:59:35 ubuntu-server sm-mta[7425]: l8E3xVpO007423: l8E3xZpO007425: DSN: User unknown',
  );
  const m = message(model, 'l8E3xVpO007423');
  const failure = m.recipients[0].deliveries[0];
  assert.equal(failure.status, 'bounced');
  assert.equal(failure.dsn, '5.1.1');
  assert.equal(failure.text, 'User unknown');
  assert.equal(failure.code, undefined);
  const dsn = m.events.find((e) => e.kind === 'notification')!;
  assert.equal(dsn.related, 'l8E3xZpO007425');
  assert.equal(messageOutcome(m), 'bounced');
});

test('check_* rulesets: the command refused, the client, the reply; a session\'s queue id makes no message', () => {
  const model = readLog(REJECT);
  const line = lineOf(REJECT, 'arg1=<asservnew@freemailhost.ru>');
  const relay = model.rejections.find((r) => r.line === line)!;
  assert.equal(relay.command, 'RCPT');
  assert.equal(relay.recipient, 'asservnew@freemailhost.ru');
  assert.equal(relay.peer, '128-68-136-133.broadband.corbina.ru [128.68.136.133]');
  assert.equal(relay.code, '550');
  assert.equal(relay.enhanced, '5.7.1');
  assert.equal(slice(REJECT, line, relay.codeAt, 3), '550');
  assert.match(relay.text!, /Relaying denied/);
  const connect = model.rejections.find((r) => r.line === lineOf(REJECT, 'ruleset=check_relay, arg1=leased-line'))!;
  assert.equal(connect.command, 'CONNECT');
  assert.equal(connect.code, '421');
  assert.ok(!model.messages.all().some((m) => m.id === 's1P819mk027713'), 'a refused session is no message');
  const spamhaus = model.rejections.find((r) => r.text?.includes('sbl-xbl.spamhaus.org'));
  assert.ok(spamhaus);
});

test('sm-msp-queue, sendmail and sm-acceptingconnections are all Sendmail', () => {
  const model = log(
    'Oct 16 16:04:41 bariasi sm-msp-queue[22316]: 59GD1Jv1022086: to=larisbirzu@example.com, ctladdr=root (0/0), delay=00:03:22, xdelay=00:00:00, mailer=relay, pri=120321, relay=[127.0.0.1] [127.0.0.1], dsn=4.0.0, stat=Deferred: Connection refused by [127.0.0.1]',
    'Feb 24 12:10:15 kismet sm-acceptingconnections[32053]: s1OHA28u032053: 211-75-6-133.HINET-IP.hinet.net [211.75.6.133]: possible SMTP attack: command=AUTH, count=6',
  );
  assert.deepEqual(model.formats, ['sendmail']);
  const deferral = model.messages.at(0).recipients[0];
  assert.equal(deferral.address, 'larisbirzu@example.com');
  assert.equal(deferral.status, 'deferred');
  assert.equal(deferral.deliveries[0].text, 'Connection refused by [127.0.0.1]');
  assert.equal(model.messages.length, 1, 'an AUTH attack note opens no message');
});
