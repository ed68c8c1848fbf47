/**
 * The first thing a hover on a reply says when the reply is one a mailbox provider is known to
 * give: the provider, the token in the reply, what it means from that provider, what to do and
 * where to go. The code and what the reply answered follow on one line; the whole page is behind a link.
 */
import type { Catalog, Language } from '../catalog';
import { providerMatch, type ProviderMatch, type ReplyFacts } from '../catalog/providers';
import { brief, MEANING_COLUMNS, WHAT_TO_DO_COLUMNS } from './brief';
import { boldLabel, escapeMarkdown, inlineCode, safeLink } from './markdown';
import { commandLink, EXPLAIN_COMMAND } from './pages/links';

/** "550 5.7.26", "550" or "5.7.26" for the Explain link, validated there: only digits and dots ever reach it. */
export function explainCode(code: string | undefined, enhanced: string | undefined): string | undefined {
  const reply = code && /^[2-5]\d\d$/.test(code) ? code : undefined;
  const detail = enhanced && /^[245]\.\d{1,3}\.\d{1,3}$/.test(enhanced) ? enhanced : undefined;
  return reply && detail ? `${reply} ${detail}` : reply ?? detail;
}

/** "**Microsoft 365 / Exchange Online** · `5.7.606` · Banned sending IP", meaning, what to do, links. */
export function providerLeadBlocks(match: ProviderMatch, catalog: Catalog, lang: Language, codes: { code?: string; enhanced?: string; command?: string } = {}): string[] {
  const { provider, rule, token } = match;
  const heading = [`**${escapeMarkdown(catalog.text(provider.name, lang))}**`, token ? inlineCode(token) : '', escapeMarkdown(catalog.text(rule.title, lang))]
    .filter(Boolean).join(' · ');
  const links: string[] = [];
  const pointer = rule.pointer ?? provider.postmaster;
  links.push(safeLink(catalog.text(pointer.title, lang), pointer.url));
  if (rule.pointer && rule.pointer.url !== provider.postmaster.url) links.push(safeLink(catalog.text(provider.postmaster.title, lang), provider.postmaster.url));
  const code = explainCode(codes.code, codes.enhanced);
  if (code) {
    const verb = codes.command && /^[A-Z]{1,20}$/.test(codes.command) ? codes.command : undefined;
    links.push(commandLink(catalog.message('hover.explainLink', lang), EXPLAIN_COMMAND, { code, ...(verb ? { command: verb } : {}), rule: rule.id }));
  }
  return [
    heading,
    escapeMarkdown(brief(catalog.text(rule.meaning, lang), MEANING_COLUMNS)),
    `${boldLabel(catalog.message('hover.whatToDo', lang), lang)} ${escapeMarkdown(brief(catalog.text(rule.whatToDo, lang), WHAT_TO_DO_COLUMNS))}`,
    links.join(' · '),
  ];
}

/**
 * The provider lead for a reply, or nothing when no provider rule fits. Hovers put it before the
 * code, its class and what the reply answered.
 */
export function providerLead(facts: ReplyFacts & { command?: string }, catalog: Catalog, lang: Language): string[] {
  const match = providerMatch(facts, catalog);
  if (!match) return [];
  const leading = /^\s*([2-5]\d\d)(?:[ -]+#?([245]\.\d{1,3}\.\d{1,3}))?/.exec(facts.text);
  return [...providerLeadBlocks(match, catalog, lang, { code: facts.code ?? leading?.[1], enhanced: facts.enhanced ?? leading?.[2], command: facts.command })];
}
