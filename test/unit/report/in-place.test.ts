import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { logReport, ReportReader } from '../../../server/src/service/report';
import { emptyPrefix, PostfixPrefixReader, readPrefix, type LinePrefix } from '../../../server/src/service/parse/log/prefix';
import { LineRanges } from '../../../server/src/service/parse/log/stream';
import { postfixLog } from '../../../bench/generate';
import { catalog, CORPUS_LOGS, FIXTURES } from './helpers';

const CASES = readFileSync(resolve(FIXTURES, 'mail.log-postfix-cases'), 'utf8');

/**
 * Postfix lines whose words, read in place in a piece of text, could be taken from the next line:
 * a delivery and a "forwarded as" after it, a client= with no comma and a line with one, a line that
 * ends after its queue id, a cleanup line and a "header" refusal, fields cut short.
 */
const NEIGHBOURS = [
  'Nov 28 10:00:01 mx postfix/smtpd[5000]: connect from a.example.net[192.0.2.1]',
  'Nov 28 10:00:01 mx postfix/smtpd[5000]: 1A2B3C: client=a.example.net[192.0.2.1]',
  'Nov 28 10:00:01 mx postfix/qmgr[99]: 1A2B3C: from=<x@Example.NET>, size=100, nrcpt=1 (queue active)',
  'Nov 28 10:00:02 mx postfix/smtp[5001]: 1A2B3C: to=<y@example.org>, relay=r.example.org[198.51.100.1]:25, delay=1.5, delays=0.1/0/0.4/1, dsn=2.0.0, status=sent (250 ok)',
  'Nov 28 10:00:02 mx postfix/local[5002]: 1A2B3C: to=<z@example.org>, relay=local, delay=0.2, status=sent (forwarded as 4D5E6F)',
  'Nov 28 10:00:03 mx postfix/smtpd[5000]: 1A2B3D: client=b.example.net[192.0.2.2]',
  'Nov 28 10:00:03 mx postfix/cleanup[5003]: 1A2B3D: message-id=<m1@example.net>',
  'Nov 28 10:00:03 mx postfix/cleanup[5003]: 1A2B3D: reject: header Subject: win from b.example.net[192.0.2.2]; from=<s@example.net> to=<t@example.org>: 550 5.7.1 no',
  'Nov 28 10:00:04 mx postfix/qmgr[99]: 1A2B3E:',
  'from=<q@example.net>, size=5, nrcpt=1 (queue active)',
  'Nov 28 10:00:04 mx postfix/smtp[5004]: 1A2B3C: to=<w@example.org>, relay=',
  'Nov 28 10:00:04 mx postfix/smtp[5004]: 1A2B3C: to=<w@example.org>, relay=r.example.org[198.51.100.1]:25, delay=3, status=',
  'deferred (connection timed out), forwarded as 7A7A7A, size=9',
  'Nov 28 10:00:05 mx postfix/smtpd[5000]: disconnect from a.example.net[192.0.2.1] ehlo=1 quit=1 commands=2',
  'Nov 28 10:00:05 mx postfix/qmgr[99]: 1A2B3C: removed',
  'Nov 28 10:00:06 mx postfix/smtpd[5005]: NOQUEUE: reject: RCPT from c.example.net[192.0.2.3]: 554 5.7.1 <v@example.org>: Relay access denied; from=<u@example.net> to=<v@example.org> proto=ESMTP helo=<c>',
  'Nov 28 10:00:07 mx postfix/smtpd[5005]: warning: c.example.net[192.0.2.3]: SASL LOGIN authentication failed: bad',
  'Nov 28 10:00:07.123 mx postfix/smtpd[5005]: connect from d.example.net[192.0.2.4]',
  'Nov 28 10:00:08 mx postfix/smtpd: connect from e.example.net[192.0.2.5]',
  'Nov 28 10:00:08 other postfix/smtpd[5006]: connect from f.example.net[192.0.2.6]',
].join('\n');

/** The lines of `text` as LineRanges hands them over: the piece, and each line's range in it. */
function ranges(text: string): Array<[string, number, number]> {
  const out: Array<[string, number, number]> = [];
  const cutter = new LineRanges((piece, start, end) => out.push([piece, start, end]));
  cutter.push(text);
  cutter.flush();
  return out;
}

function columns(prefix: LinePrefix, by: number): number[] {
  return [prefix.timeStart - by, prefix.timeEnd - by, prefix.programStart - by, prefix.programEnd - by, prefix.body - by, Number(prefix.eximTime), Number(prefix.csv)];
}

