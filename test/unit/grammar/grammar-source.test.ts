// The grammar files against their sources and their documentation: the JSON is what
// syntaxes/src builds, package.json and the grammars agree on scope names, and syntaxes/README.md
// documents exactly the scopes the grammars emit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, grammarContributions } from './textmate';

function emittedScopes(): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  for (const g of grammarContributions()) {
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'name' || key === 'contentName') && typeof value === 'string') {
          for (const scope of value.split(/\s+/)) {
            if (!used.has(scope)) used.set(scope, new Set());
            used.get(scope)?.add(g.scopeName);
          }
        } else {
          walk(value);
        }
      }
    };
    const grammar = JSON.parse(readFileSync(g.path, 'utf8')) as { repository?: unknown; patterns?: unknown };
    walk(grammar.patterns);
    walk(grammar.repository);
  }
  return used;
}

test('the grammar JSON files are what syntaxes/src builds', () => {
  const result = spawnSync(process.execPath, [join(ROOT, 'syntaxes', 'src', 'build.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(result.status, 0, `${result.stderr}${result.stdout}\nrun: node syntaxes/src/build.mjs`);
});

test('package.json and the grammar files agree on scope names, and each grammar has a language configuration', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { languages: { id: string; configuration?: string }[] };
  };
  const contributions = grammarContributions();
  assert.deepEqual(contributions.map((c) => c.scopeName).sort(), ['text.eml', 'text.maillog', 'text.smtp']);
  for (const c of contributions) {
    const grammar = JSON.parse(readFileSync(c.path, 'utf8')) as { scopeName: string };
    assert.equal(grammar.scopeName, c.scopeName, c.path);
    const language = manifest.contributes.languages.find((l) => l.id === c.language);
    assert.ok(language?.configuration, `language ${c.language} has no configuration`);
  }
});

test('every scope name ends with the format it belongs to', () => {
  for (const scope of emittedScopes().keys()) {
    assert.match(scope, /^[a-z]+(\.[a-z0-9-]+)+\.(smtp|eml|maillog)$/, scope);
  }
});

test('captures re-tokenized with patterns only occur in rules anchored at the start of the line', () => {
  // vscode-textmate re-tokenizes such a capture on a copy of the line up to the capture's end: cheap
  // for a line prefix, quadratic for a rule that can match many times along a long line
  const offenders: string[] = [];
  for (const g of grammarContributions()) {
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[${i}]`));
      if (!node || typeof node !== 'object') return;
      const rule = node as Record<string, unknown>;
      for (const [capturesKey, regexKey] of [
        ['captures', 'match'],
        ['beginCaptures', 'begin'],
        ['endCaptures', 'end'],
      ]) {
        const captures = rule[capturesKey] as Record<string, { patterns?: unknown }> | undefined;
        const regex = (rule[regexKey] ?? rule.begin) as string | undefined;
        if (captures && Object.values(captures).some((c) => c.patterns) && !/^(?:\(\?:)*\^/.test(regex ?? '')) {
          offenders.push(`${g.scopeName} ${path}.${capturesKey}`);
        }
      }
      for (const [key, value] of Object.entries(rule)) walk(value, `${path}.${key}`);
    };
    walk(JSON.parse(readFileSync(g.path, 'utf8')), '$');
  }
  assert.deepEqual(offenders, []);
});

test('syntaxes/README.md documents exactly the scopes the grammars emit', () => {
  const readme = readFileSync(join(ROOT, 'syntaxes', 'README.md'), 'utf8');
  const tables = readme.slice(readme.indexOf('## Scope names'), readme.indexOf('## Language configurations'));
  const documented = new Set([...tables.matchAll(/`([a-z]+(?:\.[a-z0-9-]+)+\.(?:smtp|eml|maillog))`/g)].map((m) => m[1]));
  const emitted = emittedScopes();
  const undocumented = [...emitted.keys()].filter((s) => !documented.has(s)).sort();
  const unused = [...documented].filter((s) => !emitted.has(s)).sort();
  assert.deepEqual(undocumented, [], 'scopes the grammars emit but README.md does not list');
  assert.deepEqual(unused, [], 'scopes README.md lists but no grammar emits');
});
