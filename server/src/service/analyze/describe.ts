import type { Catalog, Language } from '../catalog';
import { providerNaming } from '../catalog/providers';
import { columnsOf, type Command, type Reply, type Session } from '../parse';

/** The command as the user wrote it, shortened; AUTH never shows its credentials. */
export function commandText(command: Command): string {
  const text = command.verb === 'AUTH' && command.auth ? `AUTH ${command.auth.mechanism}` : command.source.text.trim();
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The RCPT a reply answers when the capture did not show it: with the address the reply names, if any. */
export function impliedCommandText(reply: Reply): string {
  const address = namedAddress(reply);
  return address ? `RCPT TO:<${address}>` : 'RCPT TO';
}

/**
 * "550 5.1.1 Bad destination mailbox address": the code, the enhanced code, and the most specific
 * meaning the catalog has (the enhanced detail, else the reply code's name in its command's sense).
 */
export function replyMeaning(reply: Reply, catalog: Catalog, lang: Language): string {
  const verb = reply.answers === 'connection' ? 'CONNECT' : reply.answers?.verb ?? reply.implied;
  const name = codeName(catalog, reply.code, reply.enhanced, verb, reply.lines[0].text, lang);
  // The parts that are there, joined by spaces: a failure rule writes this for every reply it reports.
  let meaning = reply.code;
  for (const part of [reply.enhanced, name]) if (part) meaning = meaning ? `${meaning} ${part}` : part;
  return meaning;
}

/**
 * The catalog's most specific name for a reply (transcripts and logs alike): the provider's own sense
 * of its enhanced code where the provider gives it one, else the enhanced code's detail, else the reply
 * code in the sense of the command it answered; '' when the catalog has neither.
 */
export function codeName(catalog: Catalog, code: string | undefined, enhanced: string | undefined, verb: string | undefined, text: string | undefined, lang: Language): string {
  const named = enhanced && text !== undefined ? providerNaming({ text, code, enhanced }, catalog) : undefined;
  if (named) return catalog.text(named.title, lang);
  let detail = enhanced ? catalog.enhanced(enhanced).detail : undefined;
  // A login refused with a code the registry gives another sense ("535 5.7.3 Authentication
  // unsuccessful" from Exchange: X.7.3 is a security conversion): RFC 4954 fixes what 535 means after AUTH.
  if (detail && code && verb === 'AUTH' && !detail.replyCodes.includes(code)) detail = undefined;
  if (detail) return catalog.text(detail.name, lang);
  const entry = code ? catalog.reply(code, verb, text) : undefined;
  return entry ? catalog.text(entry.name, lang) : '';
}

/** The server's own words on the reply's first line, after the enhanced code, shortened. */
export function serverText(reply: Reply): string {
  let text = reply.lines[0].text;
  if (reply.enhanced && text.startsWith(reply.enhanced)) text = text.slice(reply.enhanced.length).trimStart();
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The forward-path a 251 or 551 reply names ("User not local; will forward to <x>"). */
export function forwardPath(reply: Reply): string | undefined {
  for (const line of reply.lines) {
    const m = /(?:forward(?:ing)? to|please try|try)\s*<([^<>\s]+)>/i.exec(line.text);
    if (m) return m[1];
  }
  return undefined;
}

/** The capture shows the session from its start (the greeting), so what is missing was really never sent. */
export function showsStart(session: Session): boolean {
  return columnsOf(session).showsStart();
}

/** The address a reply names ("<x@y>: User unknown", "x@y... No such user"), if it names one. */
export function namedAddress(reply: Reply): string | undefined {
  const m = /<([^<>\s@]+@[^<>\s]+)>|([^\s<>"(),;:]+@[A-Za-z0-9.-]+[A-Za-z0-9])/.exec(reply.lines[0].text);
  return m ? (m[1] ?? m[2]) : undefined;
}
