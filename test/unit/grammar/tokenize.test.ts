// The grammars under the real engine (vscode-textmate + vscode-oniguruma, as in VS Code): every regex
// compiles, a 1 MB single-line input of each kind finishes, and the realistic samples of
// syntaxes/tests/snap tokenize into the constructs they contain. No timing assertions: the point is
// that tokenizing terminates (a catastrophic regex would not), not how fast this machine is.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, loadGrammars, loadOniguruma, tokenize, type TokenizedLine } from './textmate';
import { collectGrammarRegexes } from './regexes';

const SNAP = join(ROOT, 'syntaxes', 'tests', 'snap');

/** Scope names (without the language suffix check) that occur anywhere in the tokenized lines. */
function scopesOf(lines: TokenizedLine[]): Set<string> {
  const scopes = new Set<string>();
  for (const line of lines) for (const token of line.tokens) for (const s of token.scopes) scopes.add(s);
  return scopes;
}

function assertTokenized(lines: TokenizedLine[], what: string): void {
  assert.ok(lines.length > 0, `${what}: no lines`);
  for (const [i, line] of lines.entries()) {
    assert.equal(line.stoppedEarly, false, `${what}: line ${i + 1} stopped early`);
    assert.ok(line.tokens.length > 0, `${what}: line ${i + 1} has no tokens`);
    // vscode-textmate tokenizes the line plus its "\n", so the last token ends at or after the text
    assert.ok((line.tokens.at(-1)?.endIndex ?? 0) >= line.text.length, `${what}: line ${i + 1} not covered`);
  }
}

/** About 1 MiB of one line: SMTP-ish content mixed with long runs that stress backtracking. */
function oneMegabyteLine(prefix: string): string {
  const chunk =
    '550-5.7.1 <bob.smith+tag@example.com>: host mx1.example.net[192.0.2.1]:25 said: 451 4.7.1 ' +
    '(in reply to RCPT TO command) status=deferred dsn=4.7.1 relay=mx.example.org[2001:db8::25] ' +
    '=?utf-8?B?SGVsbG8=?= "quoted \\" text" [' +
    'a'.repeat(300) +
    ' ' +
    '1.'.repeat(100) +
    ' <' +
    'x'.repeat(200) +
    ' ' +
    '\t'.repeat(50) +
    '@@@' +
    ':'.repeat(40) +
    '] ';
  let line = prefix;
  while (line.length < 1 << 20) line += chunk;
  return line;
}

test('every grammar regex compiles in Oniguruma', async () => {
  const onig = await loadOniguruma();
  for (const r of collectGrammarRegexes()) {
    assert.doesNotThrow(() => new onig.OnigScanner([r.source]), `${r.where}: ${r.source}`);
  }
});

describe('a 1 MB single line finishes and produces tokens', () => {
  const cases: [string, string][] = [
    ['text.smtp', 'S: '],
    ['text.smtp', ' -> MAIL FROM:'],
    ['text.eml', 'Diagnostic-Code: smtp; '],
    ['text.maillog', 'Oct 26 18:13:50 mx postfix/smtp[99]: 4E74613FE76: to=<a@b.example>, '],
  ];
  for (const [scope, prefix] of cases) {
    test(`${scope} after ${JSON.stringify(prefix)}`, async () => {
      const tm = await loadGrammars();
      const lines = tokenize(tm.grammar(scope), oneMegabyteLine(prefix), tm.initial);
      assert.equal(lines.length, 1);
      assertTokenized(lines, scope);
      assert.ok(lines[0].tokens.length > 1000, `only ${lines[0].tokens.length} tokens`);
    });
  }
});

/** A scope each snapshot sample must produce (one of): a smoke test; the .snap files pin the rest. */
const EXPECTED: { scope: string; dir: string; ext: string; anyOf: string[] }[] = [
  {
    scope: 'text.smtp',
    dir: 'transcripts',
    ext: '.smtp',
    anyOf: ['markup.inserted.reply-code.2xx.smtp', 'markup.deleted.reply-code.4xx.smtp', 'invalid.illegal.reply-code.5xx.smtp'],
  },
  {
    scope: 'text.maillog',
    dir: 'logs',
    ext: '.log',
    anyOf: ['comment.other.timestamp.maillog', 'variable.other.constant.queue-id.maillog'],
  },
  { scope: 'text.eml', dir: 'eml', ext: '.eml', anyOf: ['support.type.property-name.header.eml'] },
];

describe('corpus samples tokenize', () => {
  for (const { scope, dir, ext, anyOf } of EXPECTED) {
    const files = readdirSync(join(SNAP, dir)).filter((f) => f.endsWith(ext));
    test(`${dir}: ${files.length} samples with ${scope}`, async () => {
      assert.ok(files.length >= 3, `expected samples in syntaxes/tests/snap/${dir}`);
      const tm = await loadGrammars();
      for (const file of files) {
        const text = readFileSync(join(SNAP, dir, file), 'utf8');
        const lines = tokenize(tm.grammar(scope), text, tm.initial);
        assertTokenized(lines, file);
        const scopes = scopesOf(lines);
        assert.ok(anyOf.some((s) => scopes.has(s)), `${file}: none of ${anyOf.join(', ')}`);
      }
    });
  }

  test('line ends do not matter: LF, CRLF and CR-only give the same tokens', async () => {
    const tm = await loadGrammars();
    const text = readFileSync(join(SNAP, 'eml', 'bounceparser__postfix-smtp-550.msg.eml'), 'utf8').replace(/\r\n?/g, '\n');
    const shape = (lines: TokenizedLine[]) => lines.map((l) => l.tokens.map((t) => `${t.startIndex}:${t.scopes.join(' ')}`));
    const lf = shape(tokenize(tm.grammar('text.eml'), text, tm.initial));
    assert.deepEqual(shape(tokenize(tm.grammar('text.eml'), text.replace(/\n/g, '\r\n'), tm.initial)), lf);
    assert.deepEqual(shape(tokenize(tm.grammar('text.eml'), text.replace(/\n/g, '\r'), tm.initial)), lf);
  });

  test('a bounce shows its verdict: failed action, permanent status, 5xx reply', async () => {
    const tm = await loadGrammars();
    const text = readFileSync(join(SNAP, 'eml', 'bounceparser__postfix-smtp-550.msg.eml'), 'utf8');
    const scopes = scopesOf(tokenize(tm.grammar('text.eml'), text, tm.initial));
    for (const s of [
      'invalid.illegal.action.failed.eml',
      'invalid.illegal.enhanced-status.permanent.smtp',
      'invalid.illegal.reply-code.5xx.smtp',
      'keyword.control.boundary.eml',
      'support.type.property-name.dsn.eml',
    ]) {
      assert.ok(scopes.has(s), `no ${s}`);
    }
  });
});
