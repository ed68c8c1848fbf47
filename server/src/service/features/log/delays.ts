import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { Catalog, Language } from '../../catalog';
import { delaySplit } from '../../report/builder';
import { toRange } from '../ranges';

/**
 * Postfix's `delays=a/b/c/d` on a delivery line, explained on hover: the four parts of the
 * message's time from arrival to the end of this attempt, and which of them is the largest.
 */
export function delaysHover(text: string, line: number, position: Position, catalog: Catalog, lang: Language): Hover | null {
  const at = text.indexOf('delays=');
  if (at < 0 || text.charCodeAt(at - 1) !== 32) return null;
  let end = text.indexOf(',', at);
  if (end < 0) end = text.length;
  if (position.character < at || position.character > end) return null;
  const split = delaySplit(text);
  if (!split) return null;
  const parts = [split.beforeQueueManager, split.inQueueManager, split.connection, split.transmission];
  const largest = parts.indexOf(Math.max(...parts));
  const shown = parts.map((p, i) => (i === largest && p > 0 ? `**${p}**` : String(p)));
  const value = [catalog.message('hover.delays', lang, ...shown), catalog.message('hover.delays.detail', lang)].join('\n\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: toRange({ line, start: at, end }) };
}
