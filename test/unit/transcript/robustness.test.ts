import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readTranscript } from '../../../server/src/service/parse/transcript/transcript-reader';
import { codes, fixture, fixturesDir, lineOf, outline, read } from './helpers';

const SAMPLES = ['swaks-exim-pipelined.txt', 'phpmailer-debug.txt', 'postfix-inout.txt', 'exim-bh-debug.txt', 'smtplib-auth.txt', 'exchange-receive.log', 'rfc5321-appendix-d.txt'];

function withLineEnds(text: string, end: string): string {
  return text.split(/\r\n|\r|\n/).join(end);
}

test('CRLF, LF and CR-only line ends give the same model', () => {
  for (const name of SAMPLES) {
    const text = readFileSync(path.join(fixturesDir, name), 'utf8');
    const lf = outline(readTranscript(withLineEnds(text, '\n')));
    assert.deepEqual(outline(readTranscript(withLineEnds(text, '\r\n'))), lf, `${name} CRLF`);
    assert.deepEqual(outline(readTranscript(withLineEnds(text, '\r'))), lf, `${name} CR`);
  }
  // Mixed line ends in one document, as pasted text often has.
  const mixed = 'S: 220 mx.example.net\r\nC: EHLO a.example\nS: 250-mx.example.net\rS: 250 PIPELINING\r\nC: QUIT\nS: 221 bye';
  const model = readTranscript(mixed);
  assert.deepEqual(model.sessions[0].commands.map((c) => [c.verb, codes(c).join()]), [['EHLO', '250'], ['QUIT', '221']]);
  assert.equal(model.lineCount, 6);
});

test('a session cut in the middle of a multi-line reply reads without throwing: the reply is incomplete', () => {
  const doc = fixture('swaks-exim-pipelined.txt');
  const cut = lineOf(doc, '<-  250-PIPELINING');
  const truncated = read(doc.lines.slice(0, cut + 1).join('\n'));
  const [session] = truncated.model.sessions;
  const last = session.replies.at(-1)!;
  assert.deepEqual([last.code, last.complete, last.lines.length], ['250', false, 4]);
  assert.equal(last.answers, session.commands[0]);
  assert.equal(session.commands[0].verb, 'EHLO');
  // Cut inside the greeting of a server-only capture too.
  const bh = fixture('exim-bh.txt');
  const partial = readTranscript(bh.lines.slice(0, lineOf(bh, '250-SIZE') + 1).join('\n'));
  assert.deepEqual(partial.sessions[0].replies.map((r) => [r.code, r.complete]), [['220', true], ['250', false]]);
});

test('a session cut after a command, or inside the message, reads without throwing', () => {
  const doc = fixture('swaks-exim-pipelined.txt');
  const afterRcpt = read(doc.lines.slice(0, lineOf(doc, ' -> RCPT TO:<dave@example.org>') + 1).join('\n'));
  const [session] = afterRcpt.model.sessions;
  const rcpt = session.commands.at(-1)!;
  assert.deepEqual([rcpt.verb, rcpt.replies.length, rcpt.pipelined], ['RCPT', 0, true]);
  assert.equal(session.transactions[0].recipients.at(-1)?.reply, undefined);
  assert.equal(session.transactions[0].verdict, undefined);

  const inMessage = read(doc.lines.slice(0, lineOf(doc, 'Hello Bob and Carol.') + 1).join('\n'));
  const data = inMessage.model.sessions[0].commands.at(-1)!;
  assert.deepEqual([data.verb, codes(data).join()], ['DATA', '354']);
  assert.equal(data.content.at(-1)?.text, 'Hello Bob and Carol.');
  assert.equal(inMessage.model.sessions[0].transactions[0].verdict, undefined);

  const auth = fixture('swaks-exim-auth.txt');
  const inAuth = read(auth.lines.slice(0, lineOf(auth, '<-  334 UGFzc3dvcmQ6') + 1).join('\n'));
  const login = inAuth.model.sessions[0].commands.at(-1)!;
  assert.deepEqual([login.verb, codes(login).join(), login.authResponses.length], ['AUTH', '334,334', 1]);
});

test('every prefix of every fixture reads without throwing', () => {
  for (const name of SAMPLES) {
    const lines = readFileSync(path.join(fixturesDir, name), 'utf8').split('\n');
    for (let n = 0; n <= lines.length; n++) {
      const model = readTranscript(lines.slice(0, n).join('\n'));
      for (const session of model.sessions) {
        for (const r of session.replies.slice(0, -1)) assert.equal(r.complete, true, `${name} cut at ${n}`);
      }
    }
  }
});

test('empty, blank and text-only documents', () => {
  assert.deepEqual(readTranscript('').sessions, []);
  assert.equal(readTranscript('').lineCount, 1);
  assert.deepEqual(readTranscript('\n\n   \n').sessions, []);
  const notes = readTranscript('Hello,\nthis is no SMTP at all.\n');
  assert.equal(notes.sessions.length, 1);
  assert.deepEqual(notes.sessions[0].commands, []);
  assert.deepEqual(notes.sessions[0].replies, []);
});

test('a PROXY protocol header before the greeting gets no reply; the 220 is still the greeting', () => {
  const model = readTranscript([' -> PROXY TCP4 192.0.2.1 192.0.2.2 4321 25', '<-  220 mx.example.net ESMTP', ' -> EHLO a.example', '<-  250 mx.example.net'].join('\n'));
  const [session] = model.sessions;
  assert.equal(session.replies[0].answers, 'connection');
  assert.deepEqual(session.commands.map((c) => [c.verb, codes(c).join()]), [['PROXY', ''], ['EHLO', '250']]);
});

test('a log that starts mid-session: its first reply is no greeting unless it is one', () => {
  const model = readTranscript(['S: 250 2.1.5 Ok', 'C: DATA', 'S: 354 go ahead', 'C: .', 'S: 250 2.0.0 queued'].join('\n'));
  const [session] = model.sessions;
  assert.equal(session.replies[0].answers, undefined);
  assert.deepEqual(codes(session.commands[0]), ['354', '250']);
});

test('reading is linear: a large transcript is read in proportion to its size', () => {
  const one = readFileSync(path.join(fixturesDir, 'swaks-exim-pipelined.txt'), 'utf8');
  const time = (copies: number): number => {
    const text = one.repeat(copies);
    const start = performance.now();
    const model = readTranscript(text);
    const elapsed = performance.now() - start;
    assert.equal(model.sessions.length, copies);
    return elapsed;
  };
  time(50);
  const small = Math.max(time(200), 1);
  const large = time(1600);
  // Eight times the text: well under the 64 times a quadratic reader would take.
  assert.ok(large < small * 24, `200 copies ${small.toFixed(0)} ms, 1600 copies ${large.toFixed(0)} ms`);
});
