// ReDoS safety of the TextMate grammars and of the language configurations' word patterns.
//
// Every `match`, `begin`, `end` and `while` regex of every contributed grammar, and every
// `wordPattern`, goes through recheck (https://makenowjust-labs.github.io/recheck/) and must come
// back `safe`. The grammars are written in Oniguruma syntax; regexes.ts rewrites the few
// Oniguruma-only constructs they use (\G, (?i:...), back-references in `end`) into their JavaScript
// equivalents first. A regex recheck cannot analyse comes back `unknown` and fails the test: the
// grammar must then be changed to avoid the construct, not the test loosened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { check, type Diagnostics, type Parameters } from 'recheck';
import { collectGrammarRegexes, collectWordPatterns, toJavaScript, type GrammarRegex } from './regexes';

// A fixed seed and no wall-clock limits on the fuzzer's attack runs: the verdict depends only on the
// regex, not on how busy the machine is (with wall-clock limits, a loaded CI box can make a safe
// regex look slow). The overall timeout only turns a runaway analysis into `unknown` (a failure).
const PARAMS: Parameters = { randomSeed: 5321, attackTimeout: null, incubationTimeout: null, timeout: 120_000 };

async function checkAll(regexes: GrammarRegex[]): Promise<{ regex: GrammarRegex; result: Diagnostics }[]> {
  // one check per distinct (JavaScript) regex; the grammars repeat many of theirs
  const unique = new Map<string, GrammarRegex>();
  for (const r of regexes) {
    const js = toJavaScript(r.source, r.kind);
    const key = `${js.flags}/${js.source}`;
    if (!unique.has(key)) unique.set(key, r);
  }
  const queue = [...unique.values()];
  const results: { regex: GrammarRegex; result: Diagnostics }[] = [];
  // several checks in flight keep the checker busy; verdicts do not depend on timing (see PARAMS)
  const workers = Math.max(4, Math.min(8, availableParallelism()));
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        const js = toJavaScript(r.source, r.kind);
        results.push({ regex: r, result: await check(js.source, js.flags, PARAMS) });
      }
    }),
  );
  return results;
}

function describeResult({ regex, result }: { regex: GrammarRegex; result: Diagnostics }): string {
  let detail = '';
  if (result.status === 'vulnerable') {
    detail = `${result.complexity.type}${result.complexity.type === 'polynomial' ? ` (degree ${result.complexity.degree})` : ''}, attack ${result.attack.pattern}`;
  } else if (result.status === 'unknown') {
    detail = `${result.error.kind}${'message' in result.error ? `: ${result.error.message}` : ''}`;
  }
  return `${regex.where}: ${result.status} ${detail}\n    ${regex.source}`;
}

test('the checker works: it flags known-vulnerable regexes and passes a safe one', async () => {
  const exponential = await check('^(a+)+$', '', PARAMS);
  assert.equal(exponential.status, 'vulnerable');
  assert.equal(exponential.status === 'vulnerable' && exponential.complexity.type, 'exponential');
  // the classic unanchored "word run then a literal that never comes" is quadratic
  const polynomial = await check('[\\w.]+@[\\w.]+', '', PARAMS);
  assert.equal(polynomial.status, 'vulnerable');
  const safe = await check('^[2-5]\\d\\d(?:-| |$)', '', PARAMS);
  assert.equal(safe.status, 'safe');
});

test('Oniguruma constructs are rewritten into JavaScript before checking', () => {
  assert.deepEqual(toJavaScript('\\G[ \\t]*(?i:DATA)\\b', 'match'), { source: '^[ \\t]*(?:DATA)\\b', flags: 'i' });
  assert.deepEqual(toJavaScript("(\\3)|$", 'end'), { source: '([^\\n])|$', flags: '' });
  assert.deepEqual(toJavaScript('[\\G]', 'match'), { source: '[\\G]', flags: '' });
  // and what comes out is a valid JavaScript regex for every grammar regex
  for (const r of [...collectGrammarRegexes(), ...collectWordPatterns()]) {
    const js = toJavaScript(r.source, r.kind);
    assert.doesNotThrow(() => new RegExp(js.source, js.flags), `${r.where}: ${js.source}`);
  }
});

test('every grammar regex and word pattern is ReDoS-safe', async () => {
  const regexes = [...collectGrammarRegexes(), ...collectWordPatterns()];
  assert.ok(regexes.length > 100, `expected the grammars' regexes, found ${regexes.length}`);
  const results = await checkAll(regexes);
  const bad = results.filter((r) => r.result.status !== 'safe');
  assert.deepEqual(bad.map(describeResult), [], `${bad.length} of ${results.length} distinct regexes are not safe`);
});
