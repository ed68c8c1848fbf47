import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { Catalog, Language } from '../../catalog';
import type { ClassifiedRecipient } from '../../bounce/classify';
import type { CodeMention, DsnField, MailMessage, MessageModel } from '../../parse/message/model';
import { commandLabel } from '../../analyze/message/summary';
import { brief, MEANING_COLUMNS, WHAT_TO_DO_COLUMNS } from '../brief';
import { providerLead } from '../provider-lead';
import { replySummary } from '../reply-summary';
import { boldLabel, escapeMarkdown, inlineCode, safeLink } from '../markdown';
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

/**
 * A reply code (in the meaning of the command it answered, when the bounce says) or an enhanced code:
 * what the recipient's reply means, short, and why it bounced.
 */
function codeMarkdown(mention: CodeMention, recipient: ClassifiedRecipient | undefined, catalog: Catalog, lang: Language): string {
  const verb = recipient?.recipient.command;
  // An enhanced code (Status:, or in the diagnostic) heads its own hover; a reply code brings the Status.
  const code = mention.kind === 'enhanced' ? undefined : mention.code;
  const enhanced = mention.kind === 'enhanced' ? mention.code : recipient?.recipient.status;
  const entry = code ? catalog.reply(code, verb, recipient?.recipient.diagnostic) : undefined;
  const context: string[] = [];
  const label = commandLabel(verb, catalog, lang);
  if (label && code) context.push(catalog.message('hover.fromDiagnostic', lang, inlineCode(label)));
  if (recipient) context.push(reasonName(recipient, catalog, lang));
  const facts = recipient ? recipientFacts(recipient) : undefined;
  return replySummary({ code: code && /^[2-5]\d\d$/.test(code) ? code : undefined, enhanced, command: verb, entry, context, facts }, catalog, lang);
}

/** What the provider lookup is told of a failed recipient: the diagnostic, its codes and the Remote-MTA. */
function recipientFacts({ recipient }: ClassifiedRecipient): { text: string; code?: string; status?: string; host?: string; command?: string } {
  return { text: recipient.diagnostic, code: recipient.replyCode, status: recipient.status, host: recipient.remoteMta, command: recipient.command };
}

/** "Why it bounced: **User unknown**", for the one line under a code's heading. */
function reasonName({ classification }: ClassifiedRecipient, catalog: Catalog, lang: Language): string {
  return catalog.message('hover.bounceReasonName', lang, escapeMarkdown(catalog.text(classification.reason.name, lang)));
}

/** A recipient's verdict: the reason, hard or soft, what to do, and the facts it rests on. */
function recipientMarkdown(item: ClassifiedRecipient, catalog: Catalog, lang: Language): string {
  const { recipient, classification } = item;
  const kind = recipient.action === 'delayed' ? 'hover.bounceDelayed' : classification.bounce === 'hard' ? 'hover.bounceHard' : classification.bounce === 'soft' ? 'hover.bounceSoft'
    : classification.bounce === 'undetermined' ? 'hover.bounceUndetermined' : 'hover.bounceNone';
  const none = catalog.message('hover.unknownValue', lang);
  const value = (text: string | undefined): string => (text ? inlineCode(text) : none);
  const verdict = `**${inlineCode(recipient.address)}** · ${catalog.message(kind, lang)}`;
  const facts = catalog.message('hover.bounceFacts', lang, value(recipient.status), value(recipient.replyCode), value(commandLabel(recipient.command, catalog, lang)), value(recipient.remoteMta));
  const lead = providerLead(recipientFacts(item), catalog, lang);
  // The provider's own meaning and advice are the more precise: they replace the reason's.
  if (lead.length > 0) return [`${verdict} · ${reasonName(item, catalog, lang)}`, ...lead, facts].join('\n\n');
  return [
    verdict,
    catalog.message('hover.bounceReason', lang, escapeMarkdown(catalog.text(classification.reason.name, lang)), escapeMarkdown(brief(catalog.text(classification.reason.description, lang), MEANING_COLUMNS))),
    `${boldLabel(catalog.message('hover.whatToDo', lang), lang)} ${escapeMarkdown(brief(catalog.text(classification.reason.whatToDo, lang), WHAT_TO_DO_COLUMNS))}`,
    facts,
    recipient.diagnostic ? inlineCode(recipient.diagnostic.length > 160 ? `${recipient.diagnostic.slice(0, 157)}...` : recipient.diagnostic) : '',
  ].filter(Boolean).join('\n\n');
}

function feedbackMarkdown(message: MailMessage, catalog: Catalog, lang: Language): string {
  const reason = catalog.bounceReason('feedback');
  const feedback = message.bounce!.feedback!;
  const parts = [`**${catalog.message('outline.feedback', lang, inlineCode(feedback.feedbackType))}**`];
  if (reason) {
    parts.push(escapeMarkdown(catalog.text(reason.description, lang)));
    parts.push(`${boldLabel(catalog.message('hover.whatToDo', lang), lang)} ${escapeMarkdown(catalog.text(reason.whatToDo, lang))}`);
  }
  parts.push(`${catalog.message('heading.references', lang)}: ${safeLink('RFC 5965 §3.1', 'https://www.rfc-editor.org/rfc/rfc5965#section-3.1')}`);
  return parts.join('\n\n');
}
