import { displayWidth } from '../../server/src/service/report/text';

/**
 * How much room a hover's Markdown takes in VS Code, estimated from its text: the hover is about 95
 * columns wide (a CJK character takes two), a paragraph takes its wrapped lines and a gap of about
 * half a line. What is measured is what shows: link labels without their targets, text without its
 * Markdown escapes and emphasis.
 */
export const HOVER_COLUMNS = 100;

export function renderedText(markdown: string): string {
  return markdown
    .replace(/\]\((?:command:|https?:)[^)]*\)/g, ']')
    .replace(/(?<!\\)[[\]]/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~&"':])/g, '$1')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
    .replace(/\*\*/g, '').replace(/`+/g, '');
}

export interface HoverSize { paragraphs: number; lines: number; characters: number }

export function hoverSize(markdown: string): HoverSize {
  const paragraphs = markdown.split(/\n\n+/).map(renderedText).filter((p) => p.trim() !== '');
  const lines = paragraphs.reduce((sum, p) => sum + p.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(displayWidth(l) / HOVER_COLUMNS)), 0), 0);
  return { paragraphs: paragraphs.length, lines, characters: paragraphs.join('\n\n').length };
}

/** Lines plus the gaps between paragraphs, in lines: what must stay within the budget. */
export function hoverHeight(size: HoverSize): number {
  return size.lines + 0.5 * Math.max(0, size.paragraphs - 1);
}

/**
 * The budget of a reply's hover: what fits in VS Code's hover (about 250 pixels high, 95 columns
 * wide) without a scrollbar, with a problem's message of two lines above it. Checked in the real
 * editor by the e2e suite (test/e2e/hover.test.ts), which measures the hover's scroll height.
 */
export const HOVER_BUDGET = { height: 9, characters: 1200 } as const;

export function assertFits(markdown: string, what = 'hover'): void {
  const size = hoverSize(markdown);
  const height = hoverHeight(size);
  if (height > HOVER_BUDGET.height || size.characters > HOVER_BUDGET.characters) {
    throw new Error(`${what} takes ${height} lines in ${size.paragraphs} paragraphs and ${size.characters} characters, over the budget of ${HOVER_BUDGET.height} lines and ${HOVER_BUDGET.characters} characters:\n${markdown}`);
  }
}
