// Response times from captures that write the time of each line: Exim -d+timestamp, Python smtplib at
// debug level 2, nodemailer's logger, PHPMailer's 'echo' and 'html' debug output (each generated here
// by the real program against a real Exim whose RCPT of slow@example.net takes two seconds, see
// test/fixtures/transcripts/README.md), and Postfix verbose logging in syslog (corpus).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DocumentSymbol, Hover, MarkupContent } from 'vscode-languageserver-types';
import { diagnostics, documentSymbols, hover, inlayHints, parseDocument, readTranscript, resolveOptions, type Session, type TranscriptModel } from '../../../server/src/service';
import { formatSeconds, responseTimes } from '../../../server/src/service/parse/timing';
import { lineTime } from '../../../server/src/service/parse/transcript/line-time';
import { catalog } from '../../helpers/catalog';

const FIXTURES = resolve(__dirname, '..', '..', 'fixtures', 'transcripts');
const corpus = resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const hoverText = (h: Hover | null): string => (h?.contents as MarkupContent | undefined)?.value ?? '';

/** Each timestamped capture: its dialect, and whether it writes fractions of a second. */
const CAPTURES = [
  { file: 'exim-debug-timestamp.txt', dialect: 'exim-debug', whole: true },
  { file: 'smtplib-debug-timestamps.txt', dialect: 'smtplib', whole: false },
  { file: 'nodemailer-timestamps.txt', dialect: 'plain', whole: true },
  { file: 'phpmailer-echo-timestamps.txt', dialect: 'phpmailer', whole: true },
  { file: 'phpmailer-html-timestamps.txt', dialect: 'phpmailer', whole: true },
] as const;

const rcptReply = (session: Session, address: string) => session.commands.find((c) => c.verb === 'RCPT' && c.path?.address === address)?.replies[0];

for (const { file, dialect, whole } of CAPTURES) {
  test(`${file}: each reply's time from the line times, the tarpitted RCPT about 2 s, the others under a second`, () => {
    const text = readFileSync(resolve(FIXTURES, file), 'utf8');
    const model = readTranscript(text);
    const [session] = model.sessions;
    assert.equal(session.dialect, dialect);
    const times = responseTimes(session);
    assert.equal(times.wholeSeconds, whole);
    const slow = rcptReply(session, 'slow@example.net')!;
    const seconds = times.get(slow.index);
    // Whole seconds: a 2 s wait can read 2 or 3 s, as the clock ticked.
    assert.ok(seconds !== undefined && seconds >= (whole ? 2 : 1.9) && seconds <= 3, `slow RCPT: ${seconds}`);
    const bob = rcptReply(session, 'bob@example.net')!;
    assert.ok(times.get(bob.index)! < 1);
    // Every reply to a command is timed but the end of the message where the capture never shows
    // the message itself (Exim debug, nodemailer): when the client finished sending is unknown.
    const untimed = session.replies.filter((r) => r.answers !== undefined && r.answers !== 'connection' && !times.has(r.index));
    for (const reply of untimed) assert.ok(reply.answers !== 'connection' && reply.answers?.verb === 'DATA' && !reply.code.startsWith('3'), `${reply.code} untimed`);

    // Inlay hint after the slow reply's first line, in whole seconds where the capture has no more.
    const lines = text.split('\n');
    const line = slow.lines[0].source.line;
    const range = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
    const hint = inlayHints(model, catalog, range, resolveOptions({})).find((h) => h.position.line === line && String(h.label).startsWith('⏱'));
    assert.match(String(hint?.label), whole ? /^⏱ [23] s$/ : /^⏱ 2\.\d\d s$/);
    // Hover, slow-reply under a 1 s threshold (only the tarpitted RCPT), the Outline's timeline.
    assert.match(hoverText(hover(model, catalog, { line, character: slow.lines[0].codeSpan.start }, resolveOptions({}))), /Response time: (2|3|2\.\d\d) s/);
    const flagged = diagnostics(model as TranscriptModel, catalog, resolveOptions({ diagnostics: { slowReplySeconds: 1 } })).filter((d) => d.code === 'smtp.slow-reply');
    assert.deepEqual(flagged.map((d) => d.range.start.line), [line]);
    const timeline = (documentSymbols(model, catalog, 'en')[0].children ?? []).find((s: DocumentSymbol) => s.name === 'Timeline');
    assert.ok(timeline && (timeline.children ?? []).some((s) => s.range.start.line === line), 'the slow reply is on the timeline');
  });
}

