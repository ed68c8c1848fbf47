// The language configurations: comments, brackets, and a word pattern that keeps SMTP codes whole.
// Words are found the way VS Code finds them (hover, double-click, word-based suggestions), with
// its windowed search ported from src/vs/editor/common/core/wordHelper.ts (MIT, Microsoft).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { languageConfigurations } from './regexes';

/** VS Code's getWordAtText (default config: window 15, max length 1000), `column` is 1-based. */
function getWordAtText(column: number, wordDefinition: RegExp, text: string): string | null {
  const windowSize = 15;
  const pos = column - 1;
  let prevRegexIndex = -1;
  let match: RegExpExecArray | null = null;
  for (let i = 1; ; i++) {
    const regexIndex = pos - windowSize * i;
    wordDefinition.lastIndex = Math.max(0, regexIndex);
    const thisMatch = findRegexMatchEnclosingPosition(wordDefinition, text, pos, prevRegexIndex);
    if (!thisMatch && match) break;
    match = thisMatch;
    if (regexIndex <= 0) break;
    prevRegexIndex = regexIndex;
  }
  wordDefinition.lastIndex = 0;
  return match ? match[0] : null;
}

function findRegexMatchEnclosingPosition(wordDefinition: RegExp, text: string, pos: number, stopPos: number): RegExpExecArray | null {
  let match: RegExpExecArray | null;
  while ((match = wordDefinition.exec(text))) {
    const matchIndex = match.index || 0;
    if (matchIndex <= pos && wordDefinition.lastIndex >= pos) return match;
    if (stopPos > 0 && matchIndex > stopPos) return null;
    if (match[0].length === 0) wordDefinition.lastIndex++;
  }
  return null;
}

/** The word VS Code sees when the cursor is on the `nth` occurrence of `target` in `line`. */
function wordOn(pattern: RegExp, line: string, target: string, nth = 1, offset = 0): string | null {
  let index = -1;
  for (let i = 0; i < nth; i++) index = line.indexOf(target, index + 1);
  assert.ok(index >= 0, `"${target}" not in "${line}"`);
  return getWordAtText(index + 1 + offset, pattern, line);
}

const configs = languageConfigurations();

test('each language has a configuration with the expected comments and brackets', () => {
  const byFile = new Map(configs.map((c) => [c.file, c.config]));
  assert.deepEqual([...byFile.keys()].sort(), [
    'syntaxes/eml.language-configuration.json',
    'syntaxes/maillog.language-configuration.json',
    'syntaxes/smtp.language-configuration.json',
  ]);
  assert.equal(byFile.get('syntaxes/smtp.language-configuration.json')?.comments?.lineComment, '#');
  assert.equal(byFile.get('syntaxes/maillog.language-configuration.json')?.comments?.lineComment, '#');
  assert.equal(byFile.get('syntaxes/eml.language-configuration.json')?.comments, undefined);
  for (const { file, config } of configs) {
    assert.deepEqual(config.brackets, [['<', '>'], ['[', ']'], ['(', ')']], file);
    assert.equal(typeof config.wordPattern, 'string', file);
  }
});

for (const { file, config } of configs) {
  describe(`${file} word pattern`, () => {
    const source = config.wordPattern as string;
    // VS Code compiles it as a global regex; it must be valid with and without the unicode flag
    const pattern = new RegExp(source, 'g');
    test('compiles with the u flag too', () => assert.doesNotThrow(() => new RegExp(source, 'gu')));

    test('an enhanced status code is one word', () => {
      assert.equal(wordOn(pattern, '550 5.1.1 <bob@example.com>: user unknown', '5.1.1', 1, 2), '5.1.1');
      // inside the code (right at its first character VS Code prefers the word that ends there: 550-)
      assert.equal(wordOn(pattern, 'S: 550-5.7.26 Unauthenticated email', '5.7.26', 1, 1), '5.7.26');
      assert.equal(wordOn(pattern, 'Status: 4.4.7', '4.4.7', 1, 4), '4.4.7');
      assert.equal(wordOn(pattern, 'dsn=5.1.1, status=bounced', '5.1.1', 1, 1), '5.1.1');
      assert.equal(wordOn(pattern, 'said: 550 5.1.1.', '5.1.1', 1, 3), '5.1.1');
      assert.equal(wordOn(pattern, '(5.7.1)', '5.7.1', 1, 2), '5.7.1');
    });

    test('a reply code keeps its continuation marker', () => {
      assert.equal(wordOn(pattern, '550-5.7.26 Unauthenticated', '550', 1, 1), '550-');
      assert.equal(wordOn(pattern, '<-  250-PIPELINING', '250', 1, 0), '250-');
      assert.equal(wordOn(pattern, '<-  250-PIPELINING', 'PIPELINING', 1, 3), 'PIPELINING');
      assert.equal(wordOn(pattern, '250 OK', '250', 1, 2), '250');
    });

    test('addresses, hosts, ids and dates stay whole; IPs are not enhanced codes', () => {
      assert.equal(wordOn(pattern, 'RCPT TO:<bob.smith+tag@example.com>', 'smith', 1, 0), 'bob.smith+tag@example.com');
      assert.equal(wordOn(pattern, 'relay=mx1.example.net[192.0.2.1]:25', 'example', 1, 0), 'mx1.example.net');
      assert.equal(wordOn(pattern, 'relay=mx1.example.net[192.0.2.1]:25', '192', 1, 0), '192.0.2.1');
      assert.equal(wordOn(pattern, 'host [4.3.2.1]', '4.3.2.1', 1, 4), '4.3.2.1');
      assert.equal(wordOn(pattern, '10HmaX-000000005vi-0000 <= a@b', '5vi', 1, 0), '10HmaX-000000005vi-0000');
      assert.equal(wordOn(pattern, '1999-03-02 09:44:33 Completed', '03', 1, 0), '1999-03-02');
      assert.equal(wordOn(pattern, 'MAIL FROM:<a@b.example> SIZE=1024', 'FROM', 1, 1), 'FROM');
      assert.equal(wordOn(pattern, 'MAIL FROM:<a@b.example> SIZE=1024', '1024', 1, 1), '1024');
    });

    test('the word under the cursor does not depend on where VS Code starts its search', () => {
      const line = `${'x'.repeat(40)} host mx.example.com[203.0.113.9] said: 550-5.7.1 [203.0.113.9      12] Our system`;
      assert.equal(wordOn(pattern, line, '5.7.1', 1, 4), '5.7.1');
      assert.equal(wordOn(pattern, line, '550', 1, 2), '550-');
    });
  });
}
