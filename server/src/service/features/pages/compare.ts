/**
 * The comparison page of two codes, in the shape of a reference page such as "SMTP 251 User Not
 * Local vs 334 Server Challenge": title, the two classes, each code's description, when it occurs
 * and how to fix, the key differences, when to use which, and where to learn more. Every fact comes
 * from the catalog; only the glue sentences are UI messages.
 */
import type { Catalog, EnhancedExplanation, Language, ReplyCodeEntry } from '../../catalog';
import { firstSentence } from '../brief';
import { escapeMarkdown, inlineCode } from '../markdown';
import { enhancedNotes, usualReplies } from './explain';
import { isQueryProblem, parseCodeQuery, type CodeQuery } from './query';
import {
  afterText, bullets, classLabel, commandList, enhancedTitle, field, heading, joinClauses, joinList, page, referenceLinks, relatedReply, replyTitle, section, table,
} from './render';
import { enhancedCode, problemMessage, quote, replyMeanings, type PageResult } from './resolve';

/** Compares two reply codes ("251", "334", "251@ETRN") or two enhanced status codes ("5.1.1", "5.2.2"). */
export function comparePage(a: string, b: string, catalog: Catalog, lang: Language): PageResult {
  const queries: CodeQuery[] = [];
  for (const text of [a, b]) {
    const parsed = parseCodeQuery(text);
    if (isQueryProblem(parsed)) return { error: problemMessage(parsed, catalog, lang) };
    if (parsed.reply !== undefined && parsed.enhanced !== undefined) return { error: catalog.message('page.error.compareOne', lang, quote(text)) };
    queries.push(parsed);
  }
  const [qa, qb] = queries;
  if (qa.reply !== undefined && qb.reply !== undefined) {
    const entries: ReplyCodeEntry[] = [];
    for (const q of [qa, qb]) {
      const found = replyMeanings(q.reply!, q.command, catalog, lang);
      if ('error' in found) return found;
      entries.push(found.meanings[0]);
    }
    if (entries[0] === entries[1]) return { error: catalog.message('page.error.compareSame', lang, quote(a), quote(b)) };
    return { markdown: compareReplies(entries[0], entries[1], catalog, lang) };
  }
  if (qa.enhanced !== undefined && qb.enhanced !== undefined) {
    const explanations: EnhancedExplanation[] = [];
    for (const q of [qa, qb]) {
      const found = enhancedCode(q.enhanced!, catalog, lang);
      if ('error' in found) return found;
      explanations.push(found.explanation);
    }
    if (explanations[0].code === explanations[1].code) return { error: catalog.message('page.error.compareSame', lang, quote(a), quote(b)) };
    return { markdown: compareEnhanced(explanations[0], explanations[1], catalog, lang) };
  }
  return { error: catalog.message('page.error.compareKinds', lang) };
}

