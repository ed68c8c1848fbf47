import type { CodeMention } from './model';
import type { TextView } from './text-view';

/**
 * A reply code inside prose: a code the RFC 5321 grammar allows, standing alone (after the start, a
 * blank or punctuation that is no part of a number, IP address or time), followed by a blank, "-",
 * the end, or ": 5.2.2" (Yahoo writes "550: 5.2.2"); or after Zoho's "ResponseCode " and
 * "ERROR_CODE :", followed by a comma; or after "Error Code" ("[SMTP Error Code 550]"), followed by a
 * bracket or comma; or Exchange's "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##" (a "#"
 * before a number is otherwise no code: "ticket #550").
 */
export const REPLY_CODE = /(?<![\w.:/#=+-])([2-5][0-5]\d)(?=[ \t-]|$|:\s+[245]\.\d)|(?<=ResponseCode |ERROR_CODE :|[Ee]rror [Cc]ode:? )([2-5][0-5]\d)(?=[,\])])|(?<=^\s*#)([2-5][0-5]\d)(?= [245]\.\d{1,3}\.\d{1,3} )/g;
/** An enhanced status code (RFC 3463): class.subject.detail, not part of a longer dotted number. */
export const ENHANCED_CODE = /(?<![\w.])([245]\.\d{1,3}\.\d{1,3})(?![\w]|\.\d)/g;

/**
 * What may stand before an enhanced status code for it to be one, when no reply code precedes it on
 * its line: the start of the line (blanks, quoting, "--"), "#" (Exchange's "#5.1.1"), a bracket,
 * "Status:", "code:", "error message", "smtp;", or a three-digit code outside RFC 5321's range ("590 5.4.3"). A version number ("X-Mailman-Version: 2.1.5", "Mailman 2.0.12"), a date or a
 * piece of an address has none of these before it.
 */
const STATUS_CONTEXT = /(?:^[\s>|]*(?:<<<|-+)?\s*|[#([]\s*|\b(?:status(?: code)?|code|dsn|reason|error(?: message)?)\s*[:=]?\s*|;\s*|\b\d{3}[ -]\s*)$/i;

// The global patterns are only ever read for their source; these non-global copies serve single searches.
const FIRST_REPLY = new RegExp(REPLY_CODE.source);
const FIRST_ENHANCED = new RegExp(ENHANCED_CODE.source);

/**
 * The code patterns as sticky searches, tried only where a code's first characters stand (every
 * match of REPLY_CODE starts with `[2-5][0-5]\d`, every match of ENHANCED_CODE with `[245]\.\d`):
 * the lookbehinds that open each pattern keep V8 from skipping ahead, so a search of the whole line
 * tries all three alternatives at every character. The same matches as `matchAll`, in the same order.
 */
const REPLY_AT = new RegExp(REPLY_CODE.source, 'y');
const REPLY_SHAPE = /[2-5][0-5]\d/g;
const ENHANCED_AT = new RegExp(ENHANCED_CODE.source, 'y');
const ENHANCED_SHAPE = /[245]\.\d/g;

/**
 * Every match of `at` (sticky) in text, as a global search finds them (leftmost first, each after the
 * one before), tried only where `shape` (global: what every match of `at` starts with) matches.
 */
function matchesAt(text: string, shape: RegExp, at: RegExp): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  for (let pos = 0; pos <= text.length;) {
    shape.lastIndex = pos;
    const start = shape.exec(text);
    if (!start) break;
    at.lastIndex = start.index;
    const m = at.exec(text);
    if (!m) {
      pos = start.index + 1;
      continue;
    }
    out.push(m);
    pos = m.index + Math.max(m[0].length, 1);
  }
  return out;
}

/** `text.matchAll(REPLY_CODE)`, found faster (exported for the test that holds them equal). */
export function replyMatches(text: string): RegExpExecArray[] {
  return matchesAt(text, REPLY_SHAPE, REPLY_AT);
}

/** `text.matchAll(ENHANCED_CODE)`, found faster. */
export function enhancedMatches(text: string): RegExpExecArray[] {
  return matchesAt(text, ENHANCED_SHAPE, ENHANCED_AT);
}

/** Longest line searched for codes: the rest of a megabyte line is no diagnostic. */
const MAX_SCAN = 4096;

/** Reply and enhanced codes written on one view line, in order, each with its raw span. */
export function codesOnLine(view: TextView, index: number, from = 0): CodeMention[] {
  return codesAt(view, index, from).map((c) => c.mention);
}

/** A code found on a view line, and the view column it starts at. */
export interface FoundCode {
  mention: CodeMention;
  index: number;
  column: number;
}

/** Like `codesOnLine`, keeping where each code stands in the view. */
export function codesAt(view: TextView, index: number, from = 0): FoundCode[] {
  const line = view.lines[index];
  const text = line.length > MAX_SCAN ? line.slice(0, MAX_SCAN) : line;
  const found: FoundCode[] = [];
  // Most lines of a bounce hold no code: without the shape of one neither pattern can match.
  if (!mayHoldCode(text, from)) return found;
  for (const m of replyMatches(text)) {
    if (m.index < from) continue;
    const code = m[1] ?? m[2] ?? m[3];
    // A number ending a line of prose ("Size (in bytes): 222") is no reply; a code alone on its line is.
    if (m.index + 3 === text.length && text.trim() !== code && !/[:;]\s*$/.test(text.slice(0, m.index))) continue;
    // "550-5.7.26" continues a reply, "550 5.1.1" starts one; the enhanced code travels with it.
    const after = text.slice(m.index + 3);
    const enhanced = /^[ \t:-]+'?([245]\.\d{1,3}\.\d{1,3})(?![\w]|\.\d)/.exec(after)?.[1];
    found.push({ mention: { kind: 'reply', code, span: view.span(index, m.index, m.index + 3), enhanced }, index, column: m.index });
  }
  const firstReply = found.length > 0 ? found[0].column : Infinity;
  for (const m of enhancedMatches(text)) {
    if (m.index < from) continue;
    if (m.index < firstReply && m.index !== from && !STATUS_CONTEXT.test(text.slice(Math.max(from, m.index - 24), m.index))) continue;
    found.push({ mention: { kind: 'enhanced', code: m[1], span: view.span(index, m.index, m.index + m[1].length) }, index, column: m.index });
  }
  return found.sort((a, b) => a.column - b.column);
}

/**
 * What every reply code (three digits, the first 2 to 5, the second 0 to 5) and every enhanced code
 * ("5.1") starts with: a line without it at or after `from` holds no code. One native search, where
 * the full patterns' lookbehinds would try every position.
 */
const CODE_SHAPE = /[2-5][0-5]\d|[245]\.\d/g;

/** Whether text holds the start of a reply or enhanced code at or after `from` (exported for its test). */
export function mayHoldCode(text: string, from: number): boolean {
  CODE_SHAPE.lastIndex = from;
  return CODE_SHAPE.test(text);
}

/** The first reply code in text (no spans): "smtp; 550 5.1.1 ..." -> 550. */
export function firstReplyCode(text: string): string | undefined {
  const m = FIRST_REPLY.exec(text.slice(0, MAX_SCAN));
  return m ? m[1] ?? m[2] ?? m[3] : undefined;
}

/** The first enhanced status code in text (no spans). */
export function firstEnhancedCode(text: string): string | undefined {
  return FIRST_ENHANCED.exec(text.slice(0, MAX_SCAN))?.[1];
}
