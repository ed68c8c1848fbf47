/** The explanation page of a reply code, an enhanced status code, or both: `smtp-lens explain`. */
import type { Catalog, EnhancedExplanation, Language, ReplyCodeEntry } from '../../catalog';
import { escapeMarkdown, inlineCode } from '../markdown';
import { cleanVerb, isQueryProblem, parseCodeQuery } from './query';
import {
  bullets, classLabel, commandList, enhancedTitle, field, heading, joinList, page, referenceLinks, relatedReply, replyTitle, section,
} from './render';
import { enhancedCode, problemMessage, replyMeanings, type PageResult } from './resolve';

export interface ExplainOptions {
  /** The command the reply answered: its meaning is shown first. Ignored unless letters only. */
  command?: string;
}

/** "550", "5.1.1", "550 5.7.26" or "251@ETRN" as a Markdown page, or why it cannot be explained. */
export function explainPage(query: string, catalog: Catalog, lang: Language, options: ExplainOptions = {}): PageResult {
  const parsed = parseCodeQuery(query);
  if (isQueryProblem(parsed)) return { error: problemMessage(parsed, catalog, lang) };
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
    blocks.push(...section(level, catalog.message('heading.usuallySentWith', lang), bullets(detail.replyCodes.map((code) => relatedReply(code, catalog, lang)))));
    blocks.push(...section(level, catalog.message('heading.references', lang), bullets(referenceLinks(detail.references))));
  } else {
    blocks.push(...section(level, partHeading('detail', detailDigits, catalog.message('status.unregistered', lang), catalog, lang),
      catalog.message('hover.unregisteredEnhanced', lang)));
  }
  return blocks;
}