function compareReplies(x: ReplyCodeEntry, y: ReplyCodeEntry, catalog: Catalog, lang: Language): string {
  const m = (key: string, ...args: Array<string | number>): string => catalog.message(key, lang, ...args);
  const esc = (text: Parameters<Catalog['text']>[0]): string => escapeMarkdown(catalog.text(text, lang));
  const pair = [x, y];
  const classOf = (e: ReplyCodeEntry) => catalog.replyClass(e.code);
  const sameClass = x.code[0] === y.code[0];
  // Same number, two meanings (251 after RCPT vs after ETRN): the header says which.
  const columnLabel = (e: ReplyCodeEntry): string => (x.code === y.code ? `${escapeMarkdown(e.code)} · ${afterText(e, catalog, lang)}` : escapeMarkdown(e.code));

  const blocks: string[] = [heading(1, m('page.compareTitle', replyTitle(x, catalog, lang), replyTitle(y, catalog, lang)))];
  if (sameClass) {
    const cls = classOf(x);
    blocks.push(m('page.bothClassSummary', replyTitle(x, catalog, lang), replyTitle(y, catalog, lang), classLabel(x.code, catalog, lang), cls ? esc(cls.description) : ''),
      m('page.sameClass'));
  } else {
    for (const e of pair) {
      const cls = classOf(e);
      blocks.push(m('page.classSummary', replyTitle(e, catalog, lang), classLabel(e.code, catalog, lang), cls ? esc(cls.description) : ''));
    }
    blocks.push(m('page.differentClass'));
  }

  for (const e of pair) {
    const commands = commandList(e, catalog, lang);
    const others = catalog.replyMeanings(e.code).filter((other) => other !== e && !pair.includes(other));
    blocks.push(
      heading(2, replyTitle(e, catalog, lang)),
      field('class', classLabel(e.code, catalog, lang), catalog, lang) + (commands ? `  \n${field('sentAfter', commands, catalog, lang)}` : ''),
      ...section(3, m('heading.description'), esc(e.description)),
      ...section(3, m('heading.whenItOccurs'), esc(e.whenItOccurs)),
      ...section(3, m('heading.howToFix'), esc(e.howToFix)),
      ...others.map((other) => `ℹ ${m('page.otherMeaning', inlineCode(e.code), afterText(other, catalog, lang), esc(other.name))}`),
    );
  }

  const category = (e: ReplyCodeEntry): string => {
    const cat = catalog.replyCategory(e.code);
    return cat ? `x${escapeMarkdown(e.code[1])}x ${esc(cat.name)}` : '';
  };
  const rows: string[][] = [
    [m('heading.class'), ...pair.map((e) => classLabel(e.code, catalog, lang))],
    [m('heading.outcome'), ...pair.map((e) => { const cls = classOf(e); return cls ? m(`outcome.${cls.outcome}`) : ''; })],
    [m('heading.category'), ...pair.map(category)],
    [m('heading.meaning'), ...pair.map((e) => esc(e.name))],
    [m('heading.whenYouMeetIt'), ...pair.map((e) => afterText(e, catalog, lang))],
    [m('heading.enhancedCodes'), ...pair.map((e) => joinList(e.enhancedCodes.map((c) => escapeMarkdown(c)), lang))],
    [m('heading.origin'), ...pair.map((e) => m(`kind.${e.kind}`))],
  ];
  blocks.push(heading(2, m('heading.keyDifferences')), table(['', ...pair.map(columnLabel)], rows));

  const useWhich = pair.map((e) => {
    const cls = classOf(e);
    return m('page.useWhich', replyTitle(e, catalog, lang), classLabel(e.code, catalog, lang), escapeMarkdown(firstSentence(catalog.text(e.whenItOccurs, lang))), cls ? esc(cls.description) : '');
  });
  const closing = sameClass
    ? m('page.useWhich.sameClass', classLabel(x.code, catalog, lang))
    : m('page.useWhich.outcome', joinClauses(pair.map((e) => { const cls = classOf(e); return `${escapeMarkdown(e.code)} → ${cls ? m(`outcome.${cls.outcome}`) : ''}`; }), lang));
  blocks.push(heading(2, m('heading.whenToUseWhich')), bullets(useWhich), closing);

  blocks.push(...section(2, m('heading.learnMore'), bullets(learnMore(pair.map((e) => ({ title: replyTitle(e, catalog, lang), links: referenceLinks(e.references) })), catalog, lang))));
  return page(blocks);
}

