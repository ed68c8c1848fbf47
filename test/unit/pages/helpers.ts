// Helpers for the page tests: the shipped catalog, a catalog with edited entries, and a renderer.
import { createRequire } from 'node:module';
import { Catalog, type CatalogData, type Language, type ReplyCodeEntry } from '../../../server/src/service/catalog';
import { loadCatalogData } from '../../../server/src/service/catalog/bundled';
import { catalog } from '../../helpers/catalog';

export { catalog };

export const LANGS: readonly Language[] = ['en', 'zh-cn'];

/** The shipped catalog with some data replaced: shows that page content comes from the data. */
export function catalogWith(change: (data: CatalogData) => void): Catalog {
  const data = structuredClone(loadCatalogData());
  change(data);
  return new Catalog(data);
}

export function replyEntry(code: string, c: Catalog = catalog): ReplyCodeEntry {
  const entry = c.reply(code);
  if (!entry) throw new Error(`the catalog has no ${code}`);
  return entry;
}

/** Markdown rendered to HTML the way VS Code's Markdown preview does (markdown-it, HTML allowed), when available. */
type Renderer = (markdown: string) => string;
let renderer: Renderer | null | undefined;
export function renderHtml(): Renderer | null {
  if (renderer === undefined) {
    try {
      const MarkdownIt = createRequire(__filename)('markdown-it') as new (options: object) => { render(text: string): string };
      const md = new MarkdownIt({ html: true, linkify: true });
      renderer = (text) => md.render(text);
    } catch {
      renderer = null;
    }
  }
  return renderer;
}

/** Markdown with its code spans removed: what is left is what could act as a link or HTML. */
export function outsideCode(markdown: string): string {
  return markdown.replace(/(`+)[\s\S]*?\1/g, '');
}

/** Headings of a page in order, as "## Title". */
export function headings(markdown: string): string[] {
  return markdown.split('\n').filter((line) => /^#{1,6} /.test(line));
}

/** Undoes escapeMarkdown, to compare page text with catalog text. */
export function unescape(markdown: string): string {
  return markdown
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~&"':])/g, '$1')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}
