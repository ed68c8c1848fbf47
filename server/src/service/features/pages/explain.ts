/** The explanation page of a reply code, an enhanced status code, or both: `smtp-lens explain`. */
import type { Catalog, EnhancedExplanation, Language, ReplyCodeEntry } from '../../catalog';
import { providerMatch, type ProviderMatch } from '../../catalog/providers';
import { escapeMarkdown, inlineCode, safeLink } from '../markdown';
import { cleanVerb, isQueryProblem, parseCodeQuery, type CodeQuery } from './query';
import {
  bullets, classLabel, commandList, enhancedTitle, field, heading, joinList, page, referenceLinks, relatedReply, replyTitle, section,
} from './render';
import { enhancedCode, problemMessage, replyMeanings, type PageResult } from './resolve';

export interface ExplainOptions {
  /** The command the reply answered: its meaning is shown first. Ignored unless letters only. */
  command?: string;
  /** A provider rule of data/providers.json (a hover's link names the one it matched): its page comes first. */
  rule?: string;
}

/** Longest reply line read: a refusal is a few lines; more is not a reply. */
const MAX_LINE = 4000;

/** A reply line as pasted: "550 5.7.606 Access denied, ...", also after "smtp;" or a transcript's "S:". */
interface ReplyLine {
  text: string;
  code?: string;
  enhanced?: string;
}