function compareEnhanced(x: EnhancedExplanation, y: EnhancedExplanation, catalog: Catalog, lang: Language): string {
  const m = (key: string, ...args: Array<string | number>): string => catalog.message(key, lang, ...args);
  const esc = (text: Parameters<Catalog['text']>[0]): string => escapeMarkdown(catalog.text(text, lang));
  const pair = [x, y];
  const sameClass = x.code[0] === y.code[0];
  const title = (e: EnhancedExplanation): string => enhancedTitle(e, catalog, lang);
  const className = (e: EnhancedExplanation): string => (e.classEntry ? esc(e.classEntry.name) : '');
  const part = (digit: string, name: string): string => `${escapeMarkdown(digit)} · ${name}`;
  const usuallyWith = (e: EnhancedExplanation): string => {
    const codes = usualReplies(e);
    return codes.length > 0 ? m('page.usuallySentWith', joinList(codes.map((c) => relatedReply(c, catalog, lang)), lang)) : '';
  };
  const meaning = (e: EnhancedExplanation): string => (e.detail ? esc(e.detail.description) : m('hover.unregisteredEnhanced'));
  const when = (e: EnhancedExplanation): string[] => [e.subjectEntry ? esc(e.subjectEntry.description) : '', usuallyWith(e)];

  const blocks: string[] = [heading(1, m('page.compareTitle', title(x), title(y)))];
  if (sameClass) {
    blocks.push(m('page.bothEnhancedClassSummary', title(x), title(y), className(x), x.classEntry ? esc(x.classEntry.description) : ''),
      m('page.sameEnhancedClass'));
  } else {
    for (const e of pair) blocks.push(m('page.enhancedClassSummary', title(e), className(e), e.classEntry ? esc(e.classEntry.description) : ''));
    blocks.push(m('page.differentEnhancedClass'));
  }

  for (const e of pair) {
    blocks.push(
      heading(2, title(e)),
      field('class', className(e), catalog, lang) + (e.subjectEntry ? `  \n${field('subject', esc(e.subjectEntry.name), catalog, lang)}` : ''),
      ...section(3, m('heading.description'), [meaning(e), ...enhancedNotes(e, catalog, lang)]),
      ...section(3, m('heading.whenItOccurs'), when(e)),
      ...section(3, m('heading.howToFix'), e.detail ? esc(e.detail.howToFix) : ''),
    );
  }

  const rows: string[][] = [
    [m('heading.class'), ...pair.map((e) => part(e.code.split('.')[0], className(e)))],
    [m('heading.subject'), ...pair.map((e) => part(e.code.split('.')[1], e.subjectEntry ? esc(e.subjectEntry.name) : ''))],
    [m('heading.meaning'), ...pair.map((e) => (e.detail ? esc(e.detail.name) : m('status.unregistered')))],
    [m('heading.usuallySentWith'), ...pair.map((e) => joinList(usualReplies(e).map((c) => escapeMarkdown(c)), lang))],
    [m('heading.status'), ...pair.map((e) => m(`status.${e.detail?.status ?? 'unregistered'}`))],
  ];
  blocks.push(heading(2, m('heading.keyDifferences')), table(['', ...pair.map((e) => escapeMarkdown(e.code))], rows));

  const useWhich = pair.map((e) => m('page.useWhich', title(e), className(e), e.detail ? escapeMarkdown(firstSentence(catalog.text(e.detail.description, lang))) : meaning(e), usuallyWith(e)));
  const closing = sameClass
    ? m('page.useWhich.sameEnhancedClass', className(x))
    : m('page.useWhich.outcome', joinClauses(pair.map((e) => `${escapeMarkdown(e.code)} → ${className(e)}`), lang));
  blocks.push(heading(2, m('heading.whenToUseWhich')), bullets(useWhich), closing);

  blocks.push(...section(2, m('heading.learnMore'), bullets(learnMore(pair.map((e) => ({ title: title(e), links: referenceLinks(e.detail?.references ?? []) })), catalog, lang))));
  return page(blocks);
}


/** "251 User Not Local: [RFC 5321 §3.4](...)" per code that has references. */
function learnMore(items: ReadonlyArray<{ title: string; links: string[] }>, catalog: Catalog, lang: Language): string[] {
  return items.filter((item) => item.links.length > 0)
    .map((item) => catalog.message('page.learnMoreItem', lang, item.title, joinList(item.links, lang)));
}
