import { columnsOf, verbs, type Command, type Session, type SessionColumns } from '../parse';
import { replyTextStart, replyTextStartIn } from '../parse/transcript/reply-line';
import { INFO_CONTINUATION } from '../parse/transcript/store';
import { capabilitiesOf, capabilitiesOfTexts, oneLineKeywordTexts } from '../parse/transcript/views';
import { memoOn } from '../parse/memo';

/** What the server had advertised when a command was sent: the last successful EHLO before it. */
export interface CapabilitiesAt {
  keywords: Map<string, string[]>;
  /** The document line of the EHLO reply they came from. */
  line: number;
}

export function capabilitiesAt(session: Session, command: Command): CapabilitiesAt | undefined {
  return capabilitiesBefore(session, command.index);
}

/** The same for a command by its number in the store. */
export function capabilitiesBefore(session: Session, command: number): CapabilitiesAt | undefined {
  let found: CapabilitiesAt | undefined;
  for (const change of timeline(session)) {
    if (change.from > command) break;
    found = change.capabilities;
  }
  return found;
}

/**
 * capabilitiesBefore for the commands of one session asked in increasing order, as a rule walks them:
 * the session's timeline is looked up once and walked once, not again from its start for each command.
 */
export class CapabilitiesCursor {
  private readonly changes: CapabilityChange[];
  private next = 0;
  private found: CapabilitiesAt | undefined;

  constructor(session: Session) {
    this.changes = timeline(session);
  }

  /** What capabilitiesBefore(session, command) answers; `command` is never below the one asked before. */
  before(command: number): CapabilitiesAt | undefined {
    while (this.next < this.changes.length && this.changes[this.next].from <= command) this.found = this.changes[this.next++].capabilities;
    return this.found;
  }
}

/** Where in a session the advertised capabilities change: each EHLO reply, and STARTTLS forgetting them. */
interface CapabilityChange {
  /** Index of the first command it applies to. */
  from: number;
  capabilities?: CapabilitiesAt;
}

/**
 * Kept with the session's objects, not the session: a large document's sessions let their objects
 * go when unused (parse/transcript/session.ts), and the timeline, which holds replies, goes with them.
 */
const TIMELINE = Symbol('capability timeline');

/** Built once per session from the command columns: only the EHLO replies become objects, parsed once. */
function timeline(session: Session): CapabilityChange[] {
  const columns = columnsOf(session);
  return memoOn(columns.objects, TIMELINE, () => {
    const changes: CapabilityChange[] = [];
    for (let c = columns.firstCommand; c < columns.commandEnd; c++) {
      const verb = columns.verb(c);
      if (verb === verbs.STARTTLS && columns.replyCount(c) > 0 && columns.code(columns.store.commandFirstReply[c]) === 220) changes.push({ from: c + 1 });
      if (verb !== verbs.EHLO && verb !== verbs.LHLO) continue;
      const last = columns.lastReply(c);
      const code = last < 0 ? 0 : columns.code(last);
      if (code < 200 || code >= 300) continue;
      changes.push({ from: c + 1, capabilities: { keywords: advertised(columns, last), line: columns.replyLine(last) } });
    }
    return changes;
  });
}

/** The keywords an EHLO reply advertised, read from its lines' texts (from the object when a line was wrapped). */
function advertised(columns: SessionColumns, reply: number): Map<string, string[]> {
  const entries = columns.replyLineEntries(reply);
  for (let i = 1; i < entries.length; i++) {
    const e = entries[i];
    if (e + 1 < columns.entryEnd && (columns.store.entryInfo[e + 1] & INFO_CONTINUATION) !== 0) return capabilitiesOf(columns.reply(reply));
  }
  // A server answers every EHLO alike: its keywords are read once per document, and shared (read only).
  // The reply read last is compared first, where its lines stand: sessions with the same server tend
  // to follow one another, and most EHLO replies then make no string at all.
  const known = memoOn(columns.store, KEYWORDS_BY_TEXT, newKnownKeywords);
  // (A one-line reply has no lines after its first to compare: its keywords, if any, are on that line.)
  if (known.last && entries.length > 1 && sameAsLast(columns, entries, known.lastTexts)) return known.last;
  const texts: string[] = [];
  for (let i = 1; i < entries.length; i++) {
    const text = columns.text(entries[i]);
    texts.push(text.slice(replyTextStart(text)));
  }
  if (entries.length === 1) {
    const text = columns.text(entries[0]);
    texts.push(...oneLineKeywordTexts(text.slice(replyTextStart(text))));
  }
  const key = texts.join('\n');
  let keywords = known.byText.get(key);
  if (!keywords) {
    keywords = capabilitiesOfTexts(texts);
    known.byText.set(key, keywords);
  }
  known.lastTexts = texts;
  known.last = keywords;
  return keywords;
}

const KEYWORDS_BY_TEXT = Symbol('EHLO keywords by the text of the reply');

/** The EHLO keywords of a store read so far (see advertised()); a function made once, not for each EHLO reply. */
function newKnownKeywords(): { byText: Map<string, Map<string, string[]>>; lastTexts: string[]; last: Map<string, string[]> | undefined } {
  return { byText: new Map(), lastTexts: [], last: undefined };
}

/** Whether the texts of an EHLO reply's lines after the first (after their codes) are `last`, in order. */
function sameAsLast(columns: SessionColumns, entries: readonly number[], last: readonly string[]): boolean {
  if (entries.length - 1 !== last.length) return false;
  for (let i = 1; i < entries.length; i++) if (!columns.store.readEntryText(entries[i], isReplyText, last[i - 1])) return false;
  return true;
}

/** Whether the reply line [from, to) of `s` reads `expected` after its code. */
function isReplyText(s: string, from: number, to: number, expected: string): boolean {
  const start = replyTextStartIn(s, from, to);
  return to - start === expected.length && s.startsWith(expected, start);
}

/** The AUTH mechanisms an EHLO reply offered ("AUTH PLAIN LOGIN" and the old "AUTH=LOGIN" form). */
export function advertisedMechanisms(caps: CapabilitiesAt): string[] {
  // Kept on the keywords, which every session of a server shares (see advertised()): read only.
  return memoOn(caps.keywords, MECHANISMS, readMechanisms);
}

const MECHANISMS = Symbol('AUTH mechanisms advertised');

function readMechanisms(keywords: Map<string, string[]>): string[] {
  return [...keywords.entries()]
    .filter(([keyword]) => keyword === 'AUTH' || keyword.startsWith('AUTH='))
    .flatMap(([keyword, params]) => (keyword === 'AUTH' ? params : [keyword.slice(5), ...params]))
    .map((m) => m.toUpperCase())
    .filter((m, i, all) => m !== '' && all.indexOf(m) === i);
}
