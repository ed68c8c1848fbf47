import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { Catalog, Language } from '../../catalog';
import type { ClassifiedRecipient } from '../../bounce/classify';
import type { CodeMention, DsnField, MailMessage, MessageModel } from '../../parse/message/model';
import { commandLabel } from '../../analyze/message/summary';
import { enhancedMarkdown, replyBody, replyBodyShort, replyHeading } from '../code-docs';
import { providerLead } from '../provider-lead';
import { escapeMarkdown, inlineCode, safeLink } from '../markdown';
import type { ServiceOptions } from '../options';
import { contains, toRange } from '../ranges';
import { DSN_SECTIONS, RFC3464_URL } from './dsn-fields';
import { targetsOn, type Target } from './targets';

/**
 * Hover in a message: DSN field names and Action values, the codes in Status, Diagnostic-Code and
 * the bounce's own text, and each recipient's verdict. Null elsewhere, so the transcript hover can
 * answer for the quoted dialogue.
 */
export function messageHover(model: MessageModel, catalog: Catalog, position: Position, options: ServiceOptions): Hover | null {
  const lang = options.language;
  const target = targetsOn(model, catalog, position.line).find((t) => contains(t.span, position));
  if (!target) return null;
  const value = markdownOf(target, catalog, lang);
  return value ? { contents: { kind: MarkupKind.Markdown, value }, range: toRange(target.span) } : null;
}

function markdownOf(target: Target, catalog: Catalog, lang: Language): string {
  switch (target.kind) {
    case 'field': return fieldMarkdown(target.field, catalog, lang);
    case 'action': return actionMarkdown(target.field, catalog, lang);
    case 'code': return codeMarkdown(target.mention, target.recipient, catalog, lang);
    case 'recipient': return recipientMarkdown(target.recipient, catalog, lang);
    case 'feedback': return feedbackMarkdown(target.message, catalog, lang);
  }
}

/** "**Final-Recipient** · Delivery status field, for one recipient" and what the field means. */
function fieldMarkdown(field: DsnField, catalog: Catalog, lang: Language): string {
  const known = DSN_SECTIONS[field.key];
  const parts = [`**${inlineCode(field.name)}**${known ? ` · ${catalog.message(known.perMessage ? 'hover.dsnPerMessage' : 'hover.dsnPerRecipient', lang)}` : ''}`];
  if (known) {
    parts.push(escapeMarkdown(catalog.message(`dsn.field.${field.key}`, lang)));
    parts.push(`${catalog.message('heading.references', lang)}: ${safeLink(`RFC 3464 §${known.section}`, `${RFC3464_URL}#section-${known.section}`)}`);
  }
  return parts.join('\n\n');
}

function actionMarkdown(field: DsnField, catalog: Catalog, lang: Language): string {
  const word = field.text.trim().toLowerCase().split(/[\s(;]/)[0];
  const key = `dsn.action.${word}`;
  const known = catalog.data.messages[key] !== undefined;
  const parts = [`**Action: ${inlineCode(word)}**`, known ? escapeMarkdown(catalog.message(key, lang)) : catalog.message('dsn.validActions', lang)];
  parts.push(`${catalog.message('heading.references', lang)}: ${safeLink('RFC 3464 §2.3.3', `${RFC3464_URL}#section-2.3.3`)}`);
  return parts.join('\n\n');
}

/** A reply code (in the meaning of the command it answered, when the bounce says) or an enhanced code. */
function codeMarkdown(mention: CodeMention, recipient: ClassifiedRecipient | undefined, catalog: Catalog, lang: Language): string {
  const lead = recipient ? providerLead(recipientFacts(recipient), catalog, lang) : [];
  if (mention.kind === 'enhanced') {
    const parts = [...lead, ...enhancedMarkdown(catalog.enhanced(mention.code), catalog, lang)];
    if (recipient) parts.push(reasonLine(recipient, catalog, lang));
    return parts.join('\n\n');
  }
  const verb = recipient?.recipient.command;
  const entry = catalog.reply(mention.code, verb);
  const parts = [...lead, replyHeading(mention.code, entry, catalog, lang)];
  const label = commandLabel(verb, catalog, lang);
  if (label) parts.push(catalog.message('hover.fromDiagnostic', lang, inlineCode(label)));
  if (entry && lead.length > 0) parts.push(...replyBodyShort(entry, catalog, lang));
  else if (entry) parts.push(...replyBody(entry, catalog, lang));
  else parts.push(catalog.message('hover.unknownCode', lang));
  if (recipient) parts.push(reasonLine(recipient, catalog, lang));
  return parts.filter((p) => p !== '').join('\n\n');
}

/** What the provider lookup is told of a failed recipient: the diagnostic, its codes and the Remote-MTA. */
function recipientFacts({ recipient }: ClassifiedRecipient): { text: string; code?: string; status?: string; host?: string; command?: string } {
  return { text: recipient.diagnostic, code: recipient.replyCode, status: recipient.status, host: recipient.remoteMta, command: recipient.command };
}

function reasonLine({ classification }: ClassifiedRecipient, catalog: Catalog, lang: Language): string {
  return catalog.message('hover.bounceReason', lang, escapeMarkdown(catalog.text(classification.reason.name, lang)), escapeMarkdown(catalog.text(classification.reason.description, lang)));
}

/** A recipient's verdict: the reason, hard or soft, what to do, and the facts it rests on. */
function recipientMarkdown(item: ClassifiedRecipient, catalog: Catalog, lang: Language): string {
  const { recipient, classification } = item;
  const kind = recipient.action === 'delayed' ? 'hover.bounceDelayed' : classification.bounce === 'hard' ? 'hover.bounceHard' : classification.bounce === 'soft' ? 'hover.bounceSoft'
    : classification.bounce === 'undetermined' ? 'hover.bounceUndetermined' : 'hover.bounceNone';
  const none = catalog.message('hover.unknownValue', lang);
  const value = (text: string | undefined): string => (text ? inlineCode(text) : none);
  return [
    ...providerLead(recipientFacts(item), catalog, lang),
    `**${inlineCode(recipient.address)}** · ${catalog.message(kind, lang)}`,
    reasonLine(item, catalog, lang),
    `**${catalog.message('hover.whatToDo', lang)}:** ${escapeMarkdown(catalog.text(classification.reason.whatToDo, lang))}`,
    catalog.message('hover.bounceFacts', lang, value(recipient.status), value(recipient.replyCode), value(commandLabel(recipient.command, catalog, lang)), value(recipient.remoteMta)),
    recipient.diagnostic ? inlineCode(recipient.diagnostic.length > 200 ? `${recipient.diagnostic.slice(0, 197)}...` : recipient.diagnostic) : '',
  ].filter(Boolean).join('\n\n');
}

function feedbackMarkdown(message: MailMessage, catalog: Catalog, lang: Language): string {
  const reason = catalog.bounceReason('feedback');
  const feedback = message.bounce!.feedback!;
  const parts = [`**${catalog.message('outline.feedback', lang, inlineCode(feedback.feedbackType))}**`];
  if (reason) {
    parts.push(escapeMarkdown(catalog.text(reason.description, lang)));
    parts.push(`**${catalog.message('hover.whatToDo', lang)}:** ${escapeMarkdown(catalog.text(reason.whatToDo, lang))}`);
  }
  parts.push(`${catalog.message('heading.references', lang)}: ${safeLink('RFC 5965 §3.1', 'https://www.rfc-editor.org/rfc/rfc5965#section-3.1')}`);
  return parts.join('\n\n');
}
