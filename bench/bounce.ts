import { execFileSync, spawnSync } from 'node:child_process';
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

/** `smtp-lens bounce` over 1,000 bounces against Sisimai (Debian's libsisimai-perl) on the same files. */
export function bounceBenchmarks(count = 1000): Row[] {
  const dir = makeBounces(count, 42);
  if (!dir) return [{ name: 'bounce classification (shared corpus not found)', value: 0, unit: '' }];
  const files = readdirSync(dir).map((f) => join(dir, f));
  const ours = performance.now();
  execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'bounce', dir], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  const oursMs = performance.now() - ours;
  const perl = spawnSync('perl', ['-MSisimai', '-e', '1']);
  if (perl.status !== 0) {
    return [{ name: `smtp-lens bounce, ${count} files (Sisimai not installed: apt-get install libsisimai-perl)`, value: count / (oursMs / 1000), unit: 'messages/s' }];
  }
  const theirs = performance.now();
  spawnSync('perl', [join(ROOT, 'scripts', 'sisimai-verdicts.pl'), ...files], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  const theirsMs = performance.now() - theirs;
  rmSync(dir, { recursive: true, force: true });
  const ratio = theirsMs / oursMs;
  return [{
    name: `smtp-lens bounce over ${count} real bounces (process start included)`, value: count / (oursMs / 1000), unit: 'messages/s',
    baseline: { name: 'Sisimai (libsisimai-perl) on the same files', value: count / (theirsMs / 1000), unit: 'messages/s' },
    ratio, target: '≥ 10× Sisimai', met: ratio >= 10,
  }];
}
