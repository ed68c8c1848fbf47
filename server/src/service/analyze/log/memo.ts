import type { Catalog } from '../../catalog';

/** Entries past which a memo starts over: a log repeats a few hundred reasons, not millions. */
const LIMIT = 4096;

/**
 * Answers remembered per catalog by a string key, for what the rules say again and again about the
 * same reply (its meaning, the blocklist its text names): a 100 MB log has ten thousands of
 * findings and a few hundred distinct reasons.
 */
export class Memo<V> {
  private readonly byCatalog = new WeakMap<Catalog, Map<string, V>>();

  get(catalog: Catalog, key: string, make: () => V): V {
    let map = this.byCatalog.get(catalog);
    if (!map) {
      map = new Map();
      this.byCatalog.set(catalog, map);
    }
    let value = map.get(key);
    if (value === undefined) {
      value = make();
      if (map.size >= LIMIT) map.clear();
      map.set(key, value);
    }
    return value;
  }
}
