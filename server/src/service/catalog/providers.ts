/**
 * Which mailbox provider gave a reply, and what that reply means from it (data/providers.json).
 * One lookup for every feature: hovers lead with it, the explain page and the CLI print it, bounce
 * classification and the log summary group by it.
 */
import type { Catalog } from './index';
import type { ProviderEntry, ProviderRuleEntry } from './types';

/** What is known of one reply: its text (all lines), codes when read already, the host that sent it. */
export interface ReplyFacts {
  text: string;
  /** Three-digit reply code; read from the start of `text` when absent. */
  code?: string;
  /** Enhanced status code; read from the start of `text` when absent. */
  enhanced?: string;
  /** Host name of the server that answered (a greeting's name, relay=, Remote-MTA), when known. */
  host?: string;
  /** An enhanced code from elsewhere (a DSN's Status:), used when the text gives none. */
  status?: string;
}

/** A provider's reply recognised: the provider, its rule and the token in the reply that names it. */
export interface ProviderMatch {
  provider: ProviderEntry;
  rule: ProviderRuleEntry;
  /** "5.7.606", "S3150", "HL:REP": what the reply itself says, as written there. */
  token: string;
}

interface CompiledRule {
  rule: ProviderRuleEntry;
  pattern?: RegExp;
  /** Enhanced codes as class, subject and a detail range. */
  enhanced: Array<{ cls: string; subject: string; from: number; to: number }>;
}

interface CompiledProvider {
  provider: ProviderEntry;
  /** Matches a host name of the provider inside text, or a marker word. */
  named?: RegExp;
  /**
   * The same names in lower case: a text that holds none of them as a substring cannot match `named`
   * (its flag `i` folds ASCII letters only), so that search is skipped for most replies.
   */
  needles: readonly string[];
  hosts: readonly string[];
  rules: CompiledRule[];
}

/** Longest reply text looked at: a refusal is a few lines; the rest is the quoted message. */
const MAX_TEXT = 2000;

const compiled = new WeakMap<Catalog, CompiledProvider[]>();

/** Per catalog: every enhanced code ("5.1.10") a `namesCode` rule gives a sense of its provider's. */
const renamedCodes = new WeakMap<Catalog, ReadonlySet<string>>();

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(catalog: Catalog): CompiledProvider[] {
  let found = compiled.get(catalog);
  if (found) return found;
  found = catalog.providers().map((provider) => {
    const words = [
      ...provider.hosts.map((h) => `(?<![A-Za-z0-9-])(?:[A-Za-z0-9-]+\\.)*${escapeRegExp(h)}(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`),
      ...provider.markers.map((m) => `(?<![A-Za-z0-9])${escapeRegExp(m)}(?![A-Za-z0-9])`),
    ];
    return {
      provider,
      named: words.length > 0 ? new RegExp(words.join('|'), 'i') : undefined,
      needles: [...provider.hosts, ...provider.markers].map((word) => word.toLowerCase()),
      hosts: provider.hosts,
      rules: provider.rules.map((rule) => ({
        rule,
        pattern: rule.pattern ? new RegExp(rule.pattern, 'i') : undefined,
        enhanced: (rule.enhanced ?? []).map((code) => {
          const [cls, subject, detail] = code.split('.');
          const [from, to] = detail.split('-').map(Number);
          return { cls, subject, from, to: to ?? from };
        }),
      })),
    };
  });
  compiled.set(catalog, found);
  return found;
}

const LEADING_CODES = /^\s*([2-5]\d\d)(?:[ -]+#?([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]))?/;

/** A host equal to one of the domains or below it. */
function hostIn(host: string, domains: readonly string[]): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return domains.some((d) => name === d || name.endsWith(`.${d}`));
}

/** An enhanced code in its three parts, split once for every rule it is held against. */
interface EnhancedParts {
  cls: string;
  subject: string;
  detail: number;
}

function enhancedParts(enhanced: string | undefined): EnhancedParts | undefined {
  if (!enhanced) return undefined;
  const [cls, subject, detail] = enhanced.split('.');
  return { cls, subject, detail: Number(detail) };
}

