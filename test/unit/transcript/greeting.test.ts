import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diagnostics, readTranscript } from '../../../server/src/service';
import type { TranscriptModel } from '../../../server/src/service/parse/model';
import { rereadTranscript } from '../../../server/src/service/parse/transcript/incremental';
import { catalog, open, options } from '../../helpers/documents';
import { corpusDir, fixturesDir, hasCorpus } from './helpers';

/** "line id" of each finding, lines 1-based. */
function findingIds(text: string): string[] {
  return diagnostics(open(text).model, catalog, options()).map((d) => `${d.range.start.line + 1} ${String(d.code)}`);
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle));
}

test('a capture cut short, then the next connection: the new 220 opens a new session', () => {
  const model = readTranscript(['S: 220 a.example ESMTP', 'C: EHLO x', 'S: 250 a', 'C: MAIL FROM:<a@x>', 'C: RCPT TO:<b@y>', 'S: 220 b.example ESMTP', 'C: EHLO x', 'S: 250 b'].join('\n'));
  assert.equal(model.sessions.length, 2);
  assert.equal(model.sessions[0].commands.at(-1)?.replies.length, 0, 'the cut-off RCPT has no reply');
  assert.equal(model.sessions[1].replies[0].answers, 'connection');
});

test('220 answering STARTTLS or XCLIENT, or a greeting after a PROXY header, stays in the session', () => {
  for (const verb of ['STARTTLS', 'XCLIENT NAME=x']) {
    const model = readTranscript(['S: 220 a.example ESMTP', 'C: EHLO x', 'S: 250 a', `C: ${verb}`, 'S: 220 go ahead'].join('\n'));
    assert.equal(model.sessions.length, 1, verb);
  }
  assert.equal(readTranscript(['C: PROXY TCP4 1.2.3.4 5.6.7.8 1 25', 'S: 220 a.example ESMTP'].join('\n')).sessions.length, 1);
});

test('ATRN (RFC 2645): after its 250 the roles turn: the customer, still marked C:, speaks as the server in a new session', () => {
  // An RFC-example transcript (test/fixtures/transcripts/README.md): no tool here speaks ATRN.
  const text = readFileSync(path.join(fixturesDir, 'rfc2645-atrn.txt'), 'utf8');
  const model = readTranscript(text);
  assert.equal(model.sessions.length, 2);
  const [provider, customer] = model.sessions;
  assert.deepEqual(provider.commands.map((c) => `${c.verb} ${c.replies.map((r) => r.code).join(',')}`), ['EHLO 250', 'AUTH 334,235', 'ATRN 250']);
  assert.equal(customer.replies[0].answers, 'connection', 'the customer\'s "C: 220" is the greeting of the turned connection');
  assert.deepEqual(customer.commands.map((c) => `${c.verb} ${c.replies.map((r) => r.code).join(',')}`), ['EHLO 250', 'MAIL 250', 'RCPT 250', 'DATA 354,250', 'QUIT 221']);
  assert.ok(customer.capabilities.has('SIZE'), 'the customer\'s EHLO reply');
  assert.equal(customer.transactions.length, 1);
  assert.equal(customer.transactions[0].verdict?.code, '250');
  assert.ok(customer.lines.filter((l) => l.text.startsWith('250 OK')).every((l) => l.direction === 'server'));
  // The customer refusing the provider's recipient is the customer's refusal, found as such.
  const refused = text.replace('C: 250 OK, recipient accepted', 'C: 550 5.1.1 no such user here');
  const found = findingIds(refused);
  assert.ok(found.includes(`${lineOf(refused, '550 5.1.1') + 1} smtp.rcpt-rejected`), found.join('\n'));
});

test('a session after ATRN is read again with its roles turned when an edit touches it (the re-read starts at the session that turned them)', () => {
  const text = readFileSync(path.join(fixturesDir, 'rfc2645-atrn.txt'), 'utf8');
  const previous = readTranscript(text);
  const line = lineOf(text, 'C: 250 OK, recipient accepted');
  const edited = text.replace('C: 250 OK, recipient accepted', 'C: 550 no such user');
  const again = rereadTranscript(previous, edited, { start: line, end: line, newLineCount: 1 });
  const shape = (m: TranscriptModel): string[] => m.sessions.flatMap((s) => s.commands.map((c) => `${s.index} ${c.verb} ${c.replies.map((r) => r.code).join(',')}`));
  assert.ok(again);
  assert.deepEqual(shape(again), shape(readTranscript(edited)));
  assert.ok(shape(again).includes('1 RCPT 550'));
});

test('XCLIENT (a real swaks run): its 220 is the new greeting in the same session, and the EHLO after it is answered again', { skip: !hasCorpus && 'no ../shared/corpus here' }, () => {
  const file = path.join(corpusDir, 'transcripts', 'swaks__exec-transactions-00300.txt');
  const model = readTranscript(readFileSync(file, 'utf8'));
  assert.equal(model.sessions.length, 1);
  const commands = model.sessions[0].commands.map((c) => `${c.verb} ${c.replies.map((r) => r.code).join(',')}`);
  assert.deepEqual(commands, ['EHLO 250', 'XCLIENT 220', 'EHLO 250', 'MAIL 250', 'RCPT 250', 'DATA 354,250', 'QUIT 221']);
  assert.equal(model.sessions[0].capabilitiesReply?.lines[0].source.line, 20, 'the capabilities are those of the EHLO after XCLIENT');
});

test('after the session ATRN turned, the provider\'s next greeting opens the next connection, with the roles as marked', () => {
  // RFC 2645: the turned session ends with QUIT and the connection; the customer then connects again.
  const text = readFileSync(path.join(fixturesDir, 'rfc2645-atrn.txt'), 'utf8');
  const again = text + '\n' + text;
  const model = readTranscript(again);
  const shape = (m: TranscriptModel): string[][] => m.sessions.map((s) => s.commands.map((c) => `${c.verb} ${c.replies.map((r) => r.code).join(',')}`));
  assert.deepEqual(shape(model), [...shape(readTranscript(text)), ...shape(readTranscript(text))]);
  assert.equal(model.sessions[2].replies[0].answers, 'connection', 'the provider\'s "P: 220" greets the second connection');
  assert.ok(model.sessions[2].lines.filter((l) => l.text.startsWith('EHLO example.org')).every((l) => l.direction === 'client'));
  assert.deepEqual(findingIds(again), []);
});
