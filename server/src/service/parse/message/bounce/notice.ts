import type { MimePart } from '../model';
import { partView, type TextView } from '../text-view';

/** The bounce's own words: a decoded text view and the view lines [from, to] that belong to it. */
export interface Notice {
  view: TextView;
  part: MimePart;
  from: number;
  to: number;
  /** View line where a returned message starts inside this text, when a separator announced one. */
  returnedAt?: number;
}

/** Types whose body is a whole message or its header: what a bounce returns, never its own words. */
const RETURNED_TYPES = new Set(['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/global-headers', 'message/partial', 'message/external-body']);

/**
 * Where MTAs start the copy of the returned message in a plain-text bounce: Exim's "------ This is a
 * copy of the message", qmail's "--- Below this line is a copy of the message.", Gmail's "----- Original
 * message -----", GMX's "--- The header of the original message is following. ---", DragonFly's "Message
 * headers follow." and the like.
 */
const RETURNED_START_FORMS = [
  /^-{2,}\s*(?:this is a copy of|a copy of the|below this line is a copy|the header of the original|original message|returned message|undelivered message|original mail|the original message|forwarded message|unsent message|headers of the original|message header follows|header of the message follows)/i,
  /^(?:message headers follow|original message follows|original message headers?:?|unsent message below|the original message (?:was|headers? (?:were|was|are|is)) (?:received|included)|your original message(?: headers)?(?: is| are)? (?:included )?(?:below|as attachment)|-+ ?returned mail follows ?-+)\.?$/i,
  /^-{3,}\s*(?:original|returned|copy|headers?)\b.*-{3,}$/i,
  // Demon's "---- START OF RETURNED MESSAGE ----".
  /^-{2,}\s*start of (?:the )?(?:returned|original|undelivered) message\b/i,
  // "|------------------------- Message text follows: ------------------------|"
  /^\|-+ ?message text follows/i,
];

/** The forms as one pattern, each anchored at the start of the line: one search a line instead of one per form. */
const RETURNED_START = new RegExp(RETURNED_START_FORMS.map((re) => `(?:${re.source})`).join('|'), 'i');

/** Longest notice read: past this, the text is a returned message that no separator announced. */
const MAX_NOTICE_LINES = 400;

/** Most text parts read as a bounce's words: a bounce has one to three; thousands are no bounce. */
const MAX_NOTICES = 32;

/** The text parts of a message that are its own words (not a returned message, not an attachment). */
export function notices(lines: readonly string[], root: MimePart): Notice[] {
  const found: Notice[] = [];
  const visit = (part: MimePart): void => {
    if (found.length >= MAX_NOTICES) return;
    if (RETURNED_TYPES.has(part.contentType) && part !== root) return;
    // A multipart whose boundary never appears is all preamble: its body is the only text there is.
    if (part.contentType.startsWith('multipart/') && part.children.length > 0) {
      const children = part.contentType === 'multipart/alternative' ? preferPlain(part.children) : part.children;
      for (const child of children) visit(child);
      return;
    }
    const asText = part.contentType.startsWith('text/') || part.contentType.startsWith('multipart/');
    if (!asText || part.contentType === 'text/rfc822-headers') return;
    if (/^\s*attachment/i.test(part.headers.find((h) => h.key === 'content-disposition')?.value ?? '') && found.length > 0) return;
    if (part.bodyEnd < part.bodyStart) return;
    let view = partView(lines, part);
    if (part.contentType === 'text/html') view = htmlAsText(view);
    const to = returnedStart(view, 0, view.lines.length - 1);
    found.push({ view, part, from: 0, to: Math.min(to - 1, MAX_NOTICE_LINES), returnedAt: to < view.lines.length ? to : undefined });
  };
  visit(root);
  return found;
}

/** In multipart/alternative, the plain-text version only, when there is one. */
function preferPlain(children: readonly MimePart[]): readonly MimePart[] {
  const plain = children.filter((c) => c.contentType === 'text/plain');
  return plain.length > 0 ? plain : children;
}

/** The view line where a returned message starts, or `to + 1` when none does. */
export function returnedStart(view: TextView, from: number, to: number): number {
  for (let i = from; i <= to && i < view.lines.length; i++) {
    const line = view.lines[i].trim();
    if (line.length < 8 || line.length > 200) continue;
    if (RETURNED_START.test(line)) return i;
  }
  return to + 1;
}

/**
 * A notice whose lines are quoted with ">" (a bounce forwarded inline): the quoting taken off, each
 * line's columns shifted back to the raw text.
 */
export function unquoted(notice: Notice): Notice | undefined {
  const { view } = notice;
  const lines = view.lines.slice(0, notice.to + 1);
  const quoted = lines.filter((l) => l.startsWith('>')).length;
  if (quoted < 5 || quoted < lines.length / 3) return undefined;
  const cut = lines.map((l) => (l.startsWith('> ') ? 2 : l.startsWith('>') ? 1 : 0));
  const inner: TextView = {
    lines: lines.map((l, i) => l.slice(cut[i])),
    span: (index, start, end) => view.span(index, start + (cut[index] ?? 0), end + (cut[index] ?? 0)),
    lineOf: (index) => view.lineOf(index),
    exact: view.exact,
  };
  const to = returnedStart(inner, 0, inner.lines.length - 1);
  return { view: inner, part: notice.part, from: 0, to: to - 1, returnedAt: to < inner.lines.length ? to : undefined };
}

/**
 * An HTML part read as text: tags removed and entities for the characters bounces use decoded, each
 * line staying on its line so positions hold (columns are approximate).
 */
function htmlAsText(view: TextView): TextView {
  return {
    ...view,
    // A line with neither a tag nor an entity is left as it is, without seven searches.
    lines: view.lines.map((line) => (!line.includes('<') && !line.includes('&') ? line : line.replace(/<[^<>]{0,2000}>/g, ' ')
      .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&'))),
  };
}
