// The line splitter and the prefix reader that run on every line, and hostile input: long lines, NUL
// bytes, garbage and random text never throw, never hang, and keep every position inside its line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { splitLines } from '../../../server/src/service';
import { forEachLine } from '../../../server/src/service/parse/log/lines';
import { emptyPrefix, readPrefix } from '../../../server/src/service/parse/log/prefix';
import { readLog } from '../../../server/src/service/parse/log/log-reader';
import { allEvents } from './helpers';

function lines(text: string): string[] {
  const out: string[] = [];
  const count = forEachLine(text, (line, n) => { out[n] = line; });
  assert.equal(count, out.length);
  return out;
}

test('lines split as editors split them: LF, CRLF, CR and mixtures, with the empty last line', () => {
  for (const text of ['', 'a', 'a\n', 'a\r\nb', 'a\rb\r', '\n\n', 'a\r\n\rb\n\r\nc', '\r', '\r\n']) assert.deepEqual(lines(text), splitLines(text), JSON.stringify(text));
  fc.assert(fc.property(fc.array(fc.constantFrom('a', 'bc', '\r', '\n', '\r\n', ' ', '\u0000')).map((p) => p.join('')), (text) => {
    assert.deepEqual(lines(text), splitLines(text));
  }), { numRuns: 300, seed: 1 });
});

function prefix(line: string) {
  const out = emptyPrefix();
  readPrefix(line, out);
  return { time: out.timeStart < 0 ? '' : line.slice(out.timeStart, out.timeEnd), program: line.slice(out.programStart, out.programEnd), body: line.slice(out.body), exim: out.eximTime, csv: out.csv };
}

test('syslog headers: classic, ISO, RFC 5424, relayed, journal; Exim\'s own stamps; CSV rows; none', () => {
  assert.deepEqual(prefix('Feb 21 09:21:54 xxx postfix/smtpd[14398]: NOQUEUE: reject: x'),
    { time: 'Feb 21 09:21:54', program: 'postfix/smtpd', body: 'NOQUEUE: reject: x', exim: false, csv: false });
  assert.deepEqual(prefix('Mar 7 02:09:33 server postfix/smtpd[27246]: 1D8CC1CA0A7F: milter-reject').program, 'postfix/smtpd');
  assert.deepEqual(prefix('May  9 21:54:48 nipple wietse[100]: postfix/smtpd[2206]: connect from fist').program, 'postfix/smtpd', 'the inner tag');
  assert.deepEqual(prefix('2024-10-31T12:38:21.817327+00:00 machine postfix/submission/smtpd[2634372]: warning: x'),
    { time: '2024-10-31T12:38:21.817327+00:00', program: 'postfix/submission/smtpd', body: 'warning: x', exim: false, csv: false });
  assert.deepEqual(prefix('<22>1 2024-10-31T12:38:21.817Z mx postfix/smtp 1234 - - 4E74613FE76: to=<a>'),
    { time: '2024-10-31T12:38:21.817Z', program: 'postfix/smtp', body: '4E74613FE76: to=<a>', exim: false, csv: false });
  assert.deepEqual(prefix('<22>1 2024-10-31T12:38:21Z mx postfix/smtp 1234 ID47 [exampleSDID@32473 iut="3"] 4E74613FE76: x').body, '4E74613FE76: x');
  assert.deepEqual(prefix('mail.example.com exim[3751842]: 2021-07-17 23:20:49 plain_server authenticator failed'),
    { time: '', program: 'exim', body: 'plain_server authenticator failed', exim: false, csv: false });
  assert.deepEqual(prefix('2013-06-10 18:33:32 [10099] H=(yakult.com.tw) x'), { time: '2013-06-10 18:33:32', program: '', body: 'H=(yakult.com.tw) x', exim: true, csv: false });
  assert.deepEqual(prefix('2023-05-30 06:10:13.345 login authenticator failed').body, 'login authenticator failed');
  assert.deepEqual(prefix('2024-01-01 10:00:00 +0100 [123] 1abcde-000001-AB Completed').body, '1abcde-000001-AB Completed');
  assert.deepEqual(prefix('2022-07-20T21:12:06.270Z,EXCHANGE-1\\Default Frontend,08DA4F7C11473A60,9').csv, true);
  for (const bare of ['25F2E5E061: to=<a@b>, relay=none', 'NOQUEUE: reject: RCPT from x', 'warning: dict_nis_init: x', 'statistics: max cache size 1 at Oct 26 18:13:50', 'Envelope-from: <a@b>', 'P Received: from x']) {
    assert.deepEqual({ program: prefix(bare).program, body: prefix(bare).body }, { program: '', body: bare }, bare);
  }
});

