import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../helpers/root';
import { capabilitiesOf, LineEnd, type Reply } from '../../../server/src/service/parse';
import { KNOWN_VERBS, VERB_OTHER, verbNumber } from '../../../server/src/service/parse/transcript/codes';
import { memoOn } from '../../../server/src/service/parse/memo';
import { splitLines, TextLines } from '../../../server/src/service/parse/transcript/lines';
import { readTranscript } from '../../../server/src/service/parse/transcript/transcript-reader';
import { StoredSession, withScratchObjects } from '../../../server/src/service/parse/transcript/session';
import { isBlank, replyCodeAt, skipWhitespace, verbAt, verbLengthAt } from '../../../server/src/service/parse/transcript/text-scan';
import { pathStart } from '../../../server/src/service/parse/transcript/command-line';
import { CapabilitiesCursor, capabilitiesBefore } from '../../../server/src/service/analyze/capabilities';
import { transcript } from '../../../bench/generate';
import { fixture } from './helpers';

// Characters the line scanners treat specially, so random strings hit every branch.
const PIECES = fc.constantFrom('2', '5', '0', '9', '-', ' ', '\t', '\u00a0', '\u2028', '\ufeff', ':', 'a', 'Z', 'mail', 'RCPT', 'ehlo', 'StartTLS', 'xclient', 'x');
const TEXT = fc.array(PIECES, { maxLength: 8 }).map((parts) => parts.join(''));

test('the character scanners answer what the regular expressions and string methods they replace answer', () => {
  fc.assert(fc.property(TEXT, fc.nat(3), fc.nat(3), (body, before, after) => {
    // The stretch is read where it stands inside a longer string, as the reader does.
    const s = 'q'.repeat(before) + body + '!'.repeat(after);
    const from = before;
    const to = before + body.length;
    const reply = /^(\d{3})([- ]|$)/.exec(body);
    assert.equal(replyCodeAt(s, from, to), reply ? Number(reply[1]) : -1);
    const verb = /^([A-Za-z][A-Za-z-]*)(?=\s|:|$)/.exec(body);
    assert.equal(verbLengthAt(s, from, to), verb ? verb[1].length : 0);
    assert.equal(verbAt(s, from, to), verb ? verbNumber(verb[1].toUpperCase()) : -1);
    assert.equal(isBlank(s, from, to), body.trim() === '');
    assert.equal(skipWhitespace(s, from, to) - from, body.length - body.trimStart().length);
  }), { numRuns: 3000 });
});

test('the start of a MAIL or RCPT path is found where /^(?:FROM|TO)\\s*:\\s*/i finds it', () => {
  const piece = fc.constantFrom('FROM', 'from', 'fRoM', 'To', 'tO', 'FRO', 'T', ':', ' ', '\t', '\u00a0', '\u2028', '<', 'x', 'M');
  fc.assert(fc.property(fc.array(piece, { maxLength: 6 }), fc.nat(3), (parts, before) => {
    const s = 'q'.repeat(before) + parts.join('');
    const found = /^(?:FROM|TO)\s*:\s*/i.exec(s.slice(before));
    assert.equal(pathStart(s, before), found ? before + found[0].length : -1);
  }), { numRuns: 3000 });
});

test('an entry\'s text read where it stands is the text made from it: plain, CRLF, swaks and unquoted dialects', () => {
  const folder = path.join(projectRoot(), 'test', 'fixtures', 'transcripts');
  const fixtures = readdirSync(folder).filter((name) => /\.(txt|smtp|log)$/.test(name)).map((name) => readFileSync(path.join(folder, name), 'utf8'));
  assert.ok(fixtures.length > 20);
  const texts = [transcript(200_000, 3), transcript(50_000, 4).replace(/\n/g, '\r\n'), ...fixtures];
  for (const text of texts) {
    const model = readTranscript(text);
    for (const session of model.sessions) {
      const { store, ranges } = session as StoredSession;
      for (let e = ranges.firstEntry; e < ranges.entryEnd; e++) {
        assert.equal(store.readEntryText(e, (s, from, to) => s.slice(from, to), undefined), store.entryText(e));
      }
    }
  }
});