function ruleHolds(entry: CompiledRule, text: string, code: string | undefined, enhanced: EnhancedParts | undefined): RegExpExecArray | null | undefined {
  const { rule } = entry;
  if (rule.reply && (!code || !rule.reply.includes(code))) return undefined;
  if (entry.enhanced.length > 0) {
    if (!enhanced) return undefined;
    const { cls, subject, detail: n } = enhanced;
    if (!entry.enhanced.some((e) => e.cls === cls && e.subject === subject && n >= e.from && n <= e.to)) return undefined;
  }
  if (!entry.pattern) return null;
  return entry.pattern.exec(text) ?? undefined;
}

function codesRenamed(catalog: Catalog): ReadonlySet<string> {
  let codes = renamedCodes.get(catalog);
  if (codes) return codes;
  const found = new Set<string>();
  for (const provider of compile(catalog)) {
    for (const { rule, enhanced } of provider.rules) {
      if (!rule.namesCode) continue;
      for (const e of enhanced) for (let n = e.from; n <= e.to; n++) found.add(`${e.cls}.${e.subject}.${n}`);
    }
  }
  codes = found;
  renamedCodes.set(catalog, codes);
  return codes;
}

/** Whether some provider gives this enhanced code a sense of its own (then its name depends on the reply's words). */
export function providerMayName(enhanced: string, catalog: Catalog): boolean {
  return codesRenamed(catalog).has(enhanced);
}

/**
 * The provider rule that names a reply when its provider uses the enhanced code in a sense other than
 * the registry's ("550 5.1.10 RESOLVER.ADR.RecipientNotFound" is a recipient missing from Exchange's
 * directory, not RFC 7505's null MX). Undefined for any other reply: one set lookup for nearly all.
 */
export function providerNaming(facts: ReplyFacts & { enhanced: string }, catalog: Catalog): ProviderRuleEntry | undefined {
  if (!providerMayName(facts.enhanced, catalog)) return undefined;
  const match = providerMatch(facts, catalog);
  return match?.rule.namesCode ? match.rule : undefined;
}

/**
 * The provider rule a reply fits: first the rules of a provider the reply or its host names, then
 * the rules whose own token names their provider wherever the reply turns up. Undefined when none.
 */
export function providerMatch(facts: ReplyFacts, catalog: Catalog): ProviderMatch | undefined {
  const raw = facts.text.length > MAX_TEXT ? facts.text.slice(0, MAX_TEXT) : facts.text;
  const leading = LEADING_CODES.exec(raw);
  // A multi-line reply quoted as one ("... with a 550-5.7.26 hard fail policy"): the repeated codes
  // and line breaks are noise between the provider's words.
  const text = raw.replace(/\\n/g, ' ').replace(/(?<=\s)[2-5]\d\d-(?:[245]\.\d{1,3}\.\d{1,3})?(?=\s)/g, ' ').replace(/\s+/g, ' ');
  const code = facts.code ?? leading?.[1];
  const enhanced = facts.enhanced ?? (leading?.[2] ? `${leading[2]}.${Number(leading[3])}.${Number(leading[4])}` : facts.status);
  const parts = enhancedParts(enhanced);
  const providers = compile(catalog);
  const lower = text.toLowerCase();
  const named = providers.map((p) => (facts.host !== undefined && hostIn(facts.host, p.hosts))
    || (p.needles.some((word) => lower.includes(word)) && (p.named?.test(text) ?? false)));
  for (const pass of [true, false]) {
    for (let i = 0; i < providers.length; i++) {
      const p = providers[i];
      if (pass && !named[i]) continue;
      for (const entry of p.rules) {
        if (!pass && !entry.rule.standalone) continue;
        const held = ruleHolds(entry, text, code, parts);
        if (held === undefined) continue;
        const token = held?.groups?.token ?? (entry.enhanced.length > 0 ? enhanced : undefined) ?? held?.[0] ?? '';
        return { provider: p.provider, rule: entry.rule, token: token.trim() };
      }
    }
  }
  return undefined;
}
