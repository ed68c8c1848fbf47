/**
 * What a hover on a reply says, in every kind of document: what THIS reply means, short enough to be
 * read without scrolling. With a provider's own meaning when the provider table knows the reply
 * (provider, token, meaning, what to do, its page), otherwise the code's: the code and its class
 * (temporary or permanent), what it answered, what it means, what to do. The reference text (when it
 * occurs, the whole advice, references) is on the Explain page, behind the link every summary ends with.
 */
import type { Catalog, Language, ReplyCodeEntry } from '../catalog';
import { providerNaming, type ReplyFacts } from '../catalog/providers';
import { brief, MEANING_COLUMNS, WHAT_TO_DO_COLUMNS } from './brief';
import { boldLabel, escapeMarkdown } from './markdown';
import { commandLink, COMPARE_COMMAND, EXPLAIN_COMMAND } from './pages/links';
import { explainCode, providerLead } from './provider-lead';

/** Related codes linked for comparison: the first few of the entry's list, by code. */
const COMPARE_LINKS = 4;

export interface ReplySummaryInput {
  /** The three-digit reply code, when there is one. */
  code?: string;
  /** The enhanced status code of the reply (or a DSN's Status:), when there is one. */
  enhanced?: string;
  /** The command the reply answered ("RCPT"; "CONNECT" for the greeting), for the Explain link. */
  command?: string;
  /** The catalog entry of `code` in the sense of that command and text, looked up by the caller. */
  entry?: ReplyCodeEntry;
  /** Localised Markdown saying what the reply answered and how long it took, shown under the heading. */
  context: readonly string[];
  /** What the provider lookup is told; absent: no provider lead. */
  facts?: ReplyFacts;
  /** Link the entry's related codes to the compare page (hovers on a transcript's reply code). */
  compare?: boolean;
}

/** The hover Markdown of a reply (or of an enhanced code alone), within the budgets of brief.ts. */
export function replySummary(input: ReplySummaryInput, catalog: Catalog, lang: Language): string {
  // The code, its class and what it answered: one paragraph, usually one line.
  const heading = [codeHeading(input, catalog, lang), ...input.context].join(' · ');
  const lead = input.facts ? providerLead({ ...input.facts, command: input.command }, catalog, lang) : [];
  if (lead.length > 0) {
    // The provider's reading leads, with the code under it; then what it means and what to do, and the links.
    const [title, meaning, whatToDo, links] = lead;
    return [`${title}${HARD_BREAK}${heading}`, `${meaning}${HARD_BREAK}${whatToDo}`, links].join('\n\n');
  }
  const { meaning, whatToDo } = genericTexts(input, catalog, lang);
  const body = whatToDo ? `${meaning}${HARD_BREAK}${boldLabel(catalog.message('hover.whatToDo', lang), lang)} ${whatToDo}` : meaning;
  return [heading, body, links(input, catalog, lang)].filter((p) => p !== '').join('\n\n');
}

/** A line break inside a paragraph: the next line follows without a paragraph's gap. */
const HARD_BREAK = '  \n';

/**
 * "**550 Mailbox Unavailable** · permanent (5xx)": the code, its name in the command's sense,
 * and whether it is final; or the enhanced code's names alone.
 */
function codeHeading(input: ReplySummaryInput, catalog: Catalog, lang: Language): string {
  if (input.code) {
    const name = input.entry ? ` ${escapeMarkdown(catalog.text(input.entry.name, lang))}` : '';
    const cls = catalog.replyClass(input.code);
    const outcome = cls ? ` · ${catalog.message(`hover.outcome.${cls.outcome}`, lang)} (${input.code[0]}xx)` : '';
    return `**${escapeMarkdown(input.code)}${name}**${outcome}`;
  }
  const { classEntry, subjectEntry, detail } = catalog.enhanced(input.enhanced ?? '');
  // Under a provider's own sense of the code (Microsoft's 5.1.10), the registry's would contradict the lead.
  const renamed = input.facts && input.enhanced ? providerNaming({ ...input.facts, enhanced: input.enhanced }, catalog) : undefined;
  const names = [classEntry?.name, subjectEntry?.name, renamed ? undefined : detail?.name].flatMap((n) => (n ? [escapeMarkdown(catalog.text(n, lang))] : []));
  return [`**${escapeMarkdown(input.enhanced ?? '')}**`, ...names].join(' · ');
}

/** What the reply means and what to do, from the enhanced code's detail when it has one (it is the more precise). */
function genericTexts(input: ReplySummaryInput, catalog: Catalog, lang: Language): { meaning: string; whatToDo?: string } {
  const explanation = input.enhanced ? catalog.enhanced(input.enhanced) : undefined;
  const failure = /^[45]/.test(input.code ?? input.enhanced ?? '');
  // A refusal is told best by its enhanced code's detail, except an "Other …" one (X.0.0, X.1.0 …);
  // a success by its reply code in the command's sense (251 forwards, where 2.1.5 only says "valid").
  const preferEntry = input.entry !== undefined && (!failure || explanation?.detail?.detail === '0');
  const detail = preferEntry ? undefined : explanation?.detail;
  if (detail) {
    const text = escapeMarkdown(brief(catalog.text(detail.description, lang), MEANING_COLUMNS));
    // With a reply code in the heading, the detail's name says what the enhanced code adds.
    const meaning = input.code ? `**${escapeMarkdown(input.enhanced ?? '')}** ${escapeMarkdown(catalog.text(detail.name, lang))}: ${text}` : text;
    return { meaning, whatToDo: failure ? escapeMarkdown(brief(catalog.text(detail.howToFix, lang), WHAT_TO_DO_COLUMNS)) : undefined };
  }
  if (input.entry) {
    const meaning = escapeMarkdown(brief(catalog.text(input.entry.description, lang), MEANING_COLUMNS));
    return { meaning, whatToDo: failure ? escapeMarkdown(brief(catalog.text(input.entry.howToFix, lang), WHAT_TO_DO_COLUMNS)) : undefined };
  }
  if (explanation && !input.code && (explanation.classEntry || explanation.subjectEntry)) {
    const known = explanation.subjectEntry ?? explanation.classEntry;
    return { meaning: `${escapeMarkdown(brief(catalog.text(known!.description, lang), MEANING_COLUMNS))} ${catalog.message('hover.unregisteredEnhanced', lang)}` };
  }
  return { meaning: catalog.message('hover.unknownCode', lang) };
}

/** The Explain page of this reply, and for a transcript's reply code the codes to compare it with. */
function links(input: ReplySummaryInput, catalog: Catalog, lang: Language): string {
  const out: string[] = [];
  const code = explainCode(input.code, input.enhanced);
  if (code) {
    const verb = input.command && /^[A-Z]{1,20}$/.test(input.command) ? input.command : undefined;
    out.push(commandLink(catalog.message('hover.explainLink', lang), EXPLAIN_COMMAND, { code, ...(verb ? { command: verb } : {}) }));
  }
  if (input.compare && input.code && input.entry) {
    const others = input.entry.related.flatMap((id) => {
      const other = catalog.replyById(id);
      return other && other.code !== input.code ? [other.code] : [];
    }).filter((c, i, all) => all.indexOf(c) === i).slice(0, COMPARE_LINKS);
    const compared = others.map((other) => commandLink(other, COMPARE_COMMAND, { a: input.code!, b: other }));
    if (compared.length > 0) out.push(`${catalog.message('hover.compareWith', lang)} ${compared.join(' · ')}`);
  }
  return out.join(' · ');
}