test('the Postfix prefix read in place gives readPrefix\'s columns, or leaves the line to readPrefix', () => {
  const texts = [CASES, NEIGHBOURS, postfixLog(100_000, 4)];
  if (existsSync(CORPUS_LOGS)) for (const name of readdirSync(CORPUS_LOGS)) texts.push(readFileSync(join(CORPUS_LOGS, name), 'utf8'));
  let inPlace = 0;
  let declined = 0;
  for (const text of texts) {
    const reader = new PostfixPrefixReader();
    for (const [piece, start, end] of ranges(text)) {
      const fast = emptyPrefix();
      const line = piece.slice(start, end);
      if (!reader.read(piece, start, end, fast)) {
        declined++;
        continue;
      }
      inPlace++;
      const slow = emptyPrefix();
      readPrefix(line, slow);
      assert.deepEqual(columns(fast, start), columns(slow, 0), line);
    }
  }
  assert.ok(inPlace > 1000 && declined > 100, `${inPlace} lines read in place, ${declined} left to readPrefix`);
  // The shapes it leaves: a fraction of a second, no process id; another host is read (and remembered).
  const reader = new PostfixPrefixReader();
  const lines = NEIGHBOURS.split('\n');
  const read = (line: string): boolean => reader.read(line, 0, line.length, emptyPrefix());
  assert.equal(read(lines[0]), true);
  assert.equal(read(lines.find((l) => l.includes('10:00:07.123'))!), false);
  assert.equal(read(lines.find((l) => l.includes('postfix/smtpd: connect'))!), false);
  assert.equal(read(lines.find((l) => l.includes(' other '))!), true);
});

/** The report of `text` with every line cut in two pieces: each is joined and read as a string of its own, never in place. */
function reportLineByLine(text: string): unknown {
  const reader = new ReportReader(catalog, 'en');
  reader.startSource('');
  for (const line of (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n')) {
    const half = line.length >> 1;
    reader.push(line.slice(0, half));
    reader.push(line.slice(half) + '\n');
  }
  return reader.finish();
}

test('a report read in place is the report of the lines read one by one, next lines never answering for a line', () => {
  for (const text of [NEIGHBOURS + '\n', CASES, postfixLog(150_000, 6)]) {
    assert.deepEqual(logReport(text, catalog, 'en'), reportLineByLine(text));
  }
  const report = logReport(NEIGHBOURS + '\n', catalog, 'en');
  // Neither the "forwarded as" nor the "deferred" of a next line counts for the line before.
  assert.equal(report.totals.forwarded, 1);
  assert.equal(report.totals.delivered, 1);
  assert.equal(report.totals.deferred, 0);
  assert.deepEqual(report.senders.byCount.map((r) => r.address), ['x@example.net']);
});

test('a report keeps no piece of the log in memory for the addresses and clients it lists', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  // New senders and recipients all along: each would be a key cut out of a piece of its own.
  let n = 0;
  const text = postfixLog(24 * 1024 * 1024, 8).replace(/(from|to)=<[^@>]*@/g, (_, field: string) => `${field}=<someone${n++}@`);
  const reader = new ReportReader(catalog, 'en');
  reader.startSource('');
  gc();
  const before = process.memoryUsage().external;
  // Pieces as the CLI makes them: Latin-1 strings of 1 MB made from bytes, which the engine keeps outside its heap.
  for (let at = 0; at < text.length; at += 1 << 20) reader.push(Buffer.from(text.slice(at, at + (1 << 20)), 'latin1').toString('latin1'));
  gc();
  gc();
  const kept = process.memoryUsage().external - before;
  assert.ok(kept < 4 * 1024 * 1024, `${(kept / 1048576).toFixed(1)} MB of the 24 MB log kept after reading it`);
  assert.ok(reader.finish().totals.recipients > 10_000);
});