test('the capabilities cursor answers what capabilitiesBefore answers, command after command', () => {
  const model = readTranscript(transcript(300_000, 5) + 'S: 220 x\nC: EHLO a\nS: 250-x\nS: 250 SIZE 10\nC: STARTTLS\nS: 220 go\nC: MAIL FROM:<a@b>\nC: EHLO a\nS: 250 x\nC: MAIL FROM:<a@b>\n');
  let asked = 0;
  for (const session of model.sessions) {
    const { ranges } = session as StoredSession;
    const cursor = new CapabilitiesCursor(session);
    for (let c = ranges.firstCommand; c < ranges.commandEnd; c++, asked++) assert.equal(cursor.before(c), capabilitiesBefore(session, c));
  }
  assert.ok(asked > 1000);
});

test('every verb the readers know is recognised in any case; others are VERB_OTHER', () => {
  for (const verb of KNOWN_VERBS) {
    for (const written of [verb, verb.toLowerCase(), `${verb}:`, `${verb} x`]) {
      assert.equal(verbAt(written, 0, written.length), verbNumber(verb), written);
    }
  }
  assert.equal(verbAt('FROBNICATE now', 0, 14), VERB_OTHER);
  assert.equal(verbAt('250 ok', 0, 6), -1);
});

test('TextLines finds the same lines as splitting, and how each ends, in pieces of any length', () => {
  fc.assert(fc.property(fc.array(fc.constantFrom('a', 'bc', '\r\n', '\n', '\r', ''), { maxLength: 12 }), fc.constantFrom(undefined, 1, 2, 5), (parts, pieceLength) => {
    const text = parts.join('');
    const lines = TextLines.of(text, pieceLength);
    assert.equal(lines.text, text);
    assert.equal(lines.textLength, text.length);
    const split = splitLines(text);
    assert.equal(lines.length, split.length);
    const ends: LineEnd[] = [];
    for (const m of text.matchAll(/\r\n|\r|\n/g)) ends.push(m[0] === '\r\n' ? LineEnd.CRLF : m[0] === '\n' ? LineEnd.LF : LineEnd.CR);
    ends.push(LineEnd.None);
    split.forEach((line, i) => {
      assert.equal(lines.at(i), line);
      assert.equal(lines.endAt(i), ends[i]);
    });
    assert.equal(lines.at(split.length), undefined);
  }));
});

test('interleaved sessions (Exim callout inside a session) are gathered: each session keeps its own lines and commands in order', () => {
  const doc = fixture('exim-debug-callout.txt');
  const sessions = doc.model.sessions;
  assert.ok(sessions.length >= 2);
  for (const session of sessions) {
    const lines = session.lines.map((l) => l.line);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b), 'lines in document order');
    const indexes = session.commands.map((c) => c.index);
    assert.deepEqual(indexes, [...indexes].sort((a, b) => a - b), 'command indexes grow through the session');
    for (const command of session.commands) {
      assert.ok(session.lines.includes(command.source), 'a command stands on one of its session\'s lines');
      for (const reply of command.replies) assert.equal(reply.answers, command);
    }
  }
  // Two sessions overlap in the document: the callout runs while the outer session waits.
  const overlapping = sessions.some((a, i) => sessions.some((b, j) => i !== j && a.startLine < b.startLine && b.startLine < a.endLine));
  assert.ok(overlapping, 'the fixture interleaves its sessions');
});

test('a large document lets the objects of sessions it no longer shows go, and makes equal ones again on request', () => {
  const model = readTranscript(transcript(3_000_000, 5));
  const first = model.sessions[0];
  assert.ok(first instanceof StoredSession);
  const before = first.commands;
  const snapshot = JSON.stringify(first.commands.map((c) => [c.verb, c.argument, c.verbSpan, c.replies.map((r) => [r.code, r.lines.map((l) => l.text)])]));
  assert.equal(first.commands, before, 'the same objects while they are kept');
  for (const session of model.sessions) void session.lines;
  assert.notEqual(first.commands, before, 'let go after the rest of the document was shown');
  assert.equal(JSON.stringify(first.commands.map((c) => [c.verb, c.argument, c.verbSpan, c.replies.map((r) => [r.code, r.lines.map((l) => l.text)])])), snapshot);
});

