import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { postfixLogLines } from './generate';

const MB = 1024 * 1024;

/**
 * A generated Postfix log of `sizeMB` written once into bench/.cache and reused by later runs (the
 * same seed gives the same file): making 600 MB costs more than reading it.
 */
export function cachedPostfixLog(root: string, sizeMB: number, seed = 20261128): string {
  const dir = resolve(root, 'bench', '.cache');
  const path = resolve(dir, `postfix-${sizeMB}mb-${seed}.log`);
  if (existsSync(path) && statSync(path).size >= sizeMB * MB * 0.99) return path;
  mkdirSync(dir, { recursive: true });
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  let held: string[] = [];
  let size = 0;
  const flush = (): void => {
    writeSync(fd, held.join(''));
    held = [];
    size = 0;
  };
  postfixLogLines(sizeMB * MB, seed, (line) => {
    held.push(line, '\n');
    size += line.length + 1;
    if (size >= 4 * MB) flush();
  });
  flush();
  closeSync(fd);
  renameSync(partial, path);
  return path;
}
