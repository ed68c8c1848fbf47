/** Building blocks shared by the explain and compare pages. Every catalog text is escaped here. */
import type { Catalog, EnhancedExplanation, Language, ReplyCodeEntry } from '../../catalog';
import { replyClassLabel } from '../code-docs';
import { escapeMarkdown, inlineCode } from '../markdown';

/** "251 User Not Local", escaped. */
export function replyTitle(entry: ReplyCodeEntry, catalog: Catalog, lang: Language): string {
  return escapeMarkdown(`${entry.code} ${catalog.text(entry.name, lang)}`);
}

/** "5.1.1 Bad destination mailbox address", or the bare code when the detail is unregistered; escaped. */
export function enhancedTitle(explanation: EnhancedExplanation, catalog: Catalog, lang: Language): string {
  const name = explanation.detail ? ` ${catalog.text(explanation.detail.name, lang)}` : '';
  return escapeMarkdown(`${explanation.code}${name}`);
}

/** "2xx Positive Completion", escaped. */
export function classLabel(code: string, catalog: Catalog, lang: Language): string {
  return escapeMarkdown(replyClassLabel(code, catalog, lang));
}

/** `RCPT`, `VRFY` — the commands a meaning follows, with the greeting and "any command" in words. */
export function commandList(entry: ReplyCodeEntry, catalog: Catalog, lang: Language): string {
  const names = entry.afterCommands.map((verb) => {
    if (verb === 'CONNECT') return catalog.message('page.afterConnect', lang);
    if (verb === '*') return catalog.message('page.afterAny', lang);
    return inlineCode(verb);
  });
  return joinList(names, lang);
}

/** "after `RCPT`, `VRFY`" */
export function afterText(entry: ReplyCodeEntry, catalog: Catalog, lang: Language): string {
  const commands = commandList(entry, catalog, lang);
  return commands ? catalog.message('page.after', lang, commands) : '';
}

/** "**Class:** value", the value already escaped. */
export function field(name: 'class' | 'subject' | 'sentAfter', value: string, catalog: Catalog, lang: Language): string {
  return catalog.message(`page.field.${name}`, lang, value);
}

/** Items of a list run together: "a, b" or "a、b". Punctuation, not wording, so it is not a message. */
export function joinList(items: readonly string[], lang: Language): string {
  return items.join(lang === 'zh-cn' ? '、' : ', ');
}

/** Clauses run together: "a; b" or "a；b". */
export function joinClauses(items: readonly string[], lang: Language): string {
  return items.join(lang === 'zh-cn' ? '；' : '; ');
}

/** A heading at `level` (1–6), its text already escaped. */
export function heading(level: number, text: string): string {
  return `${'#'.repeat(Math.min(6, Math.max(1, level)))} ${text}`;
}

/** A titled section, or nothing when the body is empty. */
export function section(level: number, title: string, body: string | string[]): string[] {
  const lines = (Array.isArray(body) ? body : [body]).filter((line) => line !== '');
  return lines.length > 0 ? [heading(level, title), ...lines] : [];
}

/** Each reference as a link, formatted once for hovers and pages. */
export { referenceLinks } from '../code-docs';

/** A Markdown bullet list of already-escaped items. */
export function bullets(items: readonly string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

/** "251 User Not Local" for a related reply id, or the bare code when the catalog lacks it. */
export function relatedReply(id: string, catalog: Catalog, lang: Language): string {
  const entry = catalog.replyById(id) ?? catalog.reply(id.split('@')[0]);
  return entry ? replyTitle(entry, catalog, lang) : escapeMarkdown(id.split('@')[0]);
}

/** A table cell: escaped text on one line. */
export function cell(text: string): string {
  return text.replace(/[\r\n]+/g, ' ') || '—';
}

/** A Markdown table from a header row and body rows of already-escaped cells. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header.map((h) => h || ' ')), `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => line(row.map(cell)))].join('\n');
}

/** Paragraphs joined into a page, with one trailing newline. */
export function page(blocks: ReadonlyArray<string>): string {
  return `${blocks.filter((b) => b !== '').join('\n\n')}\n`;
}
