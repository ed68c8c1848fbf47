import type { BlocklistEntry, Catalog } from '../../catalog';
import { memoOn } from '../../parse/memo';
import { Memo } from './memo';

/** A blocklist a text names, and where: [start, end) in the text. */
export interface BlocklistMention {
  entry: BlocklistEntry;
  start: number;
  end: number;
}

interface Pattern {
  entry: BlocklistEntry;
  /** Lower case. */
  needle: string;
  /** A DNS zone (a name below it matches too) rather than a word. */
  zone: boolean;
}

const PATTERNS = Symbol('blocklist patterns');

function patterns(catalog: Catalog): Pattern[] {
  return memoOn(catalog, PATTERNS, () => {
    const list = catalog.blocklists().flatMap((entry) => [
      ...entry.zones.map((zone) => ({ entry, needle: zone.toLowerCase(), zone: true })),
      ...entry.names.map((name) => ({ entry, needle: asciiLower(name), zone: false })),
    ]);
    // Longest first, so that "sbl-xbl.spamhaus.org" wins over any shorter name inside it.
    list.sort((a, b) => b.needle.length - a.needle.length);
    return list;
  });
}

/** Lower-cases A–Z only, so that offsets in the result are offsets in the text. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/**
 * The blocklists a rejection names: DNS zones ("blocked using zen.spamhaus.org", also with a query
 * key or reversed IP before it) and names ("IP in SpamCop blacklist"), each at most once, with
 * their place in the text. Only failure texts are searched, and a log repeats them: each distinct
 * text is searched once.
 */
export function blocklistMentions(text: string, catalog: Catalog): readonly BlocklistMention[] {
  return mentions.get(catalog, '', text, () => search(text, catalog));
}

const mentions = new Memo<readonly BlocklistMention[]>();

function search(text: string, catalog: Catalog): BlocklistMention[] {
  const lower = asciiLower(text);
  const found: BlocklistMention[] = [];
  for (const { entry, needle, zone } of patterns(catalog)) {
    if (found.some((f) => f.entry === entry)) continue;
    let at = lower.indexOf(needle);
    while (at >= 0) {
      const end = at + needle.length;
      const before = at > 0 ? lower.charCodeAt(at - 1) : 0;
      const next = lower.charCodeAt(end);
      // A zone may follow a '.' (a name below it) but not a letter, digit or '-'; nothing may stick to a word.
      const startOk = zone ? !(isWordChar(before) || before === 45) : !isWordChar(before);
      const endOk = zone ? !(isWordChar(next) || next === 45 || (next === 46 && isWordChar(lower.charCodeAt(end + 1)))) : !isWordChar(next);
      if (startOk && endOk && !found.some((f) => at < f.end && end > f.start)) {
        found.push({ entry, start: at, end });
        break;
      }
      at = lower.indexOf(needle, at + 1);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