function readReplyLine(query: string): ReplyLine | undefined {
  if (query.length > MAX_LINE) return undefined;
  const text = query.trim().replace(/^(?:diagnostic-code\s*:\s*)?(?:smtp\s*;\s*)?(?:S:\s*|<-\s*|<<<\s*)?/i, '');
  const codes = /^([2-5][0-5]\d)(?:[ -]+#?([245]\.\d{1,3}\.\d{1,3}))?(?![\d.])/.exec(text);
  return text === '' ? undefined : { text, code: codes?.[1], enhanced: codes?.[2] };
}

/**
 * "550", "5.1.1", "550 5.7.26" or "251@ETRN" as a Markdown page, or why it cannot be explained. A
 * whole reply line ("550 5.7.606 Access denied, banned sending IP [192.0.2.1] ...") gets the page of
 * what it means from the provider that sent it, when the provider table knows it, then its codes'.
 */
export function explainPage(query: string, catalog: Catalog, lang: Language, options: ExplainOptions = {}): PageResult {
  const parsed = parseCodeQuery(query);
  if (isQueryProblem(parsed)) {
    const line = parsed.problem === 'malformed' || parsed.problem === 'too-many' ? readReplyLine(query) : undefined;
    return line ? replyLinePage(line, catalog, lang, options) : { error: problemMessage(parsed, catalog, lang) };
  }
  const found = options.rule ? catalog.providerRule(options.rule) : undefined;
  const generic = codesPage(parsed, catalog, lang, options);
  if (!found || 'error' in generic) return generic;
  const codes = [parsed.reply, parsed.enhanced].filter(Boolean).join(' ');
  return { markdown: page([...providerBlocks({ ...found, token: parsed.enhanced ?? parsed.reply ?? '' }, codes, undefined, catalog, lang), ...demoted(generic.markdown)]) };
}

/** The page of a pasted reply line: its provider's meaning when known, then its codes' page. */
function replyLinePage(line: ReplyLine, catalog: Catalog, lang: Language, options: ExplainOptions): PageResult {
  const match = providerMatch({ text: line.text, code: line.code, enhanced: line.enhanced }, catalog);
  const codes = [line.code, line.enhanced].filter(Boolean).join(' ');
  const generic = codes ? explainPage(codes, catalog, lang, { command: options.command }) : undefined;
  if (!match) {
    if (!generic || 'error' in generic) return generic ?? { error: catalog.message('page.error.malformed', lang, quoteLine(line.text)) };
    return { markdown: page([`*${catalog.message('page.noProvider', lang)}*`, generic.markdown.trimEnd()]) };
  }
  const rest = generic && 'markdown' in generic ? demoted(generic.markdown) : [];
  return { markdown: page([...providerBlocks(match, codes, line.text, catalog, lang), ...rest]) };
}

/** The reply as inline code, on one line and shortened: it is the user's text, never Markdown. */
function quoteLine(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return inlineCode(clean.length > 300 ? `${clean.slice(0, 299)}…` : clean);
}

/** Title, the reply quoted, provider and token, what it means, what to do, where to go. */
function providerBlocks(match: ProviderMatch, codes: string, replyText: string | undefined, catalog: Catalog, lang: Language): string[] {
  const { provider, rule, token } = match;
  const m = (key: string, ...args: Array<string | number>): string => catalog.message(key, lang, ...args);
  const name = escapeMarkdown(catalog.text(provider.name, lang));
  const links = [rule.pointer, provider.postmaster].filter((l, i, all): l is NonNullable<typeof l> => l !== undefined && all.findIndex((o) => o?.url === l.url) === i)
    .map((l) => safeLink(catalog.text(l.title, lang), l.url));
  return [
    heading(1, m('page.providerTitle', escapeMarkdown(codes || token), name, escapeMarkdown(catalog.text(rule.title, lang)))),
    replyText ? m('page.quotedReply', quoteLine(replyText)) : '',
    `${m('page.field.provider', name)}  \n${m('page.field.token', inlineCode(token))}`,
    ...section(2, m('heading.whatItMeans'), escapeMarkdown(catalog.text(rule.meaning, lang))),
    ...section(2, m('hover.whatToDo'), escapeMarkdown(catalog.text(rule.whatToDo, lang))),
    ...section(2, m('heading.whereToGo'), bullets(links)),
    `*${m('page.genericFollows')}*`,
  ].filter((b) => b !== '');
}

/** A page's blocks one heading level down, to follow a provider's part under its own title. */
function demoted(markdown: string): string[] {
  return markdown.trimEnd().split('\n\n').map((block) => (/^#{1,5} /.test(block) ? `#${block}` : block));
}

/** The page of the codes themselves (the whole page before provider knowledge). */
function codesPage(parsed: CodeQuery, catalog: Catalog, lang: Language, options: ExplainOptions): PageResult {
  const command = parsed.command ?? cleanVerb(options.command);

  let meanings: ReplyCodeEntry[] = [];
  if (parsed.reply !== undefined) {
    const found = replyMeanings(parsed.reply, command, catalog, lang);
    if ('error' in found) return found;
    meanings = found.meanings;
  }
  let explanation: EnhancedExplanation | undefined;
  if (parsed.enhanced !== undefined) {
    const found = enhancedCode(parsed.enhanced, catalog, lang);
    if ('error' in found) return found;
    explanation = found.explanation;
  }

  const blocks: string[] = [];
  if (explanation && meanings.length === 0) {
    blocks.push(heading(1, `SMTP ${enhancedTitle(explanation, catalog, lang)}`), ...enhancedBlocks(explanation, catalog, lang, 2));
  } else if (!explanation && meanings.length === 1) {
    blocks.push(heading(1, `SMTP ${replyTitle(meanings[0], catalog, lang)}`), ...replyBlocks(meanings[0], catalog, lang, 2));
  } else {
    const code = meanings[0].code;
    blocks.push(heading(1, `SMTP ${escapeMarkdown([code, explanation?.code].filter(Boolean).join(' '))}`));
    if (explanation && explanation.code[0] !== code[0]) {
      blocks.push(`⚠ ${catalog.message('page.classMismatch', lang, inlineCode(code), inlineCode(explanation.code))}`);
    }
    if (meanings.length > 1) blocks.push(catalog.message('page.meanings', lang, inlineCode(code), meanings.length));
    for (const entry of meanings) blocks.push(heading(2, replyTitle(entry, catalog, lang)), ...replyBlocks(entry, catalog, lang, 3));
    if (explanation) blocks.push(heading(2, enhancedTitle(explanation, catalog, lang)), ...enhancedBlocks(explanation, catalog, lang, 3));
  }
  return { markdown: page(blocks) };
}

/** Class, commands, description, when, how to fix, related and enhanced codes, references. */
export function replyBlocks(entry: ReplyCodeEntry, catalog: Catalog, lang: Language, level: number): string[] {
  const cls = catalog.replyClass(entry.code);
  const classText = cls ? `${classLabel(entry.code, catalog, lang)} — ${escapeMarkdown(catalog.text(cls.description, lang))}` : classLabel(entry.code, catalog, lang);
  const commands = commandList(entry, catalog, lang);
  return [
    field('class', classText, catalog, lang),
    commands ? field('sentAfter', commands, catalog, lang) : '',
    ...section(level, catalog.message('heading.description', lang), escapeMarkdown(catalog.text(entry.description, lang))),
    ...section(level, catalog.message('heading.whenItOccurs', lang), escapeMarkdown(catalog.text(entry.whenItOccurs, lang))),
    ...section(level, catalog.message('heading.howToFix', lang), escapeMarkdown(catalog.text(entry.howToFix, lang))),
    ...section(level, catalog.message('heading.related', lang), bullets(entry.related.map((id) => relatedReply(id, catalog, lang)))),
    ...section(level, catalog.message('heading.enhancedCodes', lang), bullets(entry.enhancedCodes.map((code) => enhancedTitle(catalog.enhanced(code), catalog, lang)))),
    ...section(level, catalog.message('heading.references', lang), bullets(referenceLinks(entry.references))),
  ].filter((block) => block !== '');
}

/** "Class 5: Permanent Failure" — a part of an enhanced code as a heading, escaped. */
function partHeading(part: 'class' | 'subject' | 'detail', digits: string, name: string, catalog: Catalog, lang: Language): string {
  return catalog.message(`page.${part}Part`, lang, escapeMarkdown(digits), escapeMarkdown(name));
}

/** Notes on a registered detail: deprecated, or used with a class the registry does not list. */
export function enhancedNotes(explanation: EnhancedExplanation, catalog: Catalog, lang: Language): string[] {
  const { detail } = explanation;
  if (!detail) return [];
  const notes: string[] = [];
  if (detail.status === 'deprecated') notes.push(`⚠ ${catalog.message('page.deprecated', lang)}`);
  const cls = explanation.code.split('.')[0];
  if (detail.classes.length > 0 && !detail.classes.includes(cls as '2' | '4' | '5')) {
    notes.push(`⚠ ${catalog.message('page.classNotPermitted', lang, joinList(detail.classes.map((c) => inlineCode(`${c}.${detail.subject}.${detail.detail}`)), lang))}`);
  }
  return notes;
}

/**
 * The reply codes an enhanced code usually travels with, of its own class only: a 4xx reply never
 * carries a 5.x.x code, whatever the registry lists for the detail in its other class.
 */
export function usualReplies(explanation: EnhancedExplanation): string[] {
  const cls = explanation.code[0];
  return (explanation.detail?.replyCodes ?? []).filter((code) => code[0] === cls);
}

/** Class, subject and detail, each explained; then how to fix, usual reply codes and references. */
export function enhancedBlocks(explanation: EnhancedExplanation, catalog: Catalog, lang: Language, level: number): string[] {
  const { classEntry, subjectEntry, detail } = explanation;
  const [cls, subject, detailDigits] = explanation.code.split('.');
  const blocks: string[] = [];
  if (classEntry) {
    blocks.push(...section(level, partHeading('class', cls, catalog.text(classEntry.name, lang), catalog, lang), escapeMarkdown(catalog.text(classEntry.description, lang))));
  }
  if (subjectEntry) {
    blocks.push(...section(level, partHeading('subject', subject, catalog.text(subjectEntry.name, lang), catalog, lang), escapeMarkdown(catalog.text(subjectEntry.description, lang))));
  }
  if (detail) {
    blocks.push(...section(level, partHeading('detail', detailDigits, catalog.text(detail.name, lang), catalog, lang),
      [escapeMarkdown(catalog.text(detail.description, lang)), ...enhancedNotes(explanation, catalog, lang)]));
    blocks.push(...section(level, catalog.message('heading.howToFix', lang), escapeMarkdown(catalog.text(detail.howToFix, lang))));
    blocks.push(...section(level, catalog.message('heading.usuallySentWith', lang), bullets(usualReplies(explanation).map((code) => relatedReply(code, catalog, lang)))));
    blocks.push(...section(level, catalog.message('heading.references', lang), bullets(referenceLinks(detail.references))));
  } else {
    blocks.push(...section(level, partHeading('detail', detailDigits, catalog.message('status.unregistered', lang), catalog, lang),
      catalog.message('hover.unregisteredEnhanced', lang)));
  }
  return blocks;
}
