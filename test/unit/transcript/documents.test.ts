import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { authSteps } from '../../../server/src/service/parse/auth';
import { readTranscript } from '../../../server/src/service/parse/transcript/transcript-reader';
import { KNOWN_VERBS } from '../../../server/src/service/parse/transcript/codes';
import { codes, command, corpusDir, fixture, hasCorpus, lineAt, lineOf, reply, sessionAt } from './helpers';

test('sendmail transcript in a bounce: one session per "... while talking to", 554 greetings, QUIT answered by 421', () => {
  const doc = fixture('sendmail-bounce-sessions.txt');
  assert.equal(doc.model.sessions.length, 6);
  assert.ok(doc.model.sessions.every((s) => s.dialect === 'sendmail'));
  assert.deepEqual(doc.model.sessions.map((s) => s.serverOnly), [false, true, true, false, true, false]);
  for (const session of doc.model.sessions) {
    assert.deepEqual([session.replies[0].code, session.replies[0].answers], ['554', 'connection']);
  }
  const quit = command(doc, '>>> QUIT');
  assert.equal(quit.source.direction, 'client');
  assert.deepEqual(codes(quit), ['421']);
  assert.equal(quit.replies[0].enhanced, '4.7.0');
  const talking = lineAt(doc, lineOf(doc, '... while talking to mx6.mail.icloud.com.:'));
  assert.deepEqual([talking.direction, talking.kind], ['meta', 'meta']);
  assert.equal(sessionAt(doc, talking.line).startLine, talking.line);
  // sendmail's own verdict after the transcript is a note, not a reply.
  assert.equal(lineAt(doc, lineOf(doc, '554 5.0.0 Service unavailable')).direction, 'meta');
});

test('sendmail transcript: multi-line 550-5.2.1 answers a RCPT the capture never logged; the 503 after it answers DATA', () => {
  const doc = fixture('sendmail-bounce-multiline.txt');
  assert.equal(doc.model.sessions.length, 1);
  const data = command(doc, '>>> DATA');
  const refused = reply(doc, '<<< 550-5.2.1');
  assert.deepEqual([refused.implied, refused.answers], ['RCPT', undefined]);
  assert.deepEqual([refused.code, refused.enhanced, refused.lines.length, refused.complete], ['550', '5.2.1', 3, true]);
  assert.deepEqual(refused.lines.map((l) => l.separator), ['-', '-', ' ']);
  assert.equal(refused.lines[2].text, '5.2.1  https://support.google.com/mail/?p=DisabledUser neko-15789a6671ag7789128947.22 - gsmtp');
  assert.equal(lineAt(doc, lineOf(doc, '550 5.1.1 <kijitora-cat@google.example.com>')).direction, 'meta');
  const rcptFirst = reply(doc, '<<< 503-5.5.1 RCPT first');
  assert.deepEqual([rcptFirst.lines.length, rcptFirst.enhanced, rcptFirst.answers], [4, '5.5.1', data]);
  assert.deepEqual(data.replies, [rcptFirst]);
});

test('RFC 5321 Appendix D: indented C:/S: examples across page breaks, five sessions', () => {
  const doc = fixture('rfc5321-appendix-d.txt');
  assert.equal(doc.model.sessions.length, 5);
  assert.ok(doc.model.sessions.every((s) => s.dialect === 'plain'));
  const [typical, aborted] = doc.model.sessions;
  const greeting = typical.replies[0];
  assert.deepEqual([greeting.code, greeting.answers, greeting.lines[0].source.column], ['220', 'connection', 9]);
  assert.deepEqual([...typical.capabilities.keys()], ['8BITMIME', 'SIZE', 'DSN', 'HELP']);
  assert.deepEqual(codes(command(doc, 'C: RCPT TO:<Green@foo.com>')), ['550']);
  const [transaction] = typical.transactions;
  assert.deepEqual(transaction.recipients.map((r) => [r.address, r.reply?.code]), [['Jones@foo.com', '250'], ['Green@foo.com', '550'], ['Brown@foo.com', '250']]);
  assert.deepEqual(transaction.data?.content.map((l) => l.text), ['Blah blah blah...', '...etc. etc. etc.']);
  assert.equal(transaction.verdict?.code, '250');
  // D.2: the transaction is reset after the refused recipient.
  assert.deepEqual(aborted.commands.map((c) => c.verb), ['EHLO', 'MAIL', 'RCPT', 'RCPT', 'RSET', 'QUIT']);
  assert.equal(aborted.transactions[0].data, undefined);
  const page = lineAt(doc, lineOf(doc, 'Klensin                     Standards Track'));
  assert.equal(page.direction, 'meta');
  // A folded header line in the message keeps its leading blanks.
  const folded = lineAt(doc, lineOf(doc, /C: {5}05:33:29 -0700/));
  assert.deepEqual([folded.kind, folded.text], ['data', '    05:33:29 -0700']);
  assert.equal(doc.model.sessions[4].commands[1].verb, 'VRFY');
});

