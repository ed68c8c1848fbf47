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
 * `npm run bench -- --only NAME` runs the sections whose name contains NAME (e.g. `--only streamed`):
 * the streamed reports alone take minutes. The table and bench/results.json then hold those rows only.
 */
function chosenSections(args: readonly string[]): Array<[string, () => Row[] | Promise<Row[]>]> {
  const at = args.indexOf('--only');
  if (at < 0) return sections;
  const wanted = args[at + 1];
  const chosen = wanted ? sections.filter(([name]) => name.includes(wanted)) : [];
  if (chosen.length === 0) {
    process.stderr.write(`bench: --only takes part of a section's name: ${sections.map(([name]) => name).join(', ')}\n`);
    process.exit(2);
  }
  return chosen;
}

async function main(): Promise<void> {
  for (const [name, run] of chosenSections(process.argv.slice(2))) {
    process.stderr.write(`bench: ${name}…\n`);
    rows.push(...(await run()));
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}`;
  console.log(`Machine: ${machine}\n`);
  console.log(formatTable(rows));
  writeFileSync(resolve(projectRoot(), 'bench', 'results.json'), JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2) + '\n');
}

void main();
