import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { BlocklistEntry, Catalog, Language } from '../../catalog';
import { blocklistMentions } from '../../analyze/log/blocklists';
import type { Span } from '../../parse';
import { logLine } from '../../parse/log/lookup';
import type { LogEvent, LogModel } from '../../parse/log/model';
import { providerLead } from '../provider-lead';
import { replySummary } from '../reply-summary';
import { escapeMarkdown, inlineCode, safeLink } from '../markdown';
import type { ServiceOptions } from '../options';
import { contains, toRange } from '../ranges';
import { delaysHover } from './delays';
import { storyMarkdown } from './story';

/**
 * Hover in a mail log: a reply code in the sense of the command the text says it answered, an
 * enhanced code or dsn= value, a blocklist a rejection names, and a queue id (or an id a line
 * refers to) with its message's whole story. Null elsewhere: the caller then tries the transcript
 * hover, for dialogue lines.
 */
export function logHover(model: LogModel, catalog: Catalog, position: Position, options: ServiceOptions): Hover | null {
  const lang = options.language;
  // Postfix's delays=a/b/c/d, part by part.
  const text = model.messages.lineText(position.line);
  if (text !== undefined) {
    const delays = delaysHover(text, position.line, position, catalog, lang);
    if (delays) return delays;
  }
  const entry = logLine(model, position.line);
  for (const event of entry.events) {
    const found = eventHover(event, catalog, position, lang);
    if (found) return found;
  }
  const { message, idColumn } = entry;
  if (message && idColumn >= 0) {
    const span: Span = { line: position.line, start: idColumn, end: idColumn + message.id.length };
    if (contains(span, position)) return markdown(storyMarkdown(message, catalog, lang), span);
  }
  for (const event of entry.events) {
    if (event.related === undefined || event.relatedAt === undefined) continue;
    const span: Span = { line: event.line, start: event.relatedAt, end: event.relatedAt + event.related.length };
    if (!contains(span, position)) continue;
    const other = model.messages.withId(event.related).find((i) => i !== entry.index);
    if (other !== undefined) return markdown(storyMarkdown(model.messages.at(other), catalog, lang), span);
  }
  // The word that says what happened ("bounced", "**") tells the message's story too.
  const mark = message && entry.events.find((e) => contains({ line: e.line, start: e.markAt, end: e.markEnd }, position));
  if (message && mark) return markdown(storyMarkdown(message, catalog, lang), { line: mark.line, start: mark.markAt, end: mark.markEnd });
  return null;
}

function markdown(value: string, span: Span): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(span) };
}

function eventHover(event: LogEvent, catalog: Catalog, position: Position, lang: Language): Hover | null {
  const line = event.line;
  if (event.code !== undefined && event.codeAt !== undefined) {
    const span: Span = { line, start: event.codeAt, end: event.codeAt + 3 };
    if (contains(span, position)) return markdown(logReplyMarkdown(event, catalog, lang), span);
  }
  for (const [value, at] of [[event.enhanced, event.enhancedAt], [event.dsn, event.dsnAt]] as const) {
    if (value === undefined || at === undefined) continue;
    const span: Span = { line, start: at, end: at + value.length };
    if (contains(span, position)) return markdown(logReplyMarkdown(event, catalog, lang, value), span);
  }
  if (event.text && event.textAt !== undefined) {
    for (const mention of blocklistMentions(event.text, catalog)) {
      const span: Span = { line, start: event.textAt + mention.start, end: event.textAt + mention.end };
      if (contains(span, position)) return markdown(blocklistMarkdown(mention.entry, catalog, lang), span);
    }
    // The server's own words: what they mean from the provider that wrote them, when it is known.
    const span: Span = { line, start: event.textAt, end: event.textAt + event.text.length };
    if (contains(span, position)) {
      const lead = providerLead(eventFacts(event), catalog, lang);
      if (lead.length > 0) return markdown(lead.join('\n\n'), span);
    }
  }
  return null;
}

/**
 * What the provider lookup is told of an event: the reply's codes and words, and for a delivery
 * the host that answered (a rejection's peer is the client, which says nothing of the provider).
 */
function eventFacts(event: LogEvent): { text: string; code?: string; enhanced?: string; host?: string; command?: string } {
  const host = event.status && event.peer ? event.peer.split('[')[0] : undefined;
  return { text: event.text ?? '', code: event.code, enhanced: event.enhanced ?? event.dsn, host, command: event.command };
}

/** How a log names the command a reply answered. */
function commandName(verb: string): string {
  switch (verb) {
    case 'RCPT': return 'RCPT TO';
    case 'MAIL': return 'MAIL FROM';
    default: return verb;
  }
}

/**
 * A reply quoted in a log line, in the meaning the command it answered gives it (Catalog.reply(code,
 * 'RCPT')): the same summary on its code, its enhanced code and dsn=, whichever is hovered; `enhanced`
 * is the one hovered, when it is not the reply's own.
 */
export function logReplyMarkdown(event: LogEvent, catalog: Catalog, lang: Language, enhanced?: string): string {
  const code = event.code;
  const verb = event.command;
  const entry = code === undefined ? undefined : catalog.reply(code, verb, event.text);
  const context: string[] = [];
  if (verb === 'CONNECT') context.push(`*${catalog.message('hover.greeting', lang)}*`);
  else if (verb) context.push(catalog.message('log.hover.inReplyTo', lang, inlineCode(commandName(verb))));
  else if (code !== undefined) context.push(`*${catalog.message('log.hover.noCommand', lang)}*`);
  const facts = event.text ? eventFacts(event) : undefined;
  return replySummary({ code, enhanced: enhanced ?? event.enhanced ?? event.dsn, command: verb, entry, context, facts }, catalog, lang);
}

/** What a blocklist is, what a listing means, and where to look the address up and ask for removal. */
export function blocklistMarkdown(entry: BlocklistEntry, catalog: Catalog, lang: Language): string {
  const kind = catalog.message(`log.blocklist.${entry.kind}`, lang);
  const parts = [`**${escapeMarkdown(entry.name)}** · ${escapeMarkdown(kind)} · ${escapeMarkdown(entry.operator)}`];
  if (entry.status === 'discontinued') parts.push(`⚠ ${escapeMarkdown(catalog.message('log.blocklist.discontinued', lang))}`);
  parts.push(escapeMarkdown(catalog.text(entry.description, lang)));
  parts.push(`**${catalog.message('log.blocklist.delisting', lang)}:** ${escapeMarkdown(catalog.text(entry.delisting, lang))}`);
  const links = [safeLink(catalog.message('log.blocklist.lookup', lang), entry.lookup)];
  if (entry.removal) links.push(safeLink(catalog.message('log.blocklist.removal', lang), entry.removal));
  parts.push(links.join(' · '));
  return parts.join('\n\n');
}
