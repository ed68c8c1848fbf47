/**
 * Short forms of catalog prose for hovers. A hover has room for a few lines (VS Code gives it about
 * 250 pixels before it scrolls), so it shows the first sentences of a text that fit a budget of
 * columns, and the whole text stays on the Explain page one link away.
 */
import { displayWidth } from '../report/text';

/**
 * Budgets in display columns. A hover is about 95 columns wide in VS Code: two lines for what a reply
 * means and two for what to do leave room for the heading, what it answered, the links, and a
 * problem's message above them, within VS Code's 250-pixel hover.
 */
export const MEANING_COLUMNS = 180;
export const WHAT_TO_DO_COLUMNS = 180;

/**
 * Where sentences end: ". ", "! ", "? " before something that is not a lower-case word (so "e.g. a"
 * and "i.e. the" go on), and the Chinese full stop, exclamation and question marks.
 */
const SENTENCE_END = /[.!?](?=\s+[^a-z\s]|\s*$)|[。！？]/g;

/** Where a clause of a long sentence ends: a semicolon, English or Chinese. */
const CLAUSE_END = /;(?=\s)|；/g;

/** The first sentence of a catalog text (English or Chinese punctuation), or all of it. */
export function firstSentence(text: string): string {
  return leadingSentences(text, 0).text;
}

/**
 * The longest run of whole leading sentences of `text` that fits in `columns` display columns (a CJK
 * character takes two), at least the first sentence; `clipped` says whether anything was left out.
 */
export function leadingSentences(text: string, columns: number): { text: string; clipped: boolean } {
  const whole = text.trim();
  const ends = [...Array.from(whole.matchAll(SENTENCE_END), (m) => m.index + m[0].length), whole.length];
  let end = 0;
  for (const next of ends) {
    if (next <= end) continue;
    if (end > 0 && displayWidth(whole.slice(0, next)) > columns) break;
    end = next;
  }
  if (displayWidth(whole.slice(0, end)) > columns) {
    // A first sentence over the budget: its leading clauses ("…; …", "…；…") when they fit.
    const clause = Array.from(whole.slice(0, end).matchAll(CLAUSE_END), (m) => m.index + m[0].length)
      .filter((at) => displayWidth(whole.slice(0, at)) <= columns).at(-1);
    if (clause !== undefined) end = clause;
  }
  return { text: whole.slice(0, end).trim(), clipped: end < whole.length };
}

/**
 * A catalog text cut to its leading sentences within `columns`, with "…" when something was left
 * out. A first sentence longer than the budget is cut after a clause (a semicolon) that fits, or
 * else kept whole: cutting inside a clause could change what it says.
 */
export function brief(text: string, columns: number): string {
  const { text: lead, clipped } = leadingSentences(text, columns);
  return clipped ? `${lead} …` : lead;
}
