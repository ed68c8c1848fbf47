import type { Catalog } from '../../catalog';
import { memoOn } from '../../parse/memo';

/** Entries past which a memo starts over: a log repeats a few hundred reasons, not millions. */
const LIMIT = 4096;

/**
 * Answers remembered per catalog and language by a string key, for what the rules say again and
 * again about the same reply (its meaning, the blocklist its text names, the text quoted): a
 * 100 MB log has tens of thousands of findings and a few hundred distinct reasons.
 */
export class Memo<V> {
  /** Where the answers are kept on each catalog: they live as long as it (the language service's). */
  private readonly slot = Symbol('memo');

  get(catalog: Catalog, lang: string, key: string, make: () => V): V {
    const byLanguage = memoOn(catalog, this.slot, () => new Map<string, Map<string, V>>());
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
