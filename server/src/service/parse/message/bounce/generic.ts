import type { BounceRecipient } from '../model';
import type { TextView } from '../text-view';
import { readFacts, type TextFacts } from './facts';
import type { Notice } from './notice';
import { textRecipient } from './recipients';
import { ADDR, cleanAddress } from './text-blocks';

/**
 * The generic reader: a best guess at the failed recipients of a notice that no reader of a known
 * format claims, from the ways any MTA lists them: an address that starts a line of a list after a
 * sentence saying delivery failed ("* bob@x", "bob@x Error, ERROR_CODE :550"), an address on a line
 * that says it failed ("undeliverable to bob@x (user not found)", "553 5.3.0 <bob@x>... Mailbox
 * disabled"), and, when no address is named at all, the local names or display names listed after
 * such a sentence ("did not reach the following recipient(s):" then "Bob Smith on 14 Sep 2007").
 * Each recipient gets the reply and enhanced codes nearest its address.
 */

/** Words that say a delivery failed. */
const FAILED = /\b(?:fail(?:ed|ure|s)?|undeliver\w*|not (?:be )?delivered|could ?n[o']t (?:be )?deliver\w*|can ?n[o']t be delivered|did not reach|did not (?:exactly )?match|reject\w*|refused|denied|unknown|not found|invalid|does ?n[o']t exist|no such|not (?:a )?valid|unable to deliver|bounced?|errors?|aborted|unavailable|not accepting|over ?quota|(?:is|was) full|permanent(?:ly)?|returned)\b/i;
/** A sentence that introduces the list of failed recipients. */
const INTRO = /\b(?:recipients?|address(?:es)?|addressees?|destinations?|following)\b/i;
/** An address that starts a line, after a list bullet or number and quotes or brackets. */
const LIST_ITEM = new RegExp(`^\\s*(?:[*•\\-–]|\\d{1,3}[.)])?\\s*['"<\\[]{0,3}(${ADDR})['">\\]]{0,3}[:.,;]?(?=\\s|$)`);
/** Exim's "(generated from bob@x)" under an alias it could not name: the address the sender wrote. */
const GENERATED_FROM = new RegExp(`^\\s*\\((?:generated|expanded) from <?(${ADDR})>?\\)`);
/** Any address on a line. */
const ANY_ADDRESS = new RegExp(`(?<![\\w.+-])['"<]?(${ADDR})`, 'g');
/** Lines that quote a header or a Received trace: the addresses there are the message's, not the failed ones. */
const HEADER_LINE = /^\s*>?\s*(?:from|to|cc|bcc|reply-to|return-path|sender|received|message-id|in-reply-to|references|delivered-to|x-[\w-]+|envelope-to|by|for|id)\b\s*:?/i;
/** "Bob Smith on Fri, 14 Sep 2007 18:52:54 +0300" (Exchange), a local name, "screenname". */
const NAME_ON_DATE = /^\s*(\S.{0,80}?) on (?:\w{3},? )?\d{1,2}[ /]/;
const LOCAL_NAME = /^\s*['"]?([^\s@<>'"(),;:]{1,64})['"]?\s*(?:$|["'(])/;
/** An Internet address inside an X.400 or Exchange name ("c=US;...;dda:SMTP=bob@x;"). */
const INNER_ADDRESS = new RegExp(`(?:SMTP[=:])?(${ADDR})`, 'i');

/** Longest line looked at: a recipient line is short. */
const MAX_LINE = 512;
/** How far above a list its introducing sentence may stand. */
const INTRO_REACH = 12;
/** How many lines after an address its codes are looked for. */
const FACT_REACH = 8;
/** Most recipients a guess makes: more is a pasted list, not a bounce. */
const MAX_GUESSES = 50;

interface Found {
  address: string;
  notice: Notice;
  index: number;
  /** Columns of the address on its line. */
  start: number;
  end: number;
}

export function genericRecipients(own: readonly Notice[], delayed: boolean, exclude: ReadonlySet<string>): BounceRecipient[] {
  const found: Found[] = [];
  const seen = new Set<string>();
  const add = (item: Found): void => {
    const key = item.address.toLowerCase();
    if (seen.has(key) || exclude.has(key) || found.length >= MAX_GUESSES) return;
    seen.add(key);
    found.push(item);
  };
  for (const notice of own) {
    const { view } = notice;
    for (let i = notice.from; i <= notice.to && i < view.lines.length; i++) {
      const line = view.lines[i];
      if (line.length > MAX_LINE || !line.includes('@') || HEADER_LINE.test(line)) continue;
      const item = LIST_ITEM.exec(line) ?? GENERATED_FROM.exec(line);
      if (item && (FAILED.test(line.slice(item.index + item[0].length)) || introAbove(view, i, notice.from))) {
        const address = cleanAddress(item[1]);
        const start = line.indexOf(item[1]);
        if (address) add({ address, notice, index: i, start, end: start + item[1].length });
        continue;
      }
      // An address in a sentence that says it failed (the sentence may wrap onto the next line).
      const sentence = `${line} ${view.lines[i + 1] ?? ''}`;
      if (!FAILED.test(sentence)) continue;
      for (const m of line.matchAll(ANY_ADDRESS)) {
        const address = cleanAddress(m[1]);
        const start = m.index + m[0].length - m[1].length;
        // "mailto:" is a help address; "not accepting mail from bob@x" names the sender.
        const lead = line.slice(Math.max(0, start - 8), start).toLowerCase();
        if (address && !lead.includes('mailto:') && !/\bfrom\s+['"<]?$/.test(lead)) add({ address, notice, index: i, start, end: start + m[1].length });
      }
    }
  }
  if (found.length > 0) return found.map((f, k) => recipientAt(f, found[k + 1], delayed, found.length));
  return namedRecipients(own, delayed, exclude);
}

/** Whether a sentence above line `index` (within reach, not past `from`) introduces a list of failures. */
function introAbove(view: TextView, index: number, from: number): boolean {
  for (let i = index - 1; i >= Math.max(from, index - INTRO_REACH); i--) {
    const line = view.lines[i];
    if (FAILED.test(line) && INTRO.test(line)) return true;
  }
  return false;
}

/** A recipient with the codes nearest its address: after it up to the next recipient or blank line, else before it. */
function recipientAt(item: Found, next: Found | undefined, delayed: boolean, count: number): BounceRecipient {
  const { view } = item.notice;
  // Up to the next recipient's line, across blank lines ("Unknown user: bob@x", "", "553 5.3.0 <bob@x>...").
  const end = Math.max(item.index, Math.min(item.notice.to, item.index + FACT_REACH, next && next.notice === item.notice ? next.index - 1 : Infinity));
  // "553 5.3.0 <bob@x>... Mailbox disabled": codes before the address on its own line belong to it.
  const before = readFacts(view, item.index, item.index, 0);
  let facts: TextFacts = before.replyCode || before.status ? readFacts(view, item.index, end, 0) : readFacts(view, item.index, end, item.end);
  if (!facts.replyCode && !facts.status) {
    // Codes in the paragraph after a one-recipient notice's list ("Technical details: ... 550 5.1.1 ...").
    const after = count === 1 ? paragraphAfter(view, end, item.notice.to) : undefined;
    const more = after ? readFacts(view, after.from, after.to) : undefined;
    if (more && (more.replyCode || more.status)) facts = { ...more, diagnostic: more.diagnostic || facts.diagnostic };
  }
  if (!facts.replyCode && !facts.status) {
    // No code: the words around the address are the diagnostic ("Invalid final delivery userid: bob@x").
    const line = view.lines[item.index];
    const around = `${line.slice(0, item.start).replace(/['"<[]+$/, '')} ${line.slice(item.end).replace(/^['">\]]+/, '')}`.replace(/\s+/g, ' ').trim();
    const more = facts.diagnostic.startsWith(line.slice(item.end).trim()) ? facts.diagnostic.slice(line.slice(item.end).trim().length) : facts.diagnostic;
    facts = { ...facts, diagnostic: `${around} ${more}`.replace(/\s+/g, ' ').trim() };
  }
  const recipient = textRecipient(item.address, facts, view.lineOf(item.index), view.lineOf(end), delayed);
  recipient.addressSpan = view.span(item.index, item.start, item.end);
  return recipient;
}

/** The next paragraph after line `index` (within reach), as view lines. */
function paragraphAfter(view: TextView, index: number, to: number): { from: number; to: number } | undefined {
  let from = index + 1;
  while (from <= to && from - index <= 3 && view.lines[from]?.trim() === '') from++;
  if (from > to || from - index > 3) return undefined;
  let last = from;
  while (last + 1 <= to && last - from < FACT_REACH && view.lines[last + 1]?.trim() !== '') last++;
  return { from, to: last };
}

/**
 * Recipients a notice names without an address: the lines of the list that follows a sentence
 * introducing failed recipients and ending with a colon, each a local name ("screenname") or an
 * Exchange display name with its date.
 */
function namedRecipients(own: readonly Notice[], delayed: boolean, exclude: ReadonlySet<string>): BounceRecipient[] {
  for (const notice of own) {
    const { view } = notice;
    for (let i = notice.from; i <= notice.to && i < view.lines.length; i++) {
      const line = view.lines[i].trim();
      if (!line.endsWith(':') || !FAILED.test(line) || !INTRO.test(line) || line.length > MAX_LINE) continue;
      let k = i + 1;
      while (k <= notice.to && k - i <= 3 && view.lines[k]?.trim() === '') k++;
      const out: BounceRecipient[] = [];
      let lastDated = false;
      for (; k <= notice.to && k < view.lines.length && out.length < MAX_GUESSES; k++) {
        const text = view.lines[k];
        if (text.trim() === '' || text.length > MAX_LINE) break;
        const indented = /^\s/.test(text);
        // Exchange: "Bob Smith on <date>" then its indented explanation; elsewhere an indented list of names.
        const dated = NAME_ON_DATE.exec(text);
        if (!dated && indented && lastDated) continue;
        lastDated = dated !== null;
        const m = dated ?? (indented ? LOCAL_NAME.exec(text) : null);
        if (!m || exclude.has(m[1].toLowerCase())) break;
        const inner = INNER_ADDRESS.exec(m[1]);
        const name = (inner && cleanAddress(inner[1].replace(/;+$/, ''))) || m[1];
        if (exclude.has(name.toLowerCase())) break;
        const start = text.indexOf(inner ? inner[1] : m[1]);
        const width = inner ? inner[1].length : m[1].length;
        const facts = dated ? readFacts(view, k + 1, Math.min(notice.to, k + 3)) : readFacts(view, k, Math.min(notice.to, k + 3), start + width);
        const rest = text.slice(start + width).replace(/^["'\s]+/, '').trim();
        // Without words of its own, the item's reason is what the introducing sentence says.
        const said = facts.diagnostic && !dated ? facts : { ...facts, diagnostic: facts.diagnostic || (dated ? '' : rest) || line };
        const recipient = textRecipient(name, said, view.lineOf(k), view.lineOf(k), delayed);
        recipient.addressSpan = view.span(k, start, start + width);
        out.push(recipient);
      }
      if (out.length > 0) return out;
    }
  }
  return [];
}