/** Every column an event holds lies on its line. */
function assertInside(text: string): void {
  const all = splitLines(text);
  const model = readLog(text);
  assert.equal(model.lineCount, all.length);
  for (const event of allEvents(model)) {
    const length = all[event.line]?.length ?? -1;
    assert.ok(length >= 0, `event on line ${event.line} of ${all.length}`);
    for (const [at, value] of [[event.markAt, ''], [event.codeAt, event.code], [event.enhancedAt, event.enhanced], [event.dsnAt, event.dsn], [event.recipientAt, event.recipient], [event.textAt, event.text], [event.relatedAt, event.related]] as const) {
      if (at === undefined) continue;
      assert.ok(at >= 0 && at + (value ?? '').length <= length, `column ${at}+${(value ?? '').length} on a line of ${length}`);
      if (value) assert.equal(all[event.line].slice(at, at + value.length), value);
    }
    assert.ok(event.markEnd >= event.markAt && event.markEnd <= length);
  }
  for (const m of model.messages.all()) m.lines.forEach((line, k) => assert.equal(all[line].slice(m.columns[k], m.columns[k] + m.id.length), m.id));
}

test('hostile input: a 1 MB line, NUL bytes, truncated fields, garbage never throw and keep positions on their lines', () => {
  const long = 'x'.repeat(1 << 20);
  const samples = [
    `Nov 28 10:00:01 mx postfix/smtp[1]: 4E74613FE76: to=<${long}>, relay=x, dsn=5.1.1, status=bounced (host x said: 550 ${long})`,
    `Nov 28 10:00:01 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from ${long}`,
    `2024-01-01 10:00:00 1abcde-000001-AB ** ${long}: ${long}`,
    `2024-01-01 10:00:00 H=${long} rejected RCPT <${long}`,
    `Nov 28 10:00:01 mx sm-mta[1]: abcdef123456: to=${','.repeat(100000)}, stat=Sent`,
    `2022-07-20T21:12:06.270Z,${'"'.repeat(100001)},${','.repeat(100000)}`,
    '\u0000'.repeat(1000) + 'Nov 28 10:00:01 mx postfix/smtp[1]: \u0000\u0000: to=<\u0000>, status=bounced (\u0000)',
    'Nov 28 10:00:01 mx postfix/smtp[1]: 4E74613FE76: to=<a>, status=bounced (host x said: 550',
    'Nov 28 10:00:01 mx postfix/smtp[1]: 4E74613FE76: to=<a>, status=',
    'Nov 28 10:00:01 mx postfix/smtp[1]: 4E74613FE76: to=',
    '2024-01-01 10:00:00 1abcde-000001-AB ** ',
    '2024-01-01 10:00:00 1abcde-000001-AB ==',
    '#Fields: event-id\n2022-07-20T21:12:06.270Z,FAIL',
    '<', '<1', '<999999999>1 ', '2024-01-01T', 'Nov 28 10:00:01 ', 'Nov 28 10:00:01 mx ', 'Nov 28 10:00:01 mx postfix/smtp[',
  ];
  for (const text of samples) assertInside(text);
  const started = Date.now();
  readLog(`Nov 28 10:00:01 mx postfix/smtp[1]: 4E74613FE76: ${'to=<a>, relay=x, '.repeat(60000)}status=sent (250 ok)`);
  readLog(`2024-01-01 10:00:00 H=x rejected RCPT <a>: ${': 5'.repeat(200000)}`);
  assert.ok(Date.now() - started < 5000, 'no quadratic reading of a long line');
});

const fragments = fc.constantFrom(
  'Nov 28 10:00:01 mx postfix/smtp[1]: ', 'Nov 28 10:00:01 mx postfix/qmgr[2]: ', '2024-01-01 10:00:00 ', '<22>1 2024-01-01T00:00:00Z mx postfix/smtp 1 - - ',
  'Apr  2 00:15:25 mta001 sendmail[32302]: ', 'mx exim[1]: ', '2022-07-20T21:12:06.270Z,', '#Fields: date-time,event-id,message-id,recipient-address,recipient-status\n',
  '4E74613FE76: ', 'NOQUEUE: reject: RCPT from x[1.2.3.4]: ', '1abcde-000001-AB ', 'u31FFPtp032300: ', 'to=<a@b>, ', 'relay=x, ', 'dsn=5.1.1, ', 'status=bounced ',
  'status=deferred (', 'status=expired, returned to sender', '(host x said: ', '550 ', '550-', '5.1.1 ', '4.4.7 ', '(in reply to RCPT TO command)', ')', '** ', '== ', '=> ', '<= ',
  'Completed', 'removed', 'rejected RCPT <a>: ', 'H=x [1.2.3.4] ', 'stat=Sent (ok)', 'stat=Deferred: 451 x', 'reject=550 5.7.1 x', 'ruleset=check_rcpt, arg1=<a>, ',
  'blocked using zen.spamhaus.org', ' authenticator failed for x: 535 y', 'said: ', ', ', ': ', '<', '>', '"', ',', '\u0000', '\uFFFD', '\r', '\n', '\r\n',
);

test('random log-shaped text never throws, and every position stays on its line', { timeout: 120_000 }, () => {
  fc.assert(fc.property(fc.array(fc.oneof(fragments, fc.string({ maxLength: 12 })), { maxLength: 80 }).map((p) => p.join('')), (text) => {
    assertInside(text);
  }), { numRuns: 400, seed: 5 });
});
