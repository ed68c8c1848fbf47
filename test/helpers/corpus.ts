import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { main } from '../../server/src/cli';
import { projectRoot } from './root';

/**
 * The real-world corpus and the reviewed expectation of the CLI's findings on each of its files.
 * CI lays the corpus out as `../shared/corpus` beside the checkout; `scripts/corpus-expectations.ts`
 * writes the expectations, `test/unit/corpus/` compares them with what the CLI finds now.
 */

/** The corpus folders whose every file has an expectation. */
export const CORPUS_FOLDERS = ['transcripts', 'logs', 'eml'] as const;
export type CorpusFolder = (typeof CORPUS_FOLDERS)[number];

/** Per file (path below its corpus folder), its findings as one line each, in the CLI's order. */
export type Expectations = Record<string, string[]>;

export function corpusRoot(): string {
  return join(projectRoot(), '..', 'shared', 'corpus');
}

export function expectationPath(folder: CorpusFolder): string {
  return join(projectRoot(), 'test', 'corpus', 'expected', `${folder}.json`);
}

/** Says clearly what is missing instead of comparing against nothing. */
export function assertCorpusPresent(root = corpusRoot()): void {
  const missing = CORPUS_FOLDERS.filter((folder) => !existsSync(join(root, folder)));
  if (missing.length > 0) {
    throw new Error(`the corpus is missing: expected ${CORPUS_FOLDERS.join(', ')} under ${root} (../shared/corpus beside the checkout, as CI lays it out); not found: ${missing.join(', ')}`);
  }
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

/** One finding as the expectation holds it: where it starts, how severe, its id and its message. */
interface CliProblem { line: number; column: number; severity: string; id: string; message: string }

export function findingLine(problem: CliProblem): string {
  return `${problem.line}:${problem.column} ${problem.severity} ${problem.id}: ${problem.message}`;
}

/**
 * Runs `smtp-lens check --format json` in this process on every file of a corpus folder and returns
 * its findings per file; a file the CLI refuses gets its one `unreadable:` line instead.
 */
export function currentFindings(folder: CorpusFolder, root = corpusRoot()): Expectations {
  const base = join(root, folder);
  const files = filesBelow(base);
  const out: string[] = [];
  const err: string[] = [];
  main(['check', '--format', 'json', ...files], (line) => out.push(line), (line) => err.push(line));
  const name = (path: string): string => relative(base, path).split(sep).join('/');
  const result: Expectations = {};
  for (const file of files) result[name(file)] = [];
  for (const line of err) {
    const refused = /^smtp-lens: (.+?): (.*)$/.exec(line);
    const file = refused ? files.find((candidate) => candidate === refused[1]) : undefined;
    if (!refused || file === undefined) throw new Error(`the CLI failed on the corpus: ${line}`);
    result[name(file)] = [`unreadable: ${refused[2]}`];
  }
  const report = JSON.parse(out.join('\n')) as Array<{ file: string; problems: CliProblem[] }>;
  for (const { file, problems } of report) result[name(file)] = problems.map(findingLine);
  return result;
}

/** A readable account of every difference, file by file; empty when they agree. */
export function describeDifferences(folder: CorpusFolder, expected: Expectations, actual: Expectations): string[] {
  const lines: string[] = [];
  for (const file of [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()) {
    const before = expected[file];
    const now = actual[file];
    if (before === undefined) {
      lines.push(`${folder}/${file}: no expectation (a new corpus file?)`);
      continue;
    }
    if (now === undefined) {
      lines.push(`${folder}/${file}: expected but not in the corpus`);
      continue;
    }
    if (before.join('\n') === now.join('\n')) continue;
    lines.push(`${folder}/${file}:`);
    const kept = new Set(now);
    const had = new Set(before);
    for (const finding of before) if (!kept.has(finding)) lines.push(`  - ${finding}`);
    for (const finding of now) if (!had.has(finding)) lines.push(`  + ${finding}`);
    if (lines[lines.length - 1].endsWith(':')) lines.push('  (same findings, other order)');
  }
  return lines;
}