test('PHPMailer html output: escaped text undone, <br> dropped, the lines of a multi-line reply run together are read apart', () => {
  const model = readTranscript(readFileSync(resolve(FIXTURES, 'phpmailer-html-timestamps.txt'), 'utf8'));
  const [session] = model.sessions;
  const ehlo = session.commands.find((c) => c.verb === 'EHLO')!;
  assert.deepEqual(ehlo.replies[0].lines.map((l) => l.text.split(' ')[0]), ['mx.example.net', 'SIZE', '8BITMIME', 'AUTH', 'CHUNKING', 'SMTPUTF8', 'HELP']);
  assert.deepEqual([...session.capabilities.keys()], ['SIZE', '8BITMIME', 'AUTH', 'CHUNKING', 'SMTPUTF8', 'HELP']);
  assert.equal(session.commands.find((c) => c.verb === 'MAIL')?.path?.address, 'alice@example.com');
  const data = session.commands.find((c) => c.verb === 'DATA')!;
  assert.match(data.replies[0].lines[0].text, /^Enter message, ending with "\." on a line by itself$/);
  assert.ok(session.lines.every((l) => !l.text.endsWith('<br>') || l.kind === 'text' || l.kind === 'meta'), 'no <br> left in SMTP text');
});

test('Postfix verbose logging in syslog (corpus): replies timed from the syslog times, the end of a message unseen is not', { skip: !existsSync(corpus) && 'no ../shared/corpus here' }, () => {
  const model = parseDocument(readFileSync(resolve(corpus, 'logs', 'postfix-maillog-dump__maillog-L1900.log'), 'utf8'), 'maillog');
  assert.equal(model.kind, 'log');
  const [session] = model.kind === 'log' ? model.transcript.sessions : [];
  assert.equal(session.dialect, 'postfix-verbose');
  const times = responseTimes(session);
  assert.ok(times.wholeSeconds);
  // The client typed by hand (26 s before HELO): that is the client's time, not the server's.
  const timed = session.replies.filter((r) => times.has(r.index)).map((r) => `${r.code} ${times.get(r.index)}`);
  assert.deepEqual(timed, ['250 0', '250 0', '250 0', '354 0', '221 0']);
  // The message is never in the log: 8 s between the 354 and the 250 are the user typing it.
  const dataFinal = session.commands.find((c) => c.verb === 'DATA')!.replies.at(-1)!;
  assert.equal(times.get(dataFinal.index), undefined);
  // In the mail log itself: the hint after the reply to HELO, in whole seconds.
  const helo = session.commands.find((c) => c.verb === 'HELO')!.replies[0].lines[0].source;
  const hints = inlayHints(model, catalog, { start: { line: helo.line, character: 0 }, end: { line: helo.line + 1, character: 0 } }, resolveOptions({}));
  assert.deepEqual(hints.filter((h) => String(h.label).startsWith('⏱')).map((h) => `${h.position.line} ${String(h.label)}`), [`${helo.line} ⏱ < 1 s`]);
});

test('line times: each logger\'s form, read from real lines', () => {
  assert.deepEqual(lineTime('15:35:54 SMTP>> 220 mx.example.net ESMTP'), { seconds: 15 * 3600 + 35 * 60 + 54, end: 9 });
  // Exim -d+timestamp+pid: the process id after the time (padded to five places).
  assert.deepEqual(lineTime('15:33:21  9275        250-SIZE 52428800'), { seconds: 15 * 3600 + 33 * 60 + 21, end: 15 });
  assert.equal(lineTime('15:05:48.002458 send: \'mail FROM:<alice@example.com>\\r\\n\'')?.seconds, 15 * 3600 + 5 * 60 + 48.002458);
  const nodemailer = lineTime('[2026-12-07 15:34:09] DEBUG [t8sO8CbuG6Y] C: EHLO app.example.com');
  assert.equal(nodemailer?.seconds, Date.UTC(2026, 11, 7, 15, 34, 9) / 1000);
  assert.equal(nodemailer?.end, 22);
  assert.equal(lineTime('2026-12-07 15:34:31\tSERVER -> CLIENT: 250 OK')?.end, 20);
  assert.equal(lineTime('2024-05-06T11:20:01.5+02:00 relay postfix/smtp[20811]: > mx[192.0.2.25]:25: QUIT')?.seconds, Date.UTC(2024, 4, 6, 9, 20, 1) / 1000 + 0.5);
  assert.equal(lineTime('Feb 25 15:35:42 server1 postfix/smtpd[24974]: < localhost[::1]: HELO yahoo.com')! .end, 16);
  // Not times: a reply code, a swaks line, a bracket never closed.
  assert.equal(lineTime('220 mx.example.net ESMTP'), undefined);
  assert.equal(lineTime('12:00:00'), undefined);
  assert.equal(lineTime('[2026-12-07 15:34:09 DEBUG'), undefined);
  assert.equal(lineTime('<-  250 OK'), undefined);
});

test('whole seconds are shown as such: "< 1 s", "2 s", never digits the capture does not have', () => {
  assert.equal(formatSeconds(0, true), '< 1 s');
  assert.equal(formatSeconds(2, true), '2 s');
  assert.equal(formatSeconds(2), '2.00 s');
  assert.equal(formatSeconds(0.0203), '0.020 s');
  assert.equal(formatSeconds(125, true), '2 min 5 s');
});
