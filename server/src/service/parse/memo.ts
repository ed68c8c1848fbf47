/**
 * A value worked out from an object, kept on the object itself under a private symbol: it lives and
 * dies with the object. Session objects are made and dropped by the thousand (transcript/session.ts);
 * a WeakMap keyed by such short-lived objects makes every young-generation collection walk its
 * entries, which cost more than half of a large transcript's analysis.
 */
export function memoOn<O extends object, V>(owner: O, key: symbol, compute: (owner: O) => V): V {
  const slot = owner as unknown as Record<symbol, V | undefined>;
  let value = slot[key];
  if (value === undefined) {
    value = compute(owner);
    slot[key] = value;
  }
  return value;
}

/** The value memoOn keeps on `owner` under `key`, if it worked one out: nothing is computed. */
export function memoKept<V>(owner: object, key: symbol): V | undefined {
  return (owner as Record<symbol, V | undefined>)[key];
}
