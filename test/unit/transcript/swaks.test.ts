import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authSteps, isLoggerMask } from '../../../server/src/service/parse/auth';
import { answers, codes, command, fixture, lineAt, lineOf, reply } from './helpers';

test('swaks --pipeline against exim -bh: every reply pairs with the command it answers', () => {
  const doc = fixture('swaks-exim-pipelined.txt');
  assert.equal(doc.model.sessions.length, 1);
  const [session] = doc.model.sessions;
  assert.equal(session.dialect, 'swaks');
  assert.equal(session.serverOnly, false);

  const greeting = reply(doc, '<-  220 ');
  assert.equal(greeting.answers, 'connection');
  assert.equal(answers(reply(doc, '250-mx.example.net Hello')), `EHLO@${lineOf(doc, ' -> EHLO client.example.com')}`);
  assert.deepEqual([...session.capabilities.keys()], ['SIZE', '8BITMIME', 'PIPELINING', 'PIPECONNECT', 'AUTH', 'CHUNKING', 'SMTPUTF8', 'HELP']);
  assert.deepEqual(session.capabilities.get('AUTH'), ['PLAIN', 'LOGIN']);

  // MAIL, three RCPT and DATA go out before the first reply comes back.
  const mail = command(doc, ' -> MAIL FROM:<alice@example.com>');
  const bob = command(doc, ' -> RCPT TO:<bob@example.net>');
  const carol = command(doc, ' -> RCPT TO:<carol@example.net>');
  const dave = command(doc, ' -> RCPT TO:<dave@example.org>');
  const data = command(doc, ' -> DATA');
  assert.deepEqual([mail, bob, carol, dave, data].map((c) => c.pipelined), [false, true, true, true, true]);
  assert.ok(lineOf(doc, '<-  250 OK') > data.source.line, 'the replies come after DATA was sent');
  assert.equal(mail.path?.address, 'alice@example.com');
  assert.deepEqual(mail.path?.span, { line: mail.source.line, start: 14, end: 33 });

  assert.deepEqual(codes(mail), ['250']);
  assert.deepEqual(codes(bob), ['250']);
  assert.deepEqual(codes(carol), ['250']);
  assert.deepEqual(codes(dave), ['550']);
  const refused = reply(doc, '<** 550 relay not permitted');
  assert.equal(refused.answers, dave);
  assert.equal(answers(refused), `RCPT@${lineOf(doc, 'RCPT TO:<dave@example.org>')}`);
  assert.equal(lineAt(doc, refused.lines[0].source.line).direction, 'server');
  assert.equal(refused.lines[0].codeSpan.start, 4);
  assert.deepEqual(codes(data), ['354', '250']);
  assert.match(data.replies[1].lines[0].text, /^OK id=/);

  const [transaction] = session.transactions;
  assert.equal(session.transactions.length, 1);
  assert.deepEqual(transaction.recipients.map((r) => [r.address, r.reply?.code]), [
    ['bob@example.net', '250'], ['carol@example.net', '250'], ['dave@example.org', '550'],
  ]);
  assert.equal(transaction.data, data);
  assert.equal(transaction.verdict, data.replies[1]);

  // The message: header and body lines, then the lone dot.
  assert.equal(data.content[0].text.startsWith('Date: '), true);
  assert.ok(data.content.some((l) => l.text === 'Hello Bob and Carol.'));
  assert.equal(lineAt(doc, lineOf(doc, ' -> .')).kind, 'data-end');
  assert.equal(answers(reply(doc, '221 mx.example.net closing')), `QUIT@${lineOf(doc, ' -> QUIT')}`);
});

test("Exim's own >>> debug notes between swaks's lines are notes, never commands", () => {
  const doc = fixture('swaks-exim-pipelined.txt');
  const [session] = doc.model.sessions;
  const debug = session.lines.filter((l) => doc.lines[l.line].startsWith('>>> '));
  assert.ok(debug.length > 20, 'the fixture has Exim debug lines');
  for (const line of debug) assert.deepEqual([line.direction, line.kind], ['meta', 'meta'], doc.lines[line.line]);
  assert.deepEqual(session.commands.map((c) => c.verb), ['EHLO', 'MAIL', 'RCPT', 'RCPT', 'RCPT', 'DATA', 'QUIT']);
  // swaks's own notes and Exim's -bh banner lines.
  assert.deepEqual([lineAt(doc, 0).direction, lineAt(doc, 0).kind], ['meta', 'meta']);
  const banner = lineAt(doc, lineOf(doc, '<-  **** SMTP testing session'));
  assert.deepEqual([banner.direction, banner.kind], ['server', 'text']);
  assert.equal(lineAt(doc, lineOf(doc, 'LOG: ')).direction, 'meta');
});

test('swaks --quit-after RCPT: the refused recipient, then QUIT; no DATA, no verdict', () => {
  const doc = fixture('swaks-exim-quit-after-rcpt.txt');
  const [session] = doc.model.sessions;
  assert.equal(doc.model.sessions.length, 1);
  assert.deepEqual(session.commands.map((c) => c.verb), ['EHLO', 'MAIL', 'RCPT', 'QUIT']);
  const rcpt = command(doc, 'RCPT TO:<dave@example.org>');
  assert.equal(rcpt.pipelined, false);
  assert.deepEqual(codes(rcpt), ['550']);
  assert.equal(rcpt.replies[0].lines[0].text, 'relay not permitted');
  const [transaction] = session.transactions;
  assert.equal(transaction.recipients[0].reply?.code, '550');
  assert.equal(transaction.data, undefined);
  assert.equal(transaction.verdict, undefined);
});

