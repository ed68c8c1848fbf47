// `smtp-lens explain` and `smtp-lens compare`: output, language and exit status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../server/src/cli';
import { catalog, replyEntry, unescape } from './helpers';

function run(...args: string[]): { status: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(args, (line) => out.push(line), (line) => err.push(line));
  return { status, out: out.join('\n'), err: err.join('\n') };
}

test('explain 550 prints the Markdown entry, exit 0', () => {
  const { status, out, err } = run('explain', '550');
  assert.equal(status, 0, err);
  assert.equal(err, '');
  assert.match(out, /^# SMTP 550 /);
  assert.ok(unescape(out).includes(catalog.text(replyEntry('550').howToFix, 'en')));
  assert.match(out, /^## How to fix$/m);
});

test('explain takes a reply code and an enhanced code together, as one or two arguments', () => {
  for (const args of [['550', '5.7.26'], ['550 5.7.26']]) {
    const { status, out } = run('explain', ...args);
    assert.equal(status, 0);
    assert.match(out, /^# SMTP 550 5\\\.7\\\.26$/m);
  }
});

test('explain --lang zh-cn gives Chinese', () => {
  const { status, out } = run('explain', '5.1.1', '--lang', 'zh-cn');
  assert.equal(status, 0);
  assert.ok(out.includes(catalog.text(catalog.enhanced('5.1.1').detail!.description, 'zh-cn').slice(0, 10)));
  assert.match(out, /^## 如何修复$/m);
});

test('explain --after and code@VERB put that meaning first', (t) => {
  const etrn = catalog.replyById('251@ETRN');
  if (!etrn) return t.skip('the catalog has no 251@ETRN yet');
  for (const args of [['251', '--after', 'etrn'], ['251@ETRN']]) {
    const { status, out } = run('explain', ...args);
    assert.equal(status, 0);
    const first = out.split('\n').find((line) => line.startsWith('## 251 '));
    assert.equal(unescape(first ?? ''), `## 251 ${catalog.text(etrn.name, 'en')}`);
  }
});

test('explain: unknown or malformed codes print a clear message and exit 2', () => {
  for (const code of ['abc', '650', '5.1', '3.1.1', '5.99.1', '[x](command:evil)']) {
    const { status, out, err } = run('explain', code);
    assert.equal(status, 2, code);
    assert.equal(out, '');
    assert.match(err, /^smtp-lens: \S/, err);
    assert.ok(!err.includes('Usage:'), 'a bad code is not a usage error');
  }
  const missing = run('explain');
  assert.equal(missing.status, 2);
  assert.match(missing.err, /explain needs a code/);
  assert.equal(run('explain', '550', '--after', 'R;M').status, 2);
});

test('compare 251 334 prints the comparison page; --lang zh-cn in Chinese', () => {
  const en = run('compare', '251', '334');
  assert.equal(en.status, 0, en.err);
  assert.match(en.out, /^# SMTP 251 .+ vs 334 /);
  for (const heading of ['## Key differences', '## When to use which', '## Learn more', '### Description', '### When it occurs', '### How to fix']) {
    assert.ok(en.out.includes(`\n${heading}\n`), heading);
  }
  const zh = run('compare', '251', '334', '--lang', 'zh-cn');
  assert.equal(zh.status, 0, zh.err);
  for (const heading of ['## 主要区别', '## 何时使用哪个', '## 了解更多', '### 描述', '### 何时出现', '### 如何修复']) {
    assert.ok(zh.out.includes(`\n${heading}\n`), heading);
  }
});

test('compare 5.1.1 5.2.2 works; wrong arity or mixed kinds exit 2', () => {
  assert.equal(run('compare', '5.1.1', '5.2.2').status, 0);
  const one = run('compare', '251');
  assert.equal(one.status, 2);
  assert.match(one.err, /compare needs two codes/);
  assert.equal(run('compare', '251', '334', '550').status, 2);
  const mixed = run('compare', '251', '5.1.1');
  assert.equal(mixed.status, 2);
  assert.equal(mixed.out, '');
  assert.equal(run('compare', '251', 'nope').status, 2);
});

test('help lists explain and compare', () => {
  const { status, out } = run('--help');
  assert.equal(status, 0);
  assert.match(out, /explain CODE/);
  assert.match(out, /compare A B/);
});