test('Postfix BDAT_README example: BDAT chunks pair, only BDAT LAST gives the verdict', () => {
  const doc = fixture('postfix-bdat-readme.txt');
  const [session] = doc.model.sessions;
  assert.equal(session.dialect, 'plain');
  assert.equal(session.replies[0].answers, 'connection');
  const first = command(doc, 'C: BDAT 10000');
  const second = command(doc, 'C: BDAT 123');
  const last = command(doc, 'C: BDAT 0 LAST');
  assert.deepEqual(first.content.map((l) => l.text), ['..followed by 10000 bytes...']);
  assert.deepEqual([first, second, last].map((c) => codes(c)), [['250'], ['250'], ['250']]);
  assert.equal(first.replies[0].lines[0].text, '2.0.0 Ok: 10000 bytes');
  assert.equal(last.content.length, 0);
  assert.equal(session.transactions[0].data, last);
  assert.equal(session.transactions[0].verdict, last.replies[0]);
  assert.ok(session.capabilities.has('CHUNKING'));
});

test('unprefixed telnet session (Postfix SASL_README): a line starting with a code is the server', () => {
  const doc = fixture('postfix-sasl-telnet.txt');
  assert.equal(doc.model.sessions.length, 1);
  const [session] = doc.model.sessions;
  assert.equal(session.dialect, 'unprefixed');
  assert.equal(lineAt(doc, 0).direction, 'meta');
  assert.equal(reply(doc, '220 server.example.com').answers, 'connection');
  const ehlo = command(doc, 'EHLO client.example.com');
  assert.equal(ehlo.replies[0].lines.length, 6);
  assert.deepEqual(session.capabilities.get('AUTH'), ['DIGEST-MD5', 'PLAIN', 'CRAM-MD5']);
  const auth = command(doc, 'AUTH PLAIN');
  assert.deepEqual(codes(auth), ['235']);
  assert.deepEqual(authSteps(auth)[0].fields.map((f) => f.value), ['', 'test', 'testpass']);
});

test('corpus transcripts: every file reads, replies pair only with commands of their own session', { skip: hasCorpus ? false : `no corpus at ${corpusDir}` }, () => {
  const folder = path.join(corpusDir, 'transcripts');
  let files = 0;
  for (const name of readdirSync(folder)) {
    const model = readTranscript(readFileSync(path.join(folder, name), 'utf8'));
    files++;
    for (const session of model.sessions) {
      const own = new Set(session.commands);
      for (const r of session.replies) {
        if (r.answers && r.answers !== 'connection') assert.ok(own.has(r.answers), `${name}: reply ${r.code} on line ${r.lines[0].source.line}`);
      }
      for (const c of session.commands) for (const r of c.replies) assert.equal(r.answers, c, name);
      assert.equal(session.serverOnly, session.commands.length === 0 && session.replies.length > 0, name);
    }
  }
  assert.ok(files > 100);
});

test('corpus swaks references: every command and reply pair, one session each', { skip: hasCorpus ? false : `no corpus at ${corpusDir}` }, () => {
  const folder = path.join(corpusDir, 'transcripts');
  const names = readdirSync(folder).filter((n) => n.startsWith('swaks__'));
  assert.ok(names.length > 50);
  for (const name of names) {
    const text = readFileSync(path.join(folder, name), 'utf8');
    // A few references show only the end of a session.
    if (!text.startsWith('=== Trying')) continue;
    const model = readTranscript(text);
    assert.equal(model.sessions.length, 1, name);
    const [session] = model.sessions;
    assert.equal(session.dialect, 'swaks', name);
    assert.equal(session.replies[0].answers, 'connection', name);
    assert.deepEqual(session.replies.filter((r) => !r.answers).map((r) => r.lines[0].source.line), [], name);
    // Only what is no SMTP (00802 sends a PROXY protocol header before the greeting) goes unanswered.
    assert.deepEqual(session.commands.filter((c) => c.replies.length === 0 && KNOWN_VERBS.has(c.verb)).map((c) => c.verb), [], name);
  }
});
