import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadGrammarFiles, grammarContributions, tokenize } from '../test/unit/grammar/textmate';
import { postfixLog, transcript } from './generate';
import { best, type Row } from './measure';
import { projectRoot } from '../test/helpers/root';

const MB = 1024 * 1024;

/** VS Code's built-in Log grammar, from the code-server that the end-to-end tests install. */
function logGrammarPath(): string | undefined {
  const script = resolve(projectRoot(), '..', 'shared', 'tools', 'install-code-server.sh');
  if (!existsSync(script)) return undefined;
  try {
    const launcher = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop() ?? '';
    const path = resolve(dirname(launcher), '..', 'code-server', 'lib', 'vscode', 'extensions', 'log', 'syntaxes', 'log.tmLanguage.json');
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Tokenizing throughput of our grammars against VS Code's Log grammar on the same text. */
export async function grammarBenchmarks(sizeMB = 2): Promise<Row[]> {
  const log = logGrammarPath();
  if (!log) return [{ name: 'tokenization (VS Code Log grammar not found: install code-server first)', value: 0, unit: '' }];
  const registry = await loadGrammarFiles([...grammarContributions(), { scopeName: 'text.log', path: log }]);
  const rows: Row[] = [];
  for (const [name, scope, text] of [
    ['transcript', 'text.smtp', transcript(sizeMB * MB, 5)],
    ['Postfix mail log', 'text.maillog', postfixLog(sizeMB * MB, 5)],
  ] as const) {
    const mb = text.length / MB;
    const ours = best(2, () => tokenize(registry.grammar(scope), text, registry.initial));
    const theirs = best(2, () => tokenize(registry.grammar('text.log'), text, registry.initial));
    const tokens = (s: string) => tokenize(registry.grammar(s), text.slice(0, 200_000), registry.initial).reduce((n, l) => n + l.tokens.length, 0);
    rows.push({
      name: `tokenizing a ${mb.toFixed(0)} MB ${name} with ${scope} (${tokens(scope)} tokens per 200 KB vs ${tokens('text.log')})`,
      value: mb / (ours / 1000), unit: 'MB/s', baseline: { name: 'VS Code Log grammar', value: mb / (theirs / 1000), unit: 'MB/s' },
      ratio: ours / theirs, target: 'no slower than the Log grammar per MB (ratio ≤ 1)', met: ours <= theirs,
    });
  }
  return rows;
}
