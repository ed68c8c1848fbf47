#!/usr/bin/env node
// Writes syntaxes/{smtp,eml,maillog}.tmLanguage.json from the sources in this folder.
//   node syntaxes/src/build.mjs           write the three grammars
//   node syntaxes/src/build.mjs --check   exit 1 if a written grammar differs from its source
// The JSON files are committed; edit the .mjs sources and rebuild, never the JSON by hand.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commonRepository } from './common.mjs';
import { emlGrammar } from './eml.mjs';
import { maillogGrammar } from './maillog.mjs';

function smtpGrammar() {
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'smtp',
    scopeName: 'text.smtp',
    patterns: [{ include: '#transcript' }],
    repository: commonRepository(),
  };
}

/** Drops repository entries no rule can reach, so each grammar carries only what it uses. */
function prune(grammar) {
  const repo = grammar.repository;
  const used = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    if (typeof node.include === 'string' && node.include.startsWith('#')) {
      const key = node.include.slice(1);
      if (!repo[key]) throw new Error(`${grammar.scopeName}: missing repository entry #${key}`);
      if (!used.has(key)) {
        used.add(key);
        visit(repo[key]);
      }
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'include') visit(v);
  };
  visit(grammar.patterns);
  const repository = {};
  for (const key of Object.keys(repo).sort()) if (used.has(key)) repository[key] = repo[key];
  return { ...grammar, repository };
}

export function buildGrammars() {
  return {
    'smtp.tmLanguage.json': prune(smtpGrammar()),
    'eml.tmLanguage.json': prune(emlGrammar()),
    'maillog.tmLanguage.json': prune(maillogGrammar()),
  };
}

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const [file, grammar] of Object.entries(buildGrammars())) {
  const path = join(outDir, file);
  const text = JSON.stringify(grammar, null, 2) + '\n';
  if (check) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = '';
    }
    if (current !== text) {
      console.error(`${file} is out of date: run node syntaxes/src/build.mjs`);
      stale++;
    }
  } else {
    writeFileSync(path, text);
    console.log(`wrote syntaxes/${file}`);
  }
}
process.exit(stale ? 1 : 0);
