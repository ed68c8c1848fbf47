import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authSteps } from '../../../server/src/service/parse/auth';
import { answers, codes, command, fixture, lineAt, lineOf, reply, sessionAt } from './helpers';

test('exim -bh output: server replies only, the greeting answers the connection, nothing else is paired', () => {
  const doc = fixture('exim-bh.txt');
  assert.equal(doc.model.sessions.length, 1);
  const [session] = doc.model.sessions;
  assert.equal(session.dialect, 'unprefixed');
  assert.equal(session.serverOnly, true);
  assert.equal(session.commands.length, 0);
  assert.deepEqual(session.replies.map((r) => r.code), ['220', '250', '250', '250', '550', '354', '250', '250', '250', '250', '250', '221']);
  assert.equal(session.replies[0].answers, 'connection');
  assert.ok(session.replies.slice(1).every((r) => r.answers === undefined));
  const ehlo = reply(doc, '250-mx.example.net Hello');
  assert.equal(ehlo.lines.length, 9);
  assert.equal(ehlo.complete, true);
  assert.deepEqual(ehlo.lines.map((l) => l.separator), ['-', '-', '-', '-', '-', '-', '-', '-', ' ']);
  assert.equal(reply(doc, '250- 9 byte chunk').lines.length, 2);
  const banner = lineAt(doc, lineOf(doc, '**** SMTP testing session'));
  assert.deepEqual([banner.direction, banner.kind], ['meta', 'text']);
});

test('exim -d -bh debug trace (server side): SMTP<< commands, SMTP>> replies, indented reply lines, DATA and BDAT', () => {
  const doc = fixture('exim-bh-debug.txt');
  assert.equal(doc.model.sessions.length, 1);
  const [session] = doc.model.sessions;
  assert.equal(session.dialect, 'exim-debug');
  assert.equal(session.serverOnly, false);
  assert.equal(reply(doc, 'SMTP>> 220 mx.example.net').answers, 'connection');

  const ehlo = command(doc, 'SMTP<< EHLO client.example.com');
  assert.equal(ehlo.source.direction, 'client');
  assert.equal(ehlo.source.column, 7);
  const caps = ehlo.replies[0];
  assert.equal(caps.lines.length, 9);
  const further = lineAt(doc, lineOf(doc, '       250-SIZE 52428800'));
  assert.deepEqual([further.direction, further.kind, further.column, further.dialect], ['server', 'reply', 7, 'exim-debug']);
  assert.deepEqual(session.capabilities.get('AUTH'), ['PLAIN', 'LOGIN']);
  assert.ok(session.capabilities.has('CHUNKING'));

  assert.deepEqual(codes(command(doc, 'SMTP<< RCPT TO:<bob@example.net>')), ['250']);
  assert.deepEqual(codes(command(doc, 'SMTP<< RCPT TO:<dave@example.org>')), ['550']);
  const data = command(doc, 'SMTP<< DATA');
  assert.deepEqual(codes(data), ['354', '250']);
  // Exim's notes while it reads the message are no content.
  assert.equal(data.content.length, 0);

  const chunk = command(doc, 'SMTP<< BDAT 14');
  const last = command(doc, 'SMTP<< BDAT 9 LAST');
  assert.deepEqual(chunk.params.map((p) => p.keyword), ['14']);
  assert.deepEqual(last.params.map((p) => p.keyword), ['9', 'LAST']);
  assert.deepEqual(codes(chunk), ['250']);
  assert.deepEqual(codes(last), ['250']);
  assert.equal(last.replies[0].lines.length, 2);
  assert.equal(chunk.content.length + last.content.length, 0, 'Exim debug never shows chunk data');
  assert.deepEqual(session.transactions.map((t) => [t.data?.verb, t.verdict?.code]), [['DATA', '250'], ['BDAT', '250']]);
  assert.equal(session.transactions[1].verdict, last.replies[0]);
  assert.deepEqual(codes(command(doc, 'SMTP<< QUIT')), ['221']);
});

