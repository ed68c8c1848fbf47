import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, capabilitiesOf } from '../../../server/src/service';
import { catalog } from '../../helpers/catalog';
import { oneLineKeywordTexts } from '../../../server/src/service/parse/transcript/views';
import { answers, codes, command, fixture, lineAt, lineOf, reply, sessionAt } from './helpers';

test('Postfix In:/Out: transcript from a bounce: Out is the server, wrapped commands are read whole', () => {
  const doc = fixture('postfix-inout.txt');
  assert.equal(doc.model.sessions.length, 1);
  const [session] = doc.model.sessions;
  assert.equal(session.dialect, 'postfix-inout');
  const greeting = reply(doc, 'Out: 220 mx22.example.com');
  assert.equal(greeting.answers, 'connection');
  assert.equal(greeting.lines[0].source.column, 6);
  const ehlo = command(doc, 'In:  EHLO mx22.example.com');
  assert.equal(ehlo.source.direction, 'client');
  assert.equal(ehlo.replies[0].lines.length, 12);
  assert.deepEqual(session.capabilities.get('AUTH'), ['PLAIN', 'LOGIN', 'DIGEST-MD5', 'CRAM-MD5']);
  assert.ok(session.capabilities.has('XFORWARD'));

  // "In:  MAIL" / "     FROM:<...>" / "     SIZE=20088": one command over three lines.
  const mail = command(doc, 'In:  MAIL');
  const from = lineOf(doc, '     FROM:<CP85l3ba044547');
  assert.equal(mail.path?.address, 'CP85l3ba044547=libsisimai.net@err.y.example.co.jp');
  assert.equal(mail.path?.span.line, from);
  assert.equal(mail.path?.span.start, 10);
  assert.deepEqual(mail.params.map((p) => [p.keyword, p.value, p.span.line, p.span.start]), [['SIZE', '20088', from + 1, 5]]);
  assert.deepEqual([lineAt(doc, from).direction, lineAt(doc, from).kind, lineAt(doc, from).column], ['client', 'command', 5]);
  assert.deepEqual(codes(mail), ['250']);
  const xforward = command(doc, 'In:  XFORWARD NAME=');
  assert.deepEqual(xforward.params.map((p) => p.keyword), ['NAME', 'ADDR', 'PORT']);
  assert.equal(answers(reply(doc, 'Out: 250 2.0.0 Ok')), `XFORWARD@${xforward.source.line}`);

  const rcpt = command(doc, 'In:  RCPT TO:<kijitora@libsisimai.net>');
  assert.deepEqual(rcpt.params.map((p) => [p.keyword, p.value]), [['ORCPT', 'rfc822;kijitora@libsisimai.net']]);
  const data = command(doc, 'In:  DATA');
  assert.deepEqual(codes(data), ['354', '451']);
  assert.equal(data.replies[1].enhanced, '4.3.0');
  assert.equal(session.transactions[0].verdict, data.replies[1]);
  assert.deepEqual(codes(command(doc, 'In:  QUIT')), ['221']);
  assert.equal(lineAt(doc, 0).direction, 'meta');
});

test('Postfix verbose smtp log (hand-written from smtp_chat): > sent, < received, a process per conversation, IPv6 peers', () => {
  const doc = fixture('postfix-verbose.log');
  assert.equal(doc.model.sessions.length, 2);
  const [v4, v6] = doc.model.sessions;
  assert.deepEqual([v4.dialect, v6.dialect], ['postfix-verbose', 'postfix-verbose']);
  assert.equal(lineAt(doc, lineOf(doc, 'connecting to mx.example.net')).direction, 'meta');
  assert.equal(lineAt(doc, lineOf(doc, 'server features:')).direction, 'meta');

  const mail = command(doc, '> mx.example.net[192.0.2.25]:25: MAIL FROM:<alice@example.com>');
  assert.deepEqual(mail.params.map((p) => [p.keyword, p.value]), [['SIZE', '1024'], ['BODY', '8BITMIME']]);
  const nobody = command(doc, 'RCPT TO:<nobody@example.net>');
  const data = command(doc, '> mx.example.net[192.0.2.25]:25: DATA');
  assert.deepEqual([nobody.pipelined, data.pipelined], [true, true]);
  assert.deepEqual(codes(nobody), ['550']);
  assert.equal(nobody.replies[0].enhanced, '5.1.1');
  // "." ends the (unseen) message; QUIT is sent before the server answers the message.
  assert.equal(lineAt(doc, lineOf(doc, ']:25: .')).kind, 'data-end');
  assert.deepEqual(codes(data), ['354', '250']);
  assert.deepEqual(codes(command(doc, '> mx.example.net[192.0.2.25]:25: QUIT')), ['221']);
  assert.equal(v4.transactions[0].verdict?.lines[0].text, '2.0.0 Ok: queued as 4VXz1K2mNpz7');

  const greylisted = command(doc, 'RCPT TO:<carol@example.org>');
  assert.equal(sessionAt(doc, greylisted.source.line), v6);
  assert.equal(greylisted.source.column, doc.lines[greylisted.source.line].indexOf('RCPT'));
  assert.deepEqual(codes(greylisted), ['450']);
  assert.deepEqual(codes(command(doc, '> mx2.example.org[2001:db8::25]:25: DATA')), ['554']);
  assert.deepEqual(v6.transactions.map((t) => [t.recipients.map((r) => r.reply?.code), t.verdict?.code]), [[['450'], '554']]);
  assert.equal(v6.replies[0].answers, 'connection');
});