test('objects made inside withScratchObjects are let go when it returns; objects made before are kept', () => {
  const model = readTranscript(transcript(20_000, 6));
  const [shown, other] = model.sessions;
  const kept = shown.commands;
  let inside: unknown;
  withScratchObjects(other, () => {
    assert.equal(shown.commands, kept, 'a session already shown keeps its objects');
    inside = other.commands;
    assert.equal(other.commands, inside, 'the same objects throughout the work');
  });
  assert.equal(shown.commands, kept);
  assert.notEqual(other.commands, inside, 'made again after the work');
  assert.deepEqual(other.commands.map((c) => c.argument), (inside as typeof other.commands).map((c) => c.argument));
});

test('EHLO keywords are split at white space and "=", and a keyword on several lines keeps every parameter', () => {
  const WORDS = fc.array(fc.constantFrom('AUTH', '=', ' ', '\t', '\u00a0', 'PLAIN', 'login', 'SIZE', '10240000', '8BITMIME', '=='), { maxLength: 8 }).map((p) => p.join(''));
  fc.assert(fc.property(fc.array(WORDS, { minLength: 1, maxLength: 4 }), (texts) => {
    const lines = ['mx.example.org', ...texts].map((text, i) => ({ text, code: '250', separator: i < texts.length ? '-' : ' ' }));
    const reply = { lines } as unknown as Reply;
    const expected = new Map<string, string[]>();
    for (const text of texts) {
      const words = text.trim().split(/[\s=]+/).filter(Boolean);
      if (words.length === 0) continue;
      const known = expected.get(words[0].toUpperCase());
      if (!known) expected.set(words[0].toUpperCase(), words.slice(1));
      else for (const word of words.slice(1)) if (!known.some((k) => k.toUpperCase() === word.toUpperCase())) known.push(word);
    }
    assert.deepEqual(capabilitiesOf(reply), expected);
  }));
});

test('memoOn works a value out once per object and keeps it with that object only', () => {
  const KEY = Symbol('test');
  let calls = 0;
  const compute = (o: { n: number }) => { calls++; return o.n * 2; };
  const a = { n: 1 };
  const b = { n: 2 };
  assert.equal(memoOn(a, KEY, compute), 2);
  assert.equal(memoOn(a, KEY, compute), 2);
  assert.equal(memoOn(b, KEY, compute), 4);
  assert.equal(calls, 2);
  assert.deepEqual(Object.keys(a), ['n'], 'the value is kept under a symbol, out of the object\'s own names');
});

test('TextLines.edited finds the same lines as reading the edited text whole', () => {
  const PIECE = fc.constantFrom('a', 'bc', '\r\n', '\n', '\r', '');
  fc.assert(fc.property(fc.array(PIECE, { maxLength: 14 }), fc.array(PIECE, { maxLength: 5 }), fc.nat(), fc.nat(), fc.constantFrom(undefined, 1, 3), (parts, inserted, a, b, pieceLength) => {
    const text = parts.join('');
    const before = TextLines.of(text, pieceLength);
    // An edit as LSP sends it: a range between two offsets, replaced by new text.
    // Never inside a CRLF: an LSP position cannot stand between its two characters.
    const outside = (offset: number) => (text[offset - 1] === '\r' && text[offset] === '\n' ? offset + 1 : offset);
    const from = outside(a % (text.length + 1));
    const to = outside(from + (b % (text.length - from + 1)));
    const lineOf = (offset: number) => splitLines(text.slice(0, offset)).length - 1;
    const insert = inserted.join('');
    const edited = text.slice(0, from) + insert + text.slice(to);
    const start = lineOf(from);
    const end = lineOf(to);
    const newLineCount = splitLines(splitLines(text.slice(0, from)).pop()! + insert + splitLines(text.slice(to))[0]).length;
    const lines = TextLines.edited(before, edited, start, end, newLineCount);
    const whole = TextLines.of(edited);
    assert.equal(lines.length, whole.length);
    assert.equal(lines.text, edited);
    for (let i = 0; i < whole.length; i++) {
      assert.equal(lines.at(i), whole.at(i));
      assert.equal(lines.endAt(i), whole.endAt(i));
    }
  }), { numRuns: 3000 });
});