test('exim -d as a client: masked AUTH LOGIN, pipelined MAIL/RCPT, BDAT LAST and QUIT, and the bounce in a second connection', () => {
  const doc = fixture('exim-client-debug.txt');
  assert.equal(doc.model.sessions.length, 2);
  const [delivery, bounce] = doc.model.sessions;
  assert.equal(delivery.dialect, 'exim-debug');
  assert.equal(delivery.replies[0].answers, 'connection');
  assert.equal(delivery.replies[0].lines[0].source.direction, 'server');

  const auth = command(doc, 'SMTP>> AUTH LOGIN');
  assert.deepEqual(codes(auth), ['334', '334', '235']);
  assert.deepEqual(auth.authResponses.map((l) => [l.text, l.kind]), [['********', 'auth-response'], ['****************', 'auth-response']]);
  assert.deepEqual(authSteps(auth).filter((s) => s.role === 'response').map((s) => s.state), ['masked', 'masked']);

  const mail = command(doc, 'SMTP|> MAIL FROM:<alice@example.com>');
  const bob = command(doc, 'SMTP|> RCPT TO:<bob@example.net>');
  const carol = command(doc, 'SMTP|> RCPT TO:<carol@example.org>');
  const bdat = command(doc, 'SMTP+> BDAT');
  const quit = command(doc, 'SMTP+> QUIT');
  assert.deepEqual(mail.params.map((p) => p.keyword), ['SIZE']);
  assert.deepEqual([bob, carol, bdat, quit].map((c) => c.pipelined), [true, true, true, true]);
  assert.deepEqual([mail, bob, carol, bdat, quit].map((c) => codes(c)), [['250'], ['250'], ['550'], ['250'], ['221']]);
  assert.equal(answers(reply(doc, 'SMTP<< 550 5.7.1 Relaying denied')), `RCPT@${carol.source.line}`);
  assert.equal(reply(doc, 'SMTP<< 550 5.7.1 Relaying denied').enhanced, '5.7.1');
  assert.deepEqual(bdat.params.map((p) => p.keyword).slice(1), ['LAST']);
  assert.equal(delivery.transactions[0].verdict, bdat.replies[0]);
  assert.equal(delivery.transactions[0].recipients[1].reply?.code, '550');
  const note = lineAt(doc, lineOf(doc, 'SMTP(shutdown)>>'));
  assert.equal(note.direction, 'meta');

  // The bounce: null sender, its only recipient refused, so the chunk is refused too.
  const nullSender = bounce.commands.find((c) => c.verb === 'MAIL')!;
  assert.equal(nullSender.path?.address, '');
  assert.deepEqual(bounce.transactions.map((t) => [t.recipients.map((r) => r.reply?.code), t.verdict?.code]), [[['550'], '554']]);
});

test('exim -d: a callout (indented client dialogue) inside an incoming session keeps its own session', () => {
  const doc = fixture('exim-debug-callout.txt');
  assert.equal(doc.model.sessions.length, 2);
  const outer = sessionAt(doc, lineOf(doc, 'SMTP<< rcpt to:<abc@local>'));
  const callout = sessionAt(doc, lineOf(doc, 'SMTP>> RCPT TO:<qq@remote>'));
  assert.notEqual(outer, callout);
  assert.deepEqual(outer.commands.map((c) => c.verb), ['HELO', 'MAIL', 'RCPT', 'RCPT', 'QUIT']);
  assert.deepEqual(callout.commands.map((c) => c.verb), ['EHLO', 'MAIL', 'RCPT', 'QUIT']);
  // After the callout the outer session's reply still pairs with its RCPT.
  const rcpt = command(doc, 'SMTP<< rcpt to:<abc@local>');
  assert.deepEqual(codes(rcpt), ['250']);
  assert.ok(rcpt.replies[0].lines[0].source.line > lineOf(doc, 'SMTP<< 550 Unknown'));
  assert.deepEqual(codes(command(doc, 'SMTP>> RCPT TO:<qq@remote>')), ['550']);
  assert.equal(callout.replies[0].answers, 'connection');
  assert.equal(outer.replies[0].code, '220');
  assert.equal(outer.replies[0].answers, 'connection');
});

