// Exim mainlog and rejectlog lines: made by real Exim (scripts/make-log-fixtures.sh), from Exim's own
// test suite, and from fail2ban's and CrowdSec's samples (syslog and journal forms).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eximIdEnd } from '../../../server/src/service/parse/log/exim';
import { readLog } from '../../../server/src/service/parse/log/log-reader';
import { messageOutcome } from '../../../server/src/service/parse/log/outcome';
import { fixture, lineOf, messageTo, slice } from './helpers';

const CLIENT = fixture('mainlog-exim-client');
const SERVER = fixture('mainlog-exim-server');

test('Exim message ids: 6-6-2 before 4.97, 6-11-4 after; nothing else', () => {
  assert.equal(eximIdEnd('1PLKOW-00046U-EW <= a', 0), 16);
  assert.equal(eximIdEnd('10HmaX-000000005vi-0000 Completed', 0), 23);
  assert.equal(eximIdEnd('1xXL9p-0006Pv-1T', 0), 16);
  for (const no of ['H=(client) [127.0.0.1]', '1PLKOW-00046U-E <=', '1PLKOW-00046UU-EW x', 'login authenticator failed']) assert.equal(eximIdEnd(no, 0), -1, no);
});

test('the sending side: received, delivered, bounced after RCPT, deferred, expired, each on its message', () => {
  const model = readLog(CLIENT);
  assert.deepEqual(model.formats, ['exim']);
  const m = messageTo(model, 'nosuchuser@example.net');
  assert.equal(m.sender, 'alice@example.com');
  assert.equal(m.events[0].kind, 'received');
  const byAddress = new Map(m.recipients.map((r) => [r.address, r]));
  assert.equal(byAddress.get('bob@example.net')!.status, 'sent');
  assert.equal(byAddress.get('nosuchuser@example.net')!.status, 'bounced');
  assert.equal(byAddress.get('carol@example.org')!.status, 'bounced');
  const greylisted = byAddress.get('greylisted@example.net')!;
  assert.equal(greylisted.status, 'expired', '"retry timeout exceeded"');
  assert.equal(greylisted.deferrals, 2);
  assert.equal(messageOutcome(m), 'bounced');
  assert.ok(m.removed, 'Completed');

  const line = lineOf(CLIENT, '** nosuchuser@example.net');
  const bounce = byAddress.get('nosuchuser@example.net')!.deliveries[0];
  assert.equal(bounce.line, line);
  assert.equal(slice(CLIENT, line, bounce.markAt, 2), '**');
  assert.equal(slice(CLIENT, line, bounce.recipientAt, 22), 'nosuchuser@example.net');
  assert.equal(bounce.peer, '127.0.0.1 [127.0.0.1]');
  assert.equal(bounce.code, '550');
  assert.equal(bounce.enhanced, '5.1.1');
  assert.equal(bounce.command, 'RCPT', 'after RCPT TO:<...>');
  assert.equal(slice(CLIENT, line, bounce.codeAt, 4), '550-', 'the first line of a multi-line reply');

  const sent = byAddress.get('bob@example.net')!.deliveries[0];
  assert.equal(sent.code, '250', 'C="250- ... chunk"');
  assert.match(sent.related ?? '', /^[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}$/, 'the id the MX gave it');
});

test('a refusal after end of data, a blocklist reply, a deferral that stays, and the bounces Exim made', () => {
  const model = readLog(CLIENT);
  const content = messageTo(model, 'bob@example.net');
  assert.ok(content);
  const data = model.messages.all().flatMap((m) => m.events).find((e) => e.text?.includes('Message content rejected'))!;
  assert.equal(data.command, 'DATA', '"after pipelined end of data"');
  const blocked = model.messages.all().flatMap((m) => m.events).find((e) => e.text?.includes('blocked using'))!;
  assert.equal(blocked.code, '554');
  assert.match(blocked.text!, /zen\.spamhaus\.org/);
  const down = messageTo(model, 'dave@down.example');
  assert.equal(down.recipients[0].status, 'deferred');
  assert.equal(down.recipients[0].deferrals, 2);
  assert.equal(down.recipients[0].deliveries[1].text, 'Connection refused');
  assert.equal(messageOutcome(down), 'deferred');
  const bounceMessages = model.messages.all().filter((m) => m.sender === '');
  assert.ok(bounceMessages.length >= 3, 'Exim\'s own bounces, "<= <>"');
  assert.ok(bounceMessages.every((m) => m.recipients.every((r) => r.address === 'alice@example.com' || r.address === 'spammer@example.org')));
  const multi = messageTo(model, 'erin@example.com');
  assert.deepEqual(multi.recipients.map((r) => r.status), ['sent', 'sent'], '=> then ->');
});

