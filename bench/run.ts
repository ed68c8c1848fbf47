/**
 * npm run bench: speed and memory figures, each beside a baseline measured in the same run on the
 * same text. Prints a Markdown table and writes bench/results.json. It runs bundled by esbuild, as
 * the server ships: run through tsx, every import between modules becomes a getter call.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { formatTable, type Row } from './measure';
import { projectRoot } from '../test/helpers/root';
import { bounceBenchmarks } from './bounce';
import { grammarBenchmarks } from './grammar';
import { logBenchmarks } from './logs';
import { streamBenchmarks } from './stream';
import { packageBenchmarks } from './package';
import { serverBenchmarks } from './server';
import { transcriptBenchmarks } from './transcript';

const rows: Row[] = [];
const sections: Array<[string, () => Row[] | Promise<Row[]>]> = [
  ['transcripts', () => transcriptBenchmarks()],
  ['mail logs', () => logBenchmarks()],
  ['mail log reports (streamed)', () => streamBenchmarks()],
  ['bounces', () => bounceBenchmarks()],
  ['server', () => serverBenchmarks()],
  ['grammars', () => grammarBenchmarks()],
  ['package', () => packageBenchmarks()],
];

/**
 * Sections named on the command line (`npm run bench -- bounces`) run alone, for a figure measured
 * again without the rest; bench/results.json keeps only whole runs.
 */
const chosen = process.argv.slice(2);

async function main(): Promise<void> {
  const unknown = chosen.filter((name) => !sections.some(([section]) => section === name));
  if (unknown.length > 0) throw new Error(`unknown bench section ${unknown.join(', ')} (sections: ${sections.map(([name]) => name).join(', ')})`);
  const failed: string[] = [];
  for (const [name, run] of sections) {
    if (chosen.length > 0 && !chosen.includes(name)) continue;
    process.stderr.write(`bench: ${name}…\n`);
    // One section's crash must not lose the figures the others took minutes to measure.
    try {
      rows.push(...(await run()));
    } catch (error) {
      failed.push(name);
      process.stderr.write(`bench: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}`;
  console.log(`Machine: ${machine}\n`);
  console.log(formatTable(rows));
  if (failed.length > 0) {
    process.stderr.write(`bench: these sections failed and have no rows: ${failed.join(', ')}\n`);
    process.exitCode = 1;
    return;
  }
  if (chosen.length === 0) writeFileSync(resolve(projectRoot(), 'bench', 'results.json'), JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2) + '\n');
}

void main();
