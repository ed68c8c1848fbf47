import type { Catalog } from '../../catalog';

/** Entries past which a memo starts over: a log repeats a few hundred reasons, not millions. */
const LIMIT = 4096;

/**
 * Answers remembered per catalog and language by a string key, for what the rules say again and
 * again about the same reply (its meaning, the blocklist its text names, the text quoted): a
 * 100 MB log has tens of thousands of findings and a few hundred distinct reasons.
 */
export class Memo<V> {
  private readonly byCatalog = new WeakMap<Catalog, Map<string, Map<string, V>>>();

  get(catalog: Catalog, lang: string, key: string, make: () => V): V {
    let byLanguage = this.byCatalog.get(catalog);
    if (!byLanguage) {
      byLanguage = new Map();
      this.byCatalog.set(catalog, byLanguage);
    }
    let map = byLanguage.get(lang);
    if (!map) {
      map = new Map();
      byLanguage.set(lang, map);
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
