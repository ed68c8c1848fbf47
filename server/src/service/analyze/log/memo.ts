import type { Catalog, Language } from '../../catalog';

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

/** A place in a message template: the argument it takes, and its text as written, kept when the argument is missing. */
interface Slot {
  index: number;
  written: string;
}

const templates = new Memo<ReadonlyArray<string | Slot>>();

/** The template of a catalog message split at its {n} places, once per key and language. */
function template(catalog: Catalog, lang: Language, key: string): ReadonlyArray<string | Slot> {
  return templates.get(catalog, lang, key, () => {
    // Without arguments the catalog gives the template with its places as written.
    const text = catalog.message(key, lang);
    const parts: Array<string | Slot> = [];
    const place = /\{(\d+)\}/g;
    let last = 0;
    for (let m = place.exec(text); m; m = place.exec(text)) {
      if (m.index > last) parts.push(text.slice(last, m.index));
      parts.push({ index: Number(m[1]), written: m[0] });
      last = m.index + m[0].length;
    }
    if (last < text.length) parts.push(text.slice(last));
    return parts;
  });
}

/**
 * catalog.message(key, lang, ...args), with the template parsed once: the same text, for the
 * tens of thousands of findings a large log gives.
 */
export function formatMessage(catalog: Catalog, lang: Language, key: string, ...args: Array<string | number>): string {
  let out = '';
  for (const part of template(catalog, lang, key)) {
    if (typeof part === 'string') out += part;
    else {
      const value = args[part.index];
      out += value === undefined ? part.written : String(value);
    }
  }
  return out;
}
