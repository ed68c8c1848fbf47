import { readFileSync } from 'node:fs';

export const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** A copy of `data` with the value at `where` replaced, or deleted when `value` is undefined: a broken copy for schema tests. */
export function edited(data: unknown, where: Array<string | number>, value: unknown): unknown {
  const copy = structuredClone(data);
  let node = copy as Record<string | number, unknown>;
  for (const key of where.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = where[where.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}
