import type { Catalog, Language, Reference } from '../catalog';
import { safeLink } from './markdown';

/** "2xx Positive Completion" */
export function replyClassLabel(code: string, catalog: Catalog, lang: Language): string {
  const cls = catalog.replyClass(code);
  return cls ? `${code[0]}xx ${catalog.text(cls.name, lang)}` : catalog.message('hover.unknownCode', lang);
}

/** Each reference as a link: "RFC 5321 §4.2.2" to its section. */
export function referenceLinks(references: readonly Reference[]): string[] {
  return references.map((r) => safeLink(r.section ? `${r.source} §${r.section}` : r.source, r.url));
}

export function referencesLine(references: readonly Reference[], catalog: Catalog, lang: Language): string {
  const links = referenceLinks(references);
  return links.length > 0 ? `${catalog.message('heading.references', lang)}: ${links.join(', ')}` : '';
}

