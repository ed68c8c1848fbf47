import { codeText, isDigit } from './fields';
import type { LogEvent } from './model';

/** Commands whose replies a log quotes; CONNECT stands for the greeting. */
const VERBS = new Set(['HELO', 'EHLO', 'LHLO', 'MAIL', 'RCPT', 'DATA', 'BDAT', 'RSET', 'VRFY', 'EXPN', 'NOOP', 'QUIT', 'STARTTLS', 'AUTH', 'ETRN', 'XFORWARD', 'XCLIENT', 'CONNECT']);

/** How Exim says which command a reply answered. */
const AFTER_PHRASES = [' error from remote mail server after ', ' error after ', ' in response to '];

/** Three digits, the first 2–5, then a space, '-' (a multi-line reply) or the end of the text. */
function codeAt(line: string, at: number, end: number): boolean {
  const c = line.charCodeAt(at);
  if (c < 50 || c > 53 || !isDigit(line.charCodeAt(at + 1)) || !isDigit(line.charCodeAt(at + 2))) return false;
  if (at + 3 >= end) return at + 3 === end;
  const next = line.charCodeAt(at + 3);
  return next === 32 || next === 45;
}

/** End of an enhanced status code (RFC 3463: class.subject.detail, 1–3 digits each) at `at`, or -1. */
export function enhancedEnd(line: string, at: number, end = line.length): number {
  const c = line.charCodeAt(at);
  if ((c !== 50 && c !== 52 && c !== 53) || line.charCodeAt(at + 1) !== 46) return -1;
  let i = at + 2;
  for (let part = 0; part < 2; part++) {
    const start = i;
    while (i < end && isDigit(line.charCodeAt(i))) i++;
    if (i === start || i - start > 3) return -1;
    if (part === 0) {
      if (line.charCodeAt(i) !== 46) return -1;
      i++;
    }
  }
  if (i < end) {
    const next = line.charCodeAt(i);
    if (isDigit(next) || next === 46 || (next >= 65 && next <= 90) || (next >= 97 && next <= 122)) return -1;
  }
  return i;
}

/**
 * Reads a reply at `at` ("550 5.1.1 text", "550-5.7.1 text", or "5.7.1 text" with no code, as
 * milters write) into the event, its text running to `end`. Leaves the event alone and returns
 * false when neither a code nor an enhanced code stands there.
 */
export function readReply(line: string, at: number, end: number, event: LogEvent): boolean {
  let pos = at;
  let found = false;
  if (codeAt(line, pos, end)) {
    event.code = codeText(line, pos, pos + 3);
    event.codeAt = pos;
    pos += 4;
    found = true;
    while (pos < end && line.charCodeAt(pos) === 32) pos++;
  }
  const e = enhancedEnd(line, pos, end);
  if (e > 0) {
    event.enhanced = codeText(line, pos, e);
    event.enhancedAt = pos;
    pos = e;
    found = true;
    while (pos < end && line.charCodeAt(pos) === 32) pos++;
  }
  if (!found) return false;
  event.text = line.slice(Math.min(pos, end), end);
  event.textAt = Math.min(pos, end);
  return true;
}

/** The reason as text with no reply in it. */
export function readText(line: string, at: number, end: number, event: LogEvent): void {
  event.text = line.slice(at, Math.max(at, end));
  event.textAt = at;
}

/**
 * The first reply after ": " between `from` and `end` (Exim's "... after RCPT TO:<x>: 550 ...",
 * the addresses in between hold colons of their own). Returns its column or -1.
 */
export function replyAfterColon(line: string, from: number, end: number): number {
  let at = from;
  for (;;) {
    const colon = line.indexOf(': ', at);
    if (colon < 0 || colon + 2 >= end) return -1;
    const start = colon + 2;
    if (codeAt(line, start, end) || enhancedEnd(line, start, end) > 0) return start;
    at = start;
  }
}

/**
 * The command a reply answered, in Postfix's words: "(in reply to RCPT TO command)", "(in reply to
 * end of DATA command)"; "refused to talk to me" is the greeting.
 */
export function postfixCommand(line: string, from: number, end: number): string | undefined {
  const inReply = line.lastIndexOf('(in reply to ', end);
  if (inReply >= from) return verbAt(line, inReply + 13, end);
  return indexIn(line, 'refused to talk to me', from, end) >= 0 ? 'CONNECT' : undefined;
}

/**
 * The command a reply answered, in Exim's words: "SMTP error from remote mail server after RCPT
 * TO:<x>", "after pipelined end of data", "LMTP error after DATA", "in response to ...".
 */
export function eximCommand(line: string, from: number, end: number): string | undefined {
  for (const phrase of AFTER_PHRASES) {
    const at = indexIn(line, phrase, from, end);
    if (at >= 0) return verbAt(line, at + phrase.length, end);
  }
  return undefined;
}

function indexIn(line: string, needle: string, from: number, end: number): number {
  const at = line.indexOf(needle, from);
  return at >= 0 && at + needle.length <= end ? at : -1;
}

/** "RCPT TO", "end of DATA", "pipelined end of data", "initial connection", "MAIL FROM:<x>" ... as a verb. */
function verbAt(line: string, at: number, end: number): string | undefined {
  let pos = at;
  if (line.startsWith('pipelined ', pos)) pos += 10;
  const head = line.slice(pos, Math.min(end, pos + 20)).toLowerCase();
  if (head.startsWith('end of data') || head.startsWith('end-of-message') || head.startsWith('sending data')) return 'DATA';
  if (head.startsWith('initial') || head.startsWith('greeting') || head.startsWith('connect')) return 'CONNECT';
  let i = pos;
  while (i < end && ((line.charCodeAt(i) >= 65 && line.charCodeAt(i) <= 90) || (line.charCodeAt(i) >= 97 && line.charCodeAt(i) <= 122))) i++;
  const verb = line.slice(pos, i).toUpperCase();
  return VERBS.has(verb) ? verb : undefined;
}

/** A command named as a log writes it ("RCPT", "END-OF-MESSAGE", "CONNECT") as a verb the catalog knows. */
export function normalizeVerb(word: string): string | undefined {
  const verb = word.toUpperCase();
  if (verb === 'END-OF-MESSAGE') return 'DATA';
  return VERBS.has(verb) ? verb : undefined;
}