test('Exchange receive protocol log (hand-written from the documented format): sessions by id, quoted data, BDAT', () => {
  const doc = fixture('exchange-receive.log');
  assert.equal(doc.model.sessions.length, 2);
  const [a, b] = doc.model.sessions;
  assert.deepEqual([a.id, b.id], ['08DC6D1A00000001', '08DC6D1A00000002']);
  assert.deepEqual([a.dialect, b.dialect], ['exchange-csv', 'exchange-csv']);
  assert.equal(a.startLine, lineOf(doc, '08DC6D1A00000001,0,'));

  const greeting = reply(doc, '08DC6D1A00000001,2,');
  assert.equal(greeting.answers, 'connection');
  assert.equal(greeting.lines[0].text, 'ex01.example.net Microsoft ESMTP MAIL Service ready at Mon, 6 May 2024 12:00:00 +0000');
  assert.equal(greeting.lines[0].source.column, doc.lines[greeting.lines[0].source.line].indexOf('"220') + 1);
  const ehlo = command(doc, '<,EHLO mail.partner.example,');
  assert.equal(ehlo.source.direction, 'client');
  assert.equal(ehlo.replies[0].lines.length, 9);
  assert.ok(a.capabilities.has('CHUNKING'));

  const mail = command(doc, '<,MAIL FROM:<news@partner.example> SIZE=20480,');
  const nobody = command(doc, '<,RCPT TO:<nobody@example.net>,');
  assert.deepEqual(mail.params.map((p) => [p.keyword, p.value]), [['SIZE', '20480']]);
  assert.equal(nobody.pipelined, true);
  assert.deepEqual(codes(mail), ['250']);
  assert.deepEqual(codes(nobody), ['550']);
  assert.equal(nobody.replies[0].enhanced, '5.1.10');
  const bdat = command(doc, '<,BDAT 20480 LAST,');
  assert.equal(bdat.content.length, 0, 'Exchange logs no message content');
  assert.deepEqual(codes(bdat), ['250']);
  assert.equal(a.transactions[0].verdict?.enhanced, '2.6.0');
  assert.deepEqual(codes(command(doc, '<,QUIT,')), ['221']);
  const note = lineAt(doc, lineOf(doc, 'Inbound AUTH LOGIN failed'));
  assert.deepEqual([note.direction, note.text], ['meta', 'Inbound AUTH LOGIN failed because of LogonDenied']);
  assert.equal(lineAt(doc, lineOf(doc, '"Message Sender: news@partner.example"')).text, 'Message Sender: news@partner.example');

  // The second session: Exchange logs AUTH as "334 <authentication response>", no client lines.
  const auth = command(doc, '<,AUTH LOGIN,');
  assert.equal(sessionAt(doc, auth.source.line), b);
  assert.deepEqual(codes(auth), ['334', '535']);
  assert.equal(auth.replies[1].enhanced, '5.7.3');
  // Exchange 2013 and later write the EHLO reply on one line: it stays one line, and its keywords are read
  // from it (a number, or a mechanism after AUTH, belongs to the keyword before it).
  const ehloReply = command(doc, '<,EHLO [203.0.113.9],').replies[0];
  assert.equal(ehloReply.lines.length, 1);
  assert.deepEqual([...capabilitiesOf(ehloReply)], [['SIZE', ['37748736']], ['PIPELINING', []], ['DSN', []], ['ENHANCEDSTATUSCODES', []],
    ['STARTTLS', []], ['AUTH', ['NTLM', 'LOGIN']], ['8BITMIME', []], ['BINARYMIME', []], ['CHUNKING', []]]);
  // So its AUTH LOGIN was advertised: the one finding of that session is the failed login.
  assert.deepEqual(analyze(doc.model, { catalog, language: 'en' }).filter((f) => sessionAt(doc, f.span.line) === b).map((f) => f.id), ['smtp.auth-failed']);
});

test('Exchange protocol log lines from CrowdSec (server replies only): serverOnly, no greeting', () => {
  const bf = fixture('exchange-crowdsec-bf.log');
  assert.equal(bf.model.sessions.length, 1);
  const [session] = bf.model.sessions;
  assert.deepEqual([session.id, session.dialect, session.serverOnly], ['08DA4F7C11473A60', 'exchange-csv', true]);
  assert.equal(session.replies.length, bf.lines.filter((l) => l.includes(',>,535 ')).length);
  assert.ok(session.replies.every((r) => r.code === '535' && r.enhanced === '5.7.3' && r.answers === undefined));
  const logs = fixture('exchange-crowdsec-logs.log');
  assert.deepEqual(logs.model.sessions.map((s) => [s.replies.length, s.serverOnly]), [[1, true]]);
  assert.equal(logs.model.sessions[0].replies[0].lines[0].text, '5.7.3 Authentication unsuccessful');
});

test('a one-line EHLO reply that is not Exchange\'s advertises nothing', () => {
  for (const text of ['vm Hello client.example [192.0.2.10]', 'mx.example.org', 'mx Hello [192.0.2.1]', 'mx Hello [192.0.2.1] nice to meet you']) {
    assert.deepEqual(oneLineKeywordTexts(text), [], text);
  }
  assert.deepEqual(oneLineKeywordTexts('ex01 Hello [192.0.2.1] SIZE 37748736 AUTH GSSAPI NTLM X-EXPS GSSAPI NTLM XRDST'), ['SIZE 37748736', 'AUTH GSSAPI NTLM', 'X-EXPS GSSAPI NTLM', 'XRDST']);
});
