import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { random } from './generate';
import type { Row } from './measure';
import { projectRoot } from '../test/helpers/root';

const ROOT = projectRoot();

/**
 * 1,000 bounce files made from the shared corpus's real bounces, picked with a seed, each with its
 * recipient addresses renamed so no two files are the same text.
 */
function makeBounces(count: number, seed: number): string | undefined {
  const corpus = resolve(ROOT, '..', 'shared', 'corpus', 'eml');
  if (!existsSync(corpus)) return undefined;
  const sources = readdirSync(corpus).filter((f) => f.endsWith('.eml')).sort();
  const rnd = random(seed);
  const dir = join(tmpdir(), `smtp-lens-bench-bounces-${seed}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const source = sources[Math.floor(rnd() * sources.length)];
    const text = readFileSync(join(corpus, source), 'latin1').replace(/([A-Za-z0-9._-]+)@(example\.[a-z.]+)/g, (_, user: string, domain: string) => `${user}${i}@${domain}`);
    writeFileSync(join(dir, `${String(i).padStart(4, '0')}.eml`), text, 'latin1');
  }
  return dir;
}

/** How many times each run is timed; the best is kept (the least disturbed by the rest of the machine). */
const RUNS = 5;

/** Best wall time in milliseconds of a command, its output read and dropped as a pipe reader would. */
function timeRun(command: string, args: readonly string[], runs = RUNS): number {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const run = spawnSync(command, args, { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
    const ms = performance.now() - start;
    if (run.error) throw run.error;
    fastest = Math.min(fastest, ms);
  }
  return fastest;
}

/** A tool's figures: a run over every file, and one over a single file, which is mostly process start. */
interface ToolTimes {
  allMs: number;
  oneMs: number;
}

/** Messages per second once started: the time the other files add to a one-file run. */
function steadyRate(times: ToolTimes, count: number): number {
  return (count - 1) / (Math.max(times.allMs - times.oneMs, 1e-3) / 1000);
}

function microseconds(rate: number): string {
  return `${(1e6 / rate).toFixed(0)} µs/message`;
}

/** Messages per second that the files of a larger run add to a smaller one's: the rate once warmed up. */
function marginalRate(smallMs: number, largeMs: number, small: number, large: number): number {
  return (large - small) / (Math.max(largeMs - smallMs, 1e-3) / 1000);
}

/** The larger run of the marginal row: its first files are the 1,000 of the main row (same seed). */
const LARGE = 4000;
/** The larger runs take seconds each (Sisimai's about ten): timed fewer times. */
const LARGE_RUNS = 3;

/**
 * `smtp-lens bounce` over 1,000 bounces against Sisimai (Debian's libsisimai-perl) on the same files,
 * both measured in this run, one thread each (smtp-lens starts no worker). The main row is the
 * steady-state rate, which leaves process start out (Node.js loading the CLI and its catalog,
 * Perl loading Sisimai); the second counts it in, as one command over the directory does; the third
 * is the rate once both are warmed up (a 4,000-file run minus the 1,000-file run), which leaves out
 * what the main row still holds of Node.js compiling the reader's functions and patterns on first use.
 */
export function bounceBenchmarks(count = 1000): Row[] {
  const dir = makeBounces(count, 42);
  if (!dir) return [{ name: 'bounce classification (shared corpus not found)', value: 0, unit: '' }];
  const files = readdirSync(dir).sort().map((f) => join(dir, f));
  const cli = join(ROOT, 'dist', 'cli.js');
  const ours = (paths: readonly string[]): number => timeRun(process.execPath, [cli, 'bounce', ...paths]);
  const perl = spawnSync('perl', ['-MSisimai', '-e', '1']);
  if (perl.status !== 0) {
    const times = { allMs: ours([dir]), oneMs: ours([files[0]]) };
    rmSync(dir, { recursive: true, force: true });
    return [{ name: `smtp-lens bounce, ${count} files, steady state (Sisimai not installed: apt-get install libsisimai-perl)`, value: steadyRate(times, count), unit: 'messages/s' }];
  }
  const script = join(ROOT, 'scripts', 'sisimai-verdicts.pl');
  const theirs = (paths: readonly string[]): number => timeRun('perl', [script, ...paths]);
  const oursTimes: ToolTimes = { allMs: ours([dir]), oneMs: ours([files[0]]) };
  const theirTimes: ToolTimes = { allMs: theirs(files), oneMs: theirs([files[0]]) };
  rmSync(dir, { recursive: true, force: true });
  const oursRate = steadyRate(oursTimes, count);
  const theirRate = steadyRate(theirTimes, count);
  const steadyRatio = oursRate / theirRate;
  const startedRatio = theirTimes.allMs / oursTimes.allMs;
  // The main row's steady state still holds Node.js's warm-up (functions and patterns compiled as
  // they are first used, most of them within the first thousand messages); Perl compiles Sisimai's
  // at start. The rate the files of a larger run add to the 1,000-file run leaves both starts out.
  const large = makeBounces(LARGE, 42)!;
  const largeFiles = readdirSync(large).sort().map((f) => join(large, f));
  const oursLargeMs = timeRun(process.execPath, [cli, 'bounce', large], LARGE_RUNS);
  const theirLargeMs = timeRun('perl', [script, ...largeFiles], LARGE_RUNS);
  rmSync(large, { recursive: true, force: true });
  const oursMarginal = marginalRate(oursTimes.allMs, oursLargeMs, count, LARGE);
  const theirMarginal = marginalRate(theirTimes.allMs, theirLargeMs, count, LARGE);
  return [
    {
      name: `smtp-lens bounce over ${count} real bounces, steady state (${count}-file run minus 1-file run, 1 thread): ${microseconds(oursRate)} vs ${microseconds(theirRate)}`,
      value: oursRate, unit: 'messages/s',
      baseline: { name: 'Sisimai (libsisimai-perl) on the same files, steady state', value: theirRate, unit: 'messages/s' },
      ratio: steadyRatio, target: '≥ 10× Sisimai', met: steadyRatio >= 10,
    },
    {
      name: `smtp-lens bounce over ${count} real bounces, process start included (${oursTimes.allMs.toFixed(0)} ms vs ${theirTimes.allMs.toFixed(0)} ms; 1 file: ${oursTimes.oneMs.toFixed(0)} ms vs ${theirTimes.oneMs.toFixed(0)} ms)`,
      value: count / (oursTimes.allMs / 1000), unit: 'messages/s',
      baseline: { name: 'Sisimai (libsisimai-perl) on the same files, process start included', value: count / (theirTimes.allMs / 1000), unit: 'messages/s' },
      ratio: startedRatio,
    },
    {
      name: `smtp-lens bounce, marginal rate from ${count} to ${LARGE} real bounces (${LARGE}-file run minus ${count}-file run, 1 thread; start and warm-up left out): ${microseconds(oursMarginal)} vs ${microseconds(theirMarginal)}`,
      value: oursMarginal, unit: 'messages/s',
      baseline: { name: `Sisimai (libsisimai-perl) on the same files, ${LARGE}-file run minus ${count}-file run`, value: theirMarginal, unit: 'messages/s' },
      ratio: oursMarginal / theirMarginal,
    },
  ];
}