test('Exim test client: BDAT chunks pair, and a chunk that ends inside a line is followed by the next BDAT', () => {
  const doc = fixture('exim-testclient-bdat.txt');
  assert.equal(doc.model.sessions.length, 13);
  const first = doc.model.sessions[0];
  assert.equal(first.dialect, 'exim-client');
  const probe = lineAt(doc, lineOf(doc, '??? 250-'));
  assert.deepEqual([probe.direction, probe.kind, probe.dialect], ['meta', 'meta', 'exim-client']);

  const bdat = command(doc, '>>> bdat 88 last');
  assert.deepEqual(bdat.content.map((l) => l.text), ['To: Susan@random.com', 'From: Sam@random.com', 'Subject: This is a bodyless test message', '']);
  assert.equal(bdat.content.every((l) => l.kind === 'data' && l.direction === 'client'), true);
  assert.deepEqual(codes(bdat), ['250']);
  assert.equal(bdat.replies[0].lines.length, 2);
  assert.equal(first.transactions[0].verdict, bdat.replies[0]);

  // ">>> To: Susan@bdat 78 last": ten octets close the 10-octet chunk, then the next command.
  const split = lineOf(doc, '>>> To: Susan@bdat 78 last');
  const ten = command(doc, /^>>> bdat 10$/);
  const parts = sessionAt(doc, split).lines.filter((l) => l.line === split);
  assert.deepEqual(parts.map((l) => [l.kind, l.text, l.column]), [['data', 'To: Susan@', 4], ['command', 'bdat 78 last', 14]]);
  const next = sessionAt(doc, split).commands.find((c) => c.source === parts[1])!;
  assert.equal(next.verb, 'BDAT');
  assert.equal(next.pipelined, true);
  assert.deepEqual(codes(ten), ['250']);
  assert.equal(ten.replies[0].lines[0].text, '10 byte chunk received');
  assert.deepEqual(next.content.map((l) => l.text), ['random.com', 'From: Sam@random.com', 'Subject: This is a bodyless test message', '']);
  assert.deepEqual(codes(next), ['250']);
  assert.equal(next.replies[0].lines[0].text, '78 byte chunk, total 88');
  assert.equal(sessionAt(doc, split).transactions.at(-1)?.verdict, next.replies[0]);
  // A 100-octet chunk with NOOP between the chunks: the chunk's 250 is no verdict, BDAT 0 LAST's is.
  const hundred = command(doc, /^>>> bdat 100$/);
  const transaction = sessionAt(doc, hundred.source.line).transactions.find((t) => t.recipients.length > 0 && t.data?.source.line === lineOf(doc, '>>> bdat 0 last'));
  assert.ok(transaction);
  assert.equal(transaction.verdict?.lines.at(-1)?.text, 'OK id=10HmaY-000000005vi-0000');
});

test('Exim test client: commands joined by a literal \\r\\n are read one by one, message lines sent before the 354 are content', () => {
  const doc = fixture('exim-testclient-pipelining.txt');
  assert.equal(doc.model.sessions.length, 10);
  const joined = lineOf(doc, '>>> rset\\r\\nmail from');
  const session = sessionAt(doc, joined);
  const sent = session.commands.filter((c) => c.source.line === joined);
  assert.deepEqual(sent.map((c) => [c.verb, c.source.column, c.pipelined]), [['RSET', 4, false], ['MAIL', 12, true], ['RCPT', 41, true], ['DATA', 68, true]]);
  assert.deepEqual(sent.map((c) => codes(c)), [['250'], ['250'], ['250'], ['354', '250']]);
  assert.equal(sent[1].path?.address, 'userx@test.ex');
  assert.deepEqual(sent[1].path?.span, { line: joined, start: 22, end: 37 });

  // Everything in one go: MAIL, RCPT, DATA and the message, then the dot; the replies come later.
  const burst = lineOf(doc, '>>> mail from:<userx@test.ex>\\r\\nrcpt to:<userx@test.ex>\\r\\ndata\\r\\nthe message\\r\\nsecond line');
  const later = sessionAt(doc, burst);
  const data = later.commands.find((c) => c.verb === 'DATA')!;
  assert.deepEqual(data.content.map((l) => [l.line, l.text]), [[burst, 'the message'], [burst, 'second line']]);
  assert.equal(lineAt(doc, burst + 1).kind, 'data-end');
  assert.deepEqual(codes(data), ['354', '250']);
  assert.deepEqual(later.commands.map((c) => [c.verb, codes(c).join()]), [['EHLO', '250'], ['MAIL', '250'], ['RCPT', '250'], ['DATA', '354,250'], ['QUIT', '221']]);
  // A synchronization error cuts a session short: the commands after it get no reply.
  const sync = sessionAt(doc, lineOf(doc, '>>> ehlo abcd\\r\\nmail from'));
  assert.deepEqual(sync.commands.map((c) => [c.verb, codes(c).join()]), [['EHLO', '554'], ['MAIL', '']]);
});