test('swaks AUTH: three connections in one file, 334 rounds pair with AUTH, responses are auth-response lines', () => {
  const doc = fixture('swaks-exim-auth.txt');
  assert.equal(doc.model.sessions.length, 3);
  assert.deepEqual(doc.model.sessions.map((s) => s.dialect), ['swaks', 'swaks', 'swaks']);
  for (const session of doc.model.sessions) {
    assert.equal(session.replies[0].answers, 'connection');
    assert.equal(session.replies[0].code, '220');
  }

  // 1. AUTH LOGIN with Base64 prompts and answers, then a pipelined transaction.
  const login = command(doc, ' -> AUTH LOGIN', 0);
  assert.equal(login.auth?.mechanism, 'LOGIN');
  assert.deepEqual(codes(login), ['334', '334', '235']);
  assert.equal(answers(reply(doc, '<-  334 VXNlcm5hbWU6')), `AUTH@${login.source.line}`);
  assert.deepEqual(login.authResponses.map((l) => [l.text, l.kind, l.direction]), [
    ['YWxpY2U=', 'auth-response', 'client'], ['d29uZGVybGFuZA==', 'auth-response', 'client'],
  ]);
  const steps = authSteps(login);
  assert.deepEqual(steps.map((s) => [s.role, s.state]), [['challenge', 'decoded'], ['response', 'decoded'], ['challenge', 'decoded'], ['response', 'decoded']]);
  assert.deepEqual(steps[1].fields.map((f) => [f.label, f.value]), [['user', 'alice']]);
  assert.deepEqual(steps[3].fields.map((f) => [f.label, f.secret]), [['password', true]]);
  const first = doc.model.sessions[0];
  assert.deepEqual(first.commands.map((c) => c.verb), ['EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'QUIT']);
  assert.equal(first.transactions[0].verdict?.code, '250');

  // 2. --auth-hide-password: swaks writes PROVIDED_BUT_REMOVED in place of the password.
  const hidden = command(doc, ' -> AUTH LOGIN', 1);
  assert.deepEqual(codes(hidden), ['334', '334', '235']);
  assert.deepEqual(hidden.authResponses.map((l) => l.text), ['alice', 'PROVIDED_BUT_REMOVED']);
  assert.equal(isLoggerMask('PROVIDED_BUT_REMOVED'), true);
  const hiddenSteps = authSteps(hidden);
  assert.equal(hiddenSteps.at(-1)?.state, 'masked');
  assert.equal(hiddenSteps[0].text, 'Username:');

  // 3. AUTH PLAIN with an initial response and a wrong password: one final reply.
  const plain = command(doc, ' -> AUTH PLAIN ');
  assert.equal(plain.auth?.initialResponse?.text, 'AGFsaWNlAG5vdC10aGUtcGFzc3dvcmQ=');
  assert.deepEqual(codes(plain), ['535']);
  assert.equal(plain.authResponses.length, 0);
  assert.deepEqual(authSteps(plain)[0].fields.map((f) => [f.label, f.value]), [['authzid', ''], ['user', 'alice'], ['password', 'not-the-password']]);
  const notes = doc.model.sessions[2].lines.filter((l) => doc.lines[l.line].startsWith('*** '));
  assert.ok(notes.every((l) => l.direction === 'meta'));
});

test('swaks STARTTLS: TLS starts after 220, later lines are marked TLS, capabilities come from the EHLO inside TLS', () => {
  const doc = fixture('swaks-starttls.txt');
  const [session] = doc.model.sessions;
  assert.equal(doc.model.sessions.length, 1);
  const starttls = command(doc, ' -> STARTTLS');
  assert.deepEqual(codes(starttls), ['220']);
  assert.equal(session.tlsStarted, true);
  assert.equal(lineAt(doc, lineOf(doc, '=== TLS started with cipher')).kind, 'tls');
  assert.equal(starttls.source.tls, false);
  const ehlo = command(doc, ' ~> EHLO hserver');
  assert.equal(ehlo.source.tls, true);
  assert.equal(session.capabilitiesReply, ehlo.replies[0]);
  assert.ok(session.capabilities.has('PRDR'));
  assert.equal(lineAt(doc, lineOf(doc, '<~  250 OK id=fakeemail')).tls, true);
  assert.equal(session.transactions[0].verdict?.lines[0].text, 'OK id=fakeemail');
});

test('swaks PRDR: 353 and one reply per accepted recipient stay with DATA before its final reply', () => {
  const doc = fixture('swaks-prdr.txt');
  const [session] = doc.model.sessions;
  const mail = command(doc, ' -> MAIL FROM:');
  assert.deepEqual(mail.params.map((p) => p.keyword), ['PRDR']);
  const data = command(doc, ' -> DATA');
  assert.deepEqual(codes(data), ['354', '353', '250', '250', '250', '250']);
  assert.equal(answers(reply(doc, '250 PRDR R=<user2@')), `DATA@${data.source.line}`);
  assert.equal(session.transactions[0].verdict, reply(doc, '<-  250 OK id=fakeemail'));
  assert.equal(answers(reply(doc, '221 SERVER closing connection')), `QUIT@${lineOf(doc, ' -> QUIT')}`);
  assert.equal(session.replies.filter((r) => r.answers === undefined).length, 0);
});
