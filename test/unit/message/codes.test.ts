// The cheap test codesAt runs before its full patterns: it may let a line through that holds no code,
// but it must never turn away one the full patterns find a code on, at any starting column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codesOnLine, ENHANCED_CODE, enhancedMatches, mayHoldCode, REPLY_CODE, replyMatches } from '../../../server/src/service/parse/message/codes';
import { rawView } from '../../../server/src/service/parse/message/text-view';
import { splitLines } from '../../../server/src/service/parse/transcript/lines';
import { decodeText } from '../../../server/src/text-input';
import { assertCorpusPresent, corpusRoot } from '../../helpers/corpus';

/** Where the full patterns find a reply or enhanced code on a line. */
function codeStarts(line: string): number[] {
  return [...line.matchAll(REPLY_CODE), ...line.matchAll(ENHANCED_CODE)].map((m) => m.index);
}

test('every line of every corpus bounce with a code at or after a column passes the cheap test from that column', () => {
  assertCorpusPresent();
  const dir = join(corpusRoot(), 'eml');
  let withCodes = 0;
  let refused = 0;
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
    for (const line of splitLines(decodeText(readFileSync(join(dir, name))).text)) {
      const text = line.slice(0, 4096);
      const starts = codeStarts(text);
      if (starts.length > 0) withCodes++;
      for (const from of [0, 1, 10, 30]) {
        const expected = starts.some((at) => at >= from);
        if (expected) assert.ok(mayHoldCode(text, from), `${name}: "${text}" from ${from}`);
        else if (!mayHoldCode(text, from)) refused++;
      }
    }
  }
  // The corpus has thousands of code lines, and the test spares the full patterns most other lines.
  assert.ok(withCodes > 1000, `only ${withCodes} lines with codes`);
  assert.ok(refused > 100_000, `the cheap test refused only ${refused} lines`);
});

test('the cheap test keeps no state from one line to the next, and codes after the column are still found', () => {
  assert.equal(mayHoldCode('550 5.1.1 User unknown', 0), true);
  assert.equal(mayHoldCode('no code here at all', 0), false);
  // A search that ended far into a long line does not start the next one there.
  assert.equal(mayHoldCode(`${'x'.repeat(100)} 550 5.1.1`, 0), true);
  assert.equal(mayHoldCode('550 x', 0), true);
  assert.equal(mayHoldCode('550 x', 1), false);
  assert.equal(mayHoldCode('Status: 5.1.1', 0), true);
  assert.equal(mayHoldCode('#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##', 0), true);
  assert.equal(mayHoldCode('ERROR_CODE :421, ERROR_CODE :, Host not reachable.', 0), true);
  const view = rawView(['Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>', 'Size (in bytes): 1234'], 0, 1);
  assert.deepEqual(codesOnLine(view, 0, 23).map((c) => c.code), ['550', '5.1.1']);
  assert.deepEqual(codesOnLine(view, 0, 27).map((c) => c.code), ['5.1.1']);
  assert.deepEqual(codesOnLine(view, 0, 28).map((c) => c.code), []);
  assert.deepEqual(codesOnLine(view, 1).map((c) => c.code), []);
});

/** What a match says: where it starts, what it matched, and each group. */
const described = (matches: Iterable<RegExpMatchArray>): string[] => Array.from(matches, (m) => JSON.stringify([m.index, ...m]));

test('the codes found where a code can start are those a search of the whole line finds: on every corpus line, and on made-up lines of digits, dots and punctuation', () => {
  assertCorpusPresent();
  const dir = join(corpusRoot(), 'eml');
  const lines: string[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
    for (const line of splitLines(decodeText(readFileSync(join(dir, name))).text)) lines.push(line.slice(0, 4096));
  }
  // Overlapping and adjacent shapes, the lookbehinds' contexts, and ends of lines.
  const pieces = ['5', '55', '550', '2', '4', '.', '5.1.1', '4.4.7', ' ', '-', ':', '#', '(', ')', ',', ']', 'x', 'ERROR_CODE :', 'ResponseCode ', 'Error Code ', '\t', '/', '='];
  let seed = 17;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < 20_000; i++) {
    let line = '';
    const count = 1 + (next() % 12);
    for (let k = 0; k < count; k++) line += pieces[next() % pieces.length];
    lines.push(line);
  }
  let found = 0;
  for (const line of lines) {
    const reply = described(replyMatches(line));
    assert.deepEqual(reply, described(line.matchAll(REPLY_CODE)), line);
    const enhanced = described(enhancedMatches(line));
    assert.deepEqual(enhanced, described(line.matchAll(ENHANCED_CODE)), line);
    found += reply.length + enhanced.length;
  }
  assert.ok(found > 5000, `only ${found} codes found`);
});
