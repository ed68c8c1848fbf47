import type { Catalog, Language } from '../../catalog';
import type { Span } from '../../parse';
import type { LogEvent } from '../../parse/log/model';
import { blocklistMentions } from './blocklists';
import { Memo } from './memo';
import { codeName } from '../describe';
import { providerMayName } from '../../catalog/providers';

/** The span of the word that says what happened on the event's line. */
export function markSpan(event: LogEvent): Span {
  return { line: event.line, start: event.markAt, end: Math.max(event.markAt, event.markEnd) };
}

/** The enhanced status code of an event: the one in the reply, else dsn=. */
export function enhancedOf(event: LogEvent): string | undefined {
  return event.enhanced ?? event.dsn;
}

/**
 * "550 5.1.1 Bad destination mailbox address": the codes the line gives and the most specific
 * meaning the catalog has (the enhanced code's detail, else the reply code in the sense of the
 * command it answered); a word saying the log gave no code when it gave none.
 */
export function eventMeaning(event: LogEvent, catalog: Catalog, lang: Language): string {
  const enhanced = enhancedOf(event);
  // A provider's own sense of a code depends on the reply's words, so such a meaning is not kept by
  // codes like the rest; it concerns a few codes only, told by one set lookup.
  if (enhanced && event.text && providerMayName(enhanced, catalog)) return meaning(event.code, enhanced, event.command, event.text, catalog, lang);
  return meanings.get(catalog, lang, `${event.code ?? ''}\u0000${enhanced ?? ''}\u0000${event.command ?? ''}`, () => meaning(event.code, enhanced, event.command, undefined, catalog, lang));
}

const meanings = new Memo<string>();

function meaning(code: string | undefined, enhanced: string | undefined, command: string | undefined, text: string | undefined, catalog: Catalog, lang: Language): string {
  const name = codeName(catalog, code, enhanced, command, text, lang);
  const parts = [code, enhanced, name].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : catalog.message('log.noCode', lang);
}

/**
 * The event's text as one line: Exim joins the lines of a multi-line reply with a literal "\n" and
 * repeats the codes on each, which reads as noise.
 */
export function readableText(text: string | undefined): string {
  return (text ?? '').replace(/\\{1,2}n\d{3}[ -](?:[245]\.\d{1,3}\.\d{1,3} )?/g, ' ').trim();
}

/** What a finding says of an event's text. */
export interface TextNotes {
  /** The server's or the log's own words, shortened, as " — “...”" (empty when there are none). */
  quoted: string;
  /** The first blocklist the text names, and " — listed on Spamhaus ZEN" (empty when it names none). */
  blocklist?: { id: string; name: string };
  listed: string;
}

const NO_NOTES: TextNotes = { quoted: '', listed: '' };

const notes = new Memo<TextNotes>();

/** The notes on an event's text, worked out once per distinct text and language: findings repeat them. */
export function textNotes(event: LogEvent, catalog: Catalog, lang: Language): TextNotes {
  if (!event.text) return NO_NOTES;
  const raw = event.text;
  return notes.get(catalog, lang, raw, () => {
    const text = readableText(raw);
    const quoted = text === '' ? '' : catalog.message('log.quoted', lang, text.length > 120 ? `${text.slice(0, 117)}...` : text);
    const blocklist = blocklistOf(event, catalog);
    return { quoted, blocklist, listed: blocklist ? catalog.message('log.blocklisted', lang, blocklist.name) : '' };
  });
}

/** "bob@example.org", "bob@example.org, carol@example.org and 3 more". */
export function recipientList(addresses: readonly string[], catalog: Catalog, lang: Language): string {
  const shown = addresses.slice(0, 2).map((a) => (a === '' ? '<>' : a));
  if (shown.length === 0) return catalog.message('log.noRecipient', lang);
  const list = shown.join(', ');
  return addresses.length > 2 ? catalog.message('log.andMore', lang, list, addresses.length - 2) : list;
}

/** The first blocklist the event's text names, for the message and the quick pointer to delisting. */
export function blocklistOf(event: LogEvent, catalog: Catalog): { id: string; name: string } | undefined {
  if (!event.text) return undefined;
  const first = blocklistMentions(event.text, catalog).find((m) => m.entry.kind !== 'allowlist');
  return first ? { id: first.entry.id, name: first.entry.name } : undefined;
}

/** What a finding's `data` carries about the reply of an event (`notes`: its textNotes). */
export function replyData(event: LogEvent, notes: TextNotes): Record<string, unknown> {
  return {
    code: event.code,
    enhanced: enhancedOf(event),
    command: event.command,
    peer: event.peer,
    reason: event.text,
    blocklist: notes.blocklist?.id,
  };
}

/** A message with a count, in its singular form for one ("1 deferred attempt") and plural otherwise. */
export function counted(catalog: Catalog, lang: Language, key: string, count: number): string {
  return catalog.message(count === 1 ? `${key}.one` : key, lang, count);
}
