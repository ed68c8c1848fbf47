import type { Catalog, EnhancedExplanation, Language, Reference, ReplyCodeEntry } from '../catalog';
import { escapeMarkdown, safeLink } from './markdown';

/** "2xx Positive Completion" */
export function replyClassLabel(code: string, catalog: Catalog, lang: Language): string {
  const cls = catalog.replyClass(code);
  return cls ? `${code[0]}xx ${catalog.text(cls.name, lang)}` : catalog.message('hover.unknownCode', lang);
}

/** "**251 User Not Local** · 2xx Positive Completion" */
export function replyHeading(code: string, entry: ReplyCodeEntry | undefined, catalog: Catalog, lang: Language): string {
  const name = entry ? ` ${escapeMarkdown(catalog.text(entry.name, lang))}` : '';
  return `**${escapeMarkdown(code)}${name}** · ${escapeMarkdown(replyClassLabel(code, catalog, lang))}`;
}

/** The body of a reply code's documentation: description, how to fix, when it occurs, references. */
export function replyBody(entry: ReplyCodeEntry, catalog: Catalog, lang: Language): string[] {
  return [
    escapeMarkdown(catalog.text(entry.description, lang)),
    // What to do first: it is what someone whose mail was refused came for.
    `**${catalog.message('heading.howToFix', lang)}:** ${escapeMarkdown(catalog.text(entry.howToFix, lang))}`,
    `**${catalog.message('heading.whenItOccurs', lang)}:** ${escapeMarkdown(catalog.text(entry.whenItOccurs, lang))}`,
    referencesLine(entry.references, catalog, lang),
  ];
}

/**
 * The generic part of a reply's documentation when a provider lead comes first: only what the code
 * means in general; how to fix, when it occurs and the references are on the Explain page.
 */
export function replyBodyShort(entry: ReplyCodeEntry, catalog: Catalog, lang: Language): string[] {
  return [escapeMarkdown(catalog.text(entry.description, lang))];
}

/** Each reference as a link: "RFC 5321 §4.2.2" to its section. */
export function referenceLinks(references: readonly Reference[]): string[] {
  return references.map((r) => safeLink(r.section ? `${r.source} §${r.section}` : r.source, r.url));
}

export function referencesLine(references: readonly Reference[], catalog: Catalog, lang: Language): string {
  const links = referenceLinks(references);
  return links.length > 0 ? `${catalog.message('heading.references', lang)}: ${links.join(', ')}` : '';
}

/** "**5.1.1** · Permanent Failure · Addressing Status · Bad destination mailbox address" and its details. */
export function enhancedMarkdown(explanation: EnhancedExplanation, catalog: Catalog, lang: Language): string[] {
  const { classEntry, subjectEntry, detail } = explanation;
  const parts = [
    classEntry ? catalog.text(classEntry.name, lang) : undefined,
    subjectEntry ? catalog.text(subjectEntry.name, lang) : undefined,
    detail ? catalog.text(detail.name, lang) : undefined,
  ].filter((p): p is string => p !== undefined).map(escapeMarkdown);
  const lines = [`**${escapeMarkdown(explanation.code)}** · ${parts.join(' · ')}`];
  if (detail) {
    lines.push(escapeMarkdown(catalog.text(detail.description, lang)));
    lines.push(`**${catalog.message('heading.howToFix', lang)}:** ${escapeMarkdown(catalog.text(detail.howToFix, lang))}`);
    lines.push(referencesLine(detail.references, catalog, lang));
  } else {
    if (classEntry) lines.push(escapeMarkdown(catalog.text(classEntry.description, lang)));
    if (subjectEntry) lines.push(escapeMarkdown(catalog.text(subjectEntry.description, lang)));
    lines.push(catalog.message('hover.unregisteredEnhanced', lang));
  }
  return lines.filter((l) => l !== '');
}