test('a deferral or bounce whose reason a line before had is counted on that reason\'s row like a line read in full', () => {
  const lines: string[] = [];
  const delivery = (n: number, to: string, delay: number, dsn: string, status: string, reason: string): void => {
    lines.push(`Nov 28 10:${String(n % 60).padStart(2, '0')}:01 mx postfix/smtp[${5000 + n}]: ${(0xA0000 + n).toString(16).toUpperCase()}: to=<${to}>, relay=r.example.org[198.51.100.1]:25, delay=${delay}, delays=0.1/0/0.4/1, dsn=${dsn}, status=${status} (${reason})`);
  };
  // The slowest deliveries kept fill up first: the lines after them are slower than none.
  for (let n = 0; n < 25; n++) delivery(n, `slow${n}@example.net`, 1000 + n, '2.0.0', 'sent', '250 2.0.0 Ok: queued as 4F2A81C0042');
  const unknown = 'host mx.example.org[192.0.2.25] said: 550 5.1.1 User unknown (in reply to RCPT TO command)';
  const domains = ['a.example', 'B.Example', 'a.example'];
  for (let n = 0; n < 30; n++) delivery(100 + n, n === 7 ? 'postmaster' : `u${n}@${domains[n % 3]}`, 2, '5.1.1', 'bounced', unknown);
  // The same words with another dsn= and status, and one slower than every delivery kept (read in full, kept as slowest).
  for (let n = 0; n < 4; n++) delivery(200 + n, `v${n}@c.example`, 3, '4.4.1', 'deferred', 'connect to mx.c.example[192.0.2.9]:25: Connection timed out');
  for (let n = 0; n < 3; n++) delivery(300 + n, `w${n}@a.example`, 2, '5.0.0', 'bounced', unknown);
  delivery(400, 'x@a.example', 5000, '5.1.1', 'bounced', unknown);
  const text = lines.join('\n') + '\n';
  const report = logReport(text, catalog, 'en');
  const bounces = report.problems.bounces;
  // One row (the enhanced code of the server's reply names it, whatever dsn= says), every line counted by its recipient's domain.
  assert.deepEqual(bounces.map((r) => [r.reason, r.code, r.enhanced, r.command, r.count]), [['User unknown', '550', '5.1.1', 'RCPT', 34]]);
  assert.deepEqual(bounces[0].domains, [{ domain: 'a.example', count: 24 }, { domain: 'b.example', count: 9 }, { domain: '(local)', count: 1 }]);
  assert.deepEqual(bounces[0].lines, Array.from({ length: 10 }, (_, i) => 25 + i));
  assert.deepEqual(report.problems.deferrals.map((r) => [r.count, r.domains]), [[4, [{ domain: 'c.example', count: 4 }]]]);
  assert.equal(report.slowestDeliveries[0].recipient, 'x@a.example');
  assert.equal(report.slowestDeliveries[0].status, 'bounced');
  // The same report when every line is read as a string of its own.
  assert.deepEqual(report, reportLineByLine(text));
});

test('an expiry or a refusal whose reason a line before had is counted like a line read in full', () => {
  const lines: string[] = [];
  for (let n = 0; n < 6; n++) {
    lines.push(`Nov 28 10:00:0${n} mx postfix/smtp[${6000 + n}]: ${(0xB0000 + n).toString(16).toUpperCase()}: to=<e${n}@${n % 2 ? 'D.Example' : 'd.example'}>, relay=mx.d.example[192.0.2.4]:25, delay=9, delays=0.01/0/0.3/0.2, dsn=4.4.1, status=expired, returned to sender`);
  }
  const clients = ['mail.one.example[192.0.2.1]', 'unknown[192.0.2.2]', 'mx.two.example.co.uk[192.0.2.3]', 'mail.one.example[192.0.2.1]'];
  for (let n = 0; n < 8; n++) {
    lines.push(`Nov 28 10:01:0${n} mx postfix/smtpd[${7000 + n}]: NOQUEUE: reject: RCPT from ${clients[n % 4]}: 554 5.7.1 <r${n}@x.example>: Relay access denied; from=<s${n}@y.example> to=<r${n}@x.example> proto=ESMTP helo=<h>`);
  }
  // The same reply to another command: the same row (a row is its reply), counted apart in the lines read.
  lines.push('Nov 28 10:02:00 mx postfix/smtpd[7100]: NOQUEUE: reject: MAIL from unknown[192.0.2.2]: 554 5.7.1 <r9@x.example>: Relay access denied; from=<s9@y.example> proto=ESMTP helo=<h>');
  const text = lines.join('\n') + '\n';
  const report = logReport(text, catalog, 'en');
  assert.equal(report.totals.expired, 6);
  assert.deepEqual(report.problems.expiries.map((r) => [r.count, r.enhanced, r.domains, r.lines]), [[6, '4.4.1', [{ domain: 'd.example', count: 6 }], [0, 1, 2, 3, 4, 5]]]);
  assert.deepEqual(report.problems.rejections.map((r) => [r.command, r.count, r.domains, r.lines]), [
    ['RCPT', 9, [{ domain: 'mail.one.example', count: 4 }, { domain: '192.0.2.2', count: 3 }, { domain: 'example.co.uk', count: 2 }], [6, 7, 8, 9, 10, 11, 12, 13, 14]],
  ]);
  assert.deepEqual(report, reportLineByLine(text));
});
