import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's folder: the nearest one above `from` whose package.json is this project's. Found,
 * not counted in `..` steps, because the benchmarks run these modules bundled into one file elsewhere.
 */
export function projectRoot(from: string = typeof __dirname === 'string' ? __dirname : process.cwd()): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'smtp-lens') return dir;
    if (dirname(dir) === dir) throw new Error(`no smtp-lens package.json above ${from}`);
  }
}