test('the receiving side: arrivals, local deliveries, refused RCPTs, a refusal after DATA, an AUTH failure', () => {
  const model = readLog(SERVER);
  const arrival = model.messages.all().find((m) => m.client?.includes('127.0.0.1'))!;
  assert.equal(arrival.client, '(client.example.com) [127.0.0.1]');
  assert.ok(arrival.messageId?.startsWith('E'));
  const local = messageTo(model, 'erin@example.com');
  assert.deepEqual(local.recipients.map((r) => r.address), ['bob@example.net', 'erin@example.com'], '"=> bob <bob@example.net>": the address in brackets');

  const line = lineOf(SERVER, 'rejected RCPT <nosuchuser@example.net>');
  const refused = model.rejections.find((r) => r.line === line)!;
  assert.equal(refused.command, 'RCPT');
  assert.equal(refused.recipient, 'nosuchuser@example.net');
  assert.equal(refused.sender, 'alice@example.com');
  assert.equal(refused.peer, '(client.example.com) [127.0.0.1]');
  assert.equal(refused.code, '550');
  assert.equal(refused.enhanced, '5.1.1');
  assert.equal(slice(SERVER, line, refused.markAt, 8), 'rejected');
  const temporary = model.rejections.find((r) => r.line === lineOf(SERVER, 'temporarily rejected RCPT'))!;
  assert.equal(temporary.code, '451');
  const afterData = model.rejections.find((r) => r.line === lineOf(SERVER, 'rejected after DATA'))!;
  assert.equal(afterData.command, 'DATA');
  assert.ok(model.messages.all().some((m) => m.events.includes(afterData)), 'it carries the id the message was given');
  const auth = model.rejections.find((r) => r.command === 'AUTH')!;
  assert.equal(auth.code, '535');
  assert.equal(auth.peer, '(client.example.com) [127.0.0.1]');
  assert.equal(auth.text, 'Incorrect authentication data (set_id=alice)');
});

test('the rejectlog: refusal lines read, header dumps skipped', () => {
  const text = fixture('rejectlog-exim-server');
  const model = readLog(text);
  assert.ok(model.rejections.length >= 4);
  assert.ok(model.rejections.every((r) => /rejected|authenticator failed/.test(text.split('\n')[r.line])));
  const suite = readLog(fixture('rejectlog-exim-test-0536'));
  const codes = suite.rejections.map((r) => `${r.code ?? '-'} ${r.enhanced ?? '-'}`);
  assert.ok(codes.includes('599 5.2.3'));
  assert.ok(codes.includes('499 -'), 'a 4.1234.343 is no enhanced code');
  assert.ok(codes.includes('- -'), '"No code"');
});

test('Exim\'s test suite: deferrals with a reply after DATA, expiries after timeouts', () => {
  const model = readLog(fixture('mainlog-exim-test-0163'));
  const r = model.messages.at(0).recipients[0];
  assert.equal(r.status, 'deferred');
  assert.equal(r.deliveries[0].code, '550');
  assert.equal(r.deliveries[0].command, 'DATA', '"in response to end of data"');
  const expiries = readLog(fixture('mainlog-exim-test-0322')).messages.all().filter((m) => messageOutcome(m) === 'expired');
  assert.ok(expiries.length >= 3);
});

test('Exim in syslog, in the journal ("host exim[1]: 2021-07-17 23:20:49 ..."), with pids and milliseconds', () => {
  const syslog = readLog(fixture('mail.log-crowdsec-exim-syslog'));
  assert.deepEqual(syslog.formats, ['exim']);
  assert.equal(syslog.rejections.filter((r) => r.command === 'AUTH').length, 5);
  const rbl = syslog.rejections.find((r) => r.text?.includes('is in an RBL'))!;
  assert.equal(rbl.recipient, 'toto@toto.com');
  assert.equal(rbl.peer, 'test.com [1.2.3.4]:53343');
  const native = readLog(fixture('mainlog-crowdsec-exim'));
  assert.ok(native.rejections.some((r) => r.peer === 'millis.example.org [192.0.2.12]:5432'), 'a timestamp with milliseconds');
  const f2b = fixture('mainlog-fail2ban-exim');
  const model = readLog(f2b);
  const journal = model.rejections.find((r) => r.line === lineOf(f2b, 'mail.example.com exim[3751842]:'))!;
  assert.equal(journal.command, 'AUTH');
  assert.equal(journal.peer, '([192.0.2.17]) [192.0.2.27]');
  const pid = model.rejections.find((r) => r.line === lineOf(f2b, '[10099] H=(yakult.com.tw)'))!;
  assert.equal(pid.recipient, 'dir@ml3.ru', 'an address without brackets');
  assert.equal(pid.sender, 'menacedsj04@listserv.eurasia.org');
  const sync = model.rejections.find((r) => r.line === lineOf(f2b, 'rejected connection from H=[211.148.195.192]'))!;
  assert.equal(sync.command, 'CONNECT');
  assert.equal(sync.peer, '[211.148.195.192]:25936');
});
