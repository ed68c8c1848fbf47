/** The catalog as quick-pick items: "251 User Not Local", "5.1.1 Bad destination mailbox address" ... */
import type { Catalog, Language } from '../../catalog';
import { replyClassLabel } from '../code-docs';
import { joinList } from './render';
import type { CatalogItem, CatalogPicker } from '../../../../../protocol';

export type { CatalogItem, CatalogPicker };


/** Every reply code meaning, then every enhanced code in each class the registry allows it. */
export function catalogItems(catalog: Catalog, lang: Language): CatalogItem[] {
  const items: CatalogItem[] = [];
  const replies = [...catalog.data.replyCodes].sort((p, q) => p.code.localeCompare(q.code));
  for (const entry of replies) {
    const several = catalog.replyMeanings(entry.code).length > 1;
    const description = [replyClassLabel(entry.code, catalog, lang)];
    if (several && entry.afterCommands.length > 0) {
      const verbs = entry.afterCommands.map((v) => (v === 'CONNECT' ? catalog.message('page.afterConnect', lang) : v === '*' ? catalog.message('page.afterAny', lang) : v));
      description.push(catalog.message('page.after', lang, joinList(verbs, lang)));
    }
    items.push({
      kind: 'reply',
      code: entry.code,
      // "251@ETRN": the id names the meaning; explain and compare take it back as `code@command`.
      ...(entry.id.includes('@') ? { command: entry.id.split('@')[1] } : {}),
      label: `${entry.code} ${catalog.text(entry.name, lang)}`,
      description: description.join(' · '),
    });
  }
  const enhanced = catalog.data.enhancedCodes.flatMap((entry) => entry.classes.map((cls) => ({ entry, code: `${cls}.${entry.subject}.${entry.detail}` })));
  const numeric = (code: string): number[] => code.split('.').map(Number);
  enhanced.sort((p, q) => {
    const [a, b] = [numeric(p.code), numeric(q.code)];
    return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  });
  for (const { entry, code } of enhanced) {
    const explanation = catalog.enhanced(code);
    items.push({
      kind: 'enhanced',
      code,
      label: `${code} ${catalog.text(entry.name, lang)}`,
      description: [explanation.classEntry, explanation.subjectEntry]
        .map((part) => (part ? catalog.text(part.name, lang) : undefined)).filter(Boolean).join(' · '),
    });
  }
  return items;
}


export function catalogPicker(catalog: Catalog, lang: Language): CatalogPicker {
  return {
    items: catalogItems(catalog, lang),
    prompts: {
      explain: catalog.message('prompt.explain', lang),
      compareFirst: catalog.message('prompt.compareFirst', lang),
      compareSecond: catalog.message('prompt.compareSecond', lang),
    },
  };
}
