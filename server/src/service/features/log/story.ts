import type { Catalog, Language } from '../../catalog';
import { counted, eventMeaning, readableText } from '../../analyze/log/describe';
import type { LogEvent, LogFormat, LogMessage, LogRecipient } from '../../parse/log/model';
import { explainingDelivery, messageDelay, messageOutcome } from '../../parse/log/outcome';
import { formatDuration } from '../../parse/log/time';
import { humanSize } from '../units';
import { escapeMarkdown, inlineCode } from '../markdown';

/** Events beyond this many are counted, not listed: a hover is read, not scrolled. */
const MAX_TIMELINE = 30;

export const FORMAT_NAMES: Record<LogFormat, string> = { postfix: 'Postfix', exim: 'Exim', sendmail: 'Sendmail', exchange: 'Exchange', kerio: 'Kerio Connect', domino: 'Domino', zimbra: 'Zimbra', zeek: 'Zeek' };

/** "bounced", "delivered", "deferred" ... in the reader's language. */
export function outcomeWord(outcome: string, catalog: Catalog, lang: Language): string {
  return catalog.message(`log.outcome.${outcome}`, lang);
}

/** A text from the document, shortened and shown as code. */
function code(text: string, max = 100): string {
  return inlineCode(text.length > max ? `${text.slice(0, max - 3)}...` : text);
}

/**
 * The whole story of a message, for the hover on its id: where it came from, what happened to each
 * recipient, every event in order with its line, and how long it all took.
 */
export function storyMarkdown(message: LogMessage, catalog: Catalog, lang: Language): string {
  const outcome = messageOutcome(message);
  const parts = [`**${catalog.message('log.hover.message', lang, code(message.id))}** · ${FORMAT_NAMES[message.format]} · ${escapeMarkdown(outcomeWord(outcome, catalog, lang))}`];
  const origin: string[] = [];
  if (message.sender !== undefined) origin.push(catalog.message('log.hover.from', lang, code(message.sender === '' ? '<>' : message.sender)));
  if (message.size !== undefined) origin.push(escapeMarkdown(humanSize(message.size)));
  if (message.client) origin.push(catalog.message('log.hover.client', lang, code(message.client)));
  if (origin.length > 0) parts.push(origin.join(' · '));
  if (message.messageId) parts.push(`Message-ID ${code(message.messageId)}`);
  if (message.recipients.length > 0) {
    const shown = message.recipients.slice(0, MAX_TIMELINE).map((r) => `- ${recipientLine(r, catalog, lang)}`);
    if (message.recipients.length > MAX_TIMELINE) shown.push(`- ${catalog.message('log.hover.more', lang, message.recipients.length - MAX_TIMELINE)}`);
    parts.push(`**${catalog.message('log.hover.recipients', lang)}**\n\n${shown.join('\n')}`);
  }
  const events = message.events.slice(0, MAX_TIMELINE).map((e) => `- ${eventLine(e, catalog, lang)}`);
  if (message.events.length > MAX_TIMELINE) events.push(`- ${catalog.message('log.hover.more', lang, message.events.length - MAX_TIMELINE)}`);
  if (events.length > 0) parts.push(`**${catalog.message('log.hover.timeline', lang)}**\n\n${events.join('\n')}`);
  const delay = messageDelay(message);
  if (delay !== undefined) parts.push(catalog.message('log.hover.delay', lang, escapeMarkdown(formatDuration(delay))));
  parts.push(`*${counted(catalog, lang, 'log.hover.lines', message.lines.length)}*`);
  return parts.join('\n\n');
}

/** "`bob@example.org` — bounced: 550 5.1.1 Bad destination mailbox address (after 2 deferrals)". */
function recipientLine(recipient: LogRecipient, catalog: Catalog, lang: Language): string {
  const last = explainingDelivery(recipient);
  const status = recipient.status ? escapeMarkdown(outcomeWord(recipient.status, catalog, lang)) : '';
  const meaning = last && recipient.status !== 'sent' ? `: ${escapeMarkdown(eventMeaning(last, catalog, lang))}` : '';
  const retries = recipient.deferrals > 0 ? escapeMarkdown(counted(catalog, lang, 'log.retries', recipient.deferrals)) : '';
  return `${code(recipient.address || '<>')} — ${status}${meaning}${retries}`;
}

/** "line 12 · `Nov 28 10:00:01` · deferred `bob@example.org` · 451 4.7.1 ..." */
function eventLine(event: LogEvent, catalog: Catalog, lang: Language): string {
  const head = [catalog.message('log.hover.line', lang, event.line + 1)];
  if (event.time) head.push(code(event.time, 40));
  const what: string[] = [];
  switch (event.kind) {
    case 'received':
      what.push(escapeMarkdown(catalog.message('log.event.received', lang)));
      if (event.peer) what.push(code(event.peer));
      break;
    case 'sender':
      what.push(escapeMarkdown(catalog.message('log.event.queued', lang)));
      break;
    case 'delivery':
      what.push(escapeMarkdown(outcomeWord(event.status ?? 'sent', catalog, lang)), code(event.recipient ?? ''));
      if (event.peer) what.push(catalog.message('log.event.via', lang, code(event.peer)));
      break;
    case 'expired':
      what.push(escapeMarkdown(catalog.message('log.event.expired', lang)));
      break;
    case 'notification':
      what.push(escapeMarkdown(catalog.message('log.event.notification', lang)));
      if (event.related) what.push(code(event.related));
      break;
    case 'rejected':
      what.push(escapeMarkdown(catalog.message('log.event.rejected', lang)), code(event.command ?? ''));
      break;
    case 'removed':
      what.push(escapeMarkdown(catalog.message('log.event.removed', lang)));
      break;
    case 'reply':
      what.push(escapeMarkdown(catalog.message('log.event.reply', lang)));
      break;
  }
  if (event.code || event.enhanced || event.dsn) what.push(escapeMarkdown(eventMeaning(event, catalog, lang)));
  if (event.text && event.kind !== 'removed' && event.kind !== 'notification') what.push(code(readableText(event.text), 80));
  if (event.delay !== undefined && event.kind === 'delivery') what.push(escapeMarkdown(catalog.message('log.event.delay', lang, formatDuration(event.delay))));
  return `${head.join(' · ')} · ${what.join(' ')}`;
}
