import type { BounceKind, BounceReasonEntry, BounceRuleEntry, Catalog } from '../catalog';
import type { BounceRecipient, MailMessage } from '../parse/message/model';
import { memoOn } from '../parse/memo';
import { providerMatch } from '../catalog/providers';

/** Why a recipient bounced, by which rule, and whether the address is bad for good. */
export interface Classification {
  reason: BounceReasonEntry;
  bounce: BounceKind;
  /** Index of the rule in data/bounce-rules.json that decided; -1 when the report's kind or a provider rule did. */
  rule: number;
  /** The provider rule (data/providers.json) that decided, when the reply is one a provider is known to give. */
  provider?: string;
}

interface CompiledRule {
  entry: BounceRuleEntry;
  pattern?: RegExp;
  /** Enhanced codes without their class ("1.1" for X.1.1), and full codes. */
  anyClass: Set<string>;
  exact: Set<string>;
}

/** Longest diagnostic the patterns run on: a reply is a few lines; the rest is noise. */
const MAX_TEXT = 2000;

const COMPILED = Symbol('compiled bounce rules');

function rulesOf(catalog: Catalog): CompiledRule[] {
  return memoOn(catalog, COMPILED, () => catalog.data.bounceRules.map((entry) => {
    const enhanced = entry.enhanced ?? [];
    return {
      entry,
      pattern: entry.pattern ? new RegExp(entry.pattern, 'i') : undefined,
      anyClass: new Set(enhanced.filter((e) => e.startsWith('X.')).map((e) => e.slice(2))),
      exact: new Set(enhanced.filter((e) => !e.startsWith('X.'))),
    };
  }));
}

/** What a rule is asked about one recipient. */
export interface BounceFacts {
  text: string;
  status?: string;
  replyCode?: string;
  command?: string;
}

/** The first rule (in data/bounce-rules.json order) whose every condition holds, or -1. */
export function matchRule(facts: BounceFacts, catalog: Catalog): number {
  const text = facts.text.slice(0, MAX_TEXT);
  const rules = rulesOf(catalog);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    const { entry } = rule;
    if (entry.enhanced) {
      if (!facts.status) continue;
      const classFree = facts.status.slice(2);
      if (!rule.exact.has(facts.status) && !rule.anyClass.has(classFree)) continue;
    }
    if (entry.reply && (!facts.replyCode || !entry.reply.includes(facts.replyCode))) continue;
    if (entry.commands && (!facts.command || !entry.commands.includes(facts.command))) continue;
    if (rule.pattern && !rule.pattern.test(text)) continue;
    return i;
  }
  return -1;
}

function reason(catalog: Catalog, id: string): BounceReasonEntry {
  const entry = catalog.bounceReason(id);
  if (!entry) throw new Error(`bounce reason '${id}' missing from data/bounce-reasons.json`);
  return entry;
}

/**
 * Classifies one recipient of a bounce: a delivery is no failure; otherwise the rules decide, and a
 * recipient they cannot place is "expired" when the report only delays it, "unknown" else. A
 * temporary failure is never a hard bounce: the address may yet work.
 */
export function classifyRecipient(recipient: BounceRecipient, catalog: Catalog): Classification {
  if (recipient.action === 'delivered' || recipient.action === 'relayed' || recipient.action === 'expanded') {
    return { reason: reason(catalog, 'delivered'), bounce: 'none', rule: -1 };
  }
  // A Diagnostic-Code of another type than smtp says so: "x-unix; 77" is a delivery program's failure.
  const text = recipient.diagnosticType && recipient.diagnosticType !== 'smtp' ? `${recipient.diagnosticType}; ${recipient.diagnostic}` : recipient.diagnostic;
  // What the provider that answered says its reply means comes before the generic rules.
  const known = providerMatch({ text: recipient.diagnostic, code: recipient.replyCode, status: recipient.status, host: recipient.remoteMta }, catalog);
  const rule = known ? -1 : matchRule({ text, status: recipient.status, replyCode: recipient.replyCode, command: recipient.command }, catalog);
  let id = known ? known.rule.reason : rule >= 0 ? catalog.data.bounceRules[rule].reason : 'unknown';
  // A delay notice is about the wait: a passing network or server fault is why it waits, not the news.
  // So is a failure after temporary errors only (a 4.x.x status on a failed recipient): the MTA gave up.
  const gaveUp = recipient.action === 'failed' && (recipient.status ? recipient.status.startsWith('4') : recipient.replyCode?.startsWith('4') === true);
  if ((recipient.action === 'delayed' || gaveUp) && (id === 'unknown' || id === 'network-error')) id = 'expired';
  const entry = reason(catalog, id);
  const transient = recipient.action === 'delayed' || recipient.status?.startsWith('4') || recipient.replyCode?.startsWith('4');
  return { reason: entry, bounce: transient && entry.bounce === 'hard' ? 'soft' : entry.bounce, rule, ...(known ? { provider: known.rule.id } : {}) };
}

/** A recipient and its classification. */
export interface ClassifiedRecipient {
  recipient: BounceRecipient;
  classification: Classification;
}

const CLASSIFIED = Symbol('classified recipients by catalog');

/** Every recipient of a message's bounce, classified once per message (rules, hovers and the Outline share it). */
export function classifyMessage(message: MailMessage, catalog: Catalog): ClassifiedRecipient[] {
  const byCatalog = memoOn(message, CLASSIFIED, () => new Map<Catalog, ClassifiedRecipient[]>());
  let list = byCatalog.get(catalog);
  if (!list) {
    list = (message.bounce?.recipients ?? []).map((recipient) => ({ recipient, classification: classifyRecipient(recipient, catalog) }));
    byCatalog.set(catalog, list);
  }
  return list;
}

/** The reason a feedback report or an auto-reply stands for. */
export function reportReason(message: Pick<MailMessage, 'bounce'>, catalog: Catalog): BounceReasonEntry | undefined {
  if (message.bounce?.feedback) return reason(catalog, 'feedback');
  if (message.bounce?.autoReply) return reason(catalog, 'vacation');
  return undefined;
}
