/**
 * Markdown building blocks. Text from a document is never trusted: everything that did not come
 * from the catalog goes through `escapeMarkdown` or `inlineCode`, so it cannot become a link, an
 * image, HTML or a command.
 */

const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&"':]/g;

/** Escapes every character Markdown or HTML could act on; the result renders as the same text. */
export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, (ch) => {
    switch (ch) {
      case '<': return '&lt;';
      case '>': return '&gt;';
      case '&': return '&amp;';
      case '"': return '&quot;';
      default: return `\\${ch}`;
    }
  });
}

/** Document text shown as inline code: a fence longer than any backtick run inside it. */
export function inlineCode(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ');
  const longestRun = Math.max(0, ...Array.from(clean.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') || clean === '' ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** A link whose target we wrote ourselves (catalog references): only http(s) targets are allowed. */
export function safeLink(label: string, url: string): string {
  if (!/^https:\/\/[^\s()<>]+$/.test(url)) return escapeMarkdown(label);
  return `[${escapeMarkdown(label)}](${url})`;
}

/** "**What to do:**" / "**如何处理：**": a bold label with the colon of its language. */
export function boldLabel(label: string, lang: string): string {
  return lang === 'zh-cn' ? `**${label}：**` : `**${label}:**`;
}
