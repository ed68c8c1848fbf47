import type { Command, Parameter, Span, TranscriptLine } from '../model';
import { skipWhitespace, verbLengthAt } from './text-scan';

const VERB = /^([A-Za-z][A-Za-z-]*)(?=\s|:|$)/;

/** A further written line that carries the rest of a command (Postfix wraps long transcript lines). */
export interface Continuation {
  line: number;
  column: number;
  text: string;
}

/**
 * Splits a command line into verb, path, parameters and AUTH parts, with spans for each. Continuation
 * lines are read as if joined to the first by a space; a span stays on the line where it starts.
 */
export function parseCommand(source: TranscriptLine, index: number, pipelined: boolean, continuations: readonly Continuation[] = []): Command {
  const { line, column } = source;
  let text = source.text;
  let span = (start: number, end: number): Span => ({ line, start: column + start, end: column + end });
  if (continuations.length > 0) {
    const pieces = [{ line, column, text, from: 0 }];
    for (const c of continuations) {
      text += ' ' + c.text;
      pieces.push({ ...c, from: text.length - c.text.length });
    }
    span = (start, end) => {
      let i = pieces.length - 1;
      while (i > 0 && pieces[i].from > start) i--;
      const p = pieces[i];
      const last = p.from + p.text.length;
      return { line: p.line, start: p.column + Math.min(start, last) - p.from, end: p.column + Math.min(end, last) - p.from };
    };
  }
  const m = VERB.exec(text);
  const rawVerb = m ? m[1] : text.split(/\s/)[0];
  const verb = rawVerb.toUpperCase();
  let argStart = rawVerb.length;
  while (text[argStart] === ' ' || text[argStart] === '\t') argStart++;
  const command: Command = {
    index,
    verb,
    verbSpan: span(0, rawVerb.length),
    argument: text.slice(argStart),
    argumentSpan: span(argStart, text.length),
    params: [],
    source,
    replies: [],
    authResponses: [],
    content: [],
    pipelined,
  };
  let rest = argStart;
  if (verb === 'MAIL' || verb === 'RCPT') {
    const path = readPath(text, rest);
    if (path) {
      command.path = { address: path.address, span: span(path.start, path.end) };
      rest = path.end;
    }
    command.params = readParams(text, rest, span);
  } else if (verb === 'AUTH') {
    const mechEnd = nextSpace(text, rest);
    command.auth = { mechanism: text.slice(rest, mechEnd).toUpperCase(), mechanismSpan: span(rest, mechEnd) };
    let respStart = mechEnd;
    while (text[respStart] === ' ') respStart++;
    if (respStart < text.length) {
      const respEnd = nextSpace(text, respStart);
      command.auth.initialResponse = { text: text.slice(respStart, respEnd), span: span(respStart, respEnd) };
    }
  } else if (verb === 'EHLO' || verb === 'HELO' || verb === 'LHLO' || verb === 'BDAT' || verb === 'ETRN' || verb === 'XCLIENT' || verb === 'XFORWARD') {
    command.params = readParams(text, rest, span);
  }
  return command;
}

/** The path of MAIL FROM / RCPT TO after the verb (text from `from`): where it stands and its address. */
function readPath(text: string, from: number): { start: number; end: number; address: string } | undefined {
  const start = pathStart(text, from);
  if (start < 0) return undefined;
  const end = pathEndAt(text, start);
  // "<address>", or "<address" cut short (to the end of the line), or a bare address.
  const open = text[start] === '<';
  const closed = open && text[end - 1] === '>';
  return { start, end, address: text.slice(open ? start + 1 : start, closed ? end - 1 : end) };
}

/**
 * Where the path starts after "FROM:" or "TO:" at `from`, or -1 when neither stands there: what
 * `^(?:FROM|TO)\s*:\s*` finds, ignoring case, on the text from `from`; read by characters, as every
 * MAIL and RCPT line is.
 */
export function pathStart(text: string, from: number): number {
  let i = from;
  if (lowerAt(text, i) === 0x66 && lowerAt(text, i + 1) === 0x72 && lowerAt(text, i + 2) === 0x6f && lowerAt(text, i + 3) === 0x6d) i += 4;
  else if (lowerAt(text, i) === 0x74 && lowerAt(text, i + 1) === 0x6f) i += 2;
  else return -1;
  i = skipWhitespace(text, i, text.length);
  return text.charCodeAt(i) === 0x3a ? skipWhitespace(text, i + 1, text.length) : -1;
}

/** The character at `i` in lower case if it is an ASCII letter (other characters are only compared with letters). */
const lowerAt = (text: string, i: number): number => text.charCodeAt(i) | 0x20;

/** Where readPath's path ends (`from` when there is none), without making it. */
function pathEnd(text: string, from: number): number {
  const start = pathStart(text, from);
  return start < 0 ? from : pathEndAt(text, start);
}

/** The end of a path that starts at `start`: after its ">", at the end of the text if none, or at the space after a bare address. */
function pathEndAt(text: string, start: number): number {
  if (text[start] !== '<') return nextSpace(text, start);
  const close = text.indexOf('>', start);
  return close < 0 ? text.length : close + 1;
}

/**
 * The parameters of a MAIL or RCPT line as parseCommand reads them (keyword upper-case, value),
 * without making the command: for rules that judge a command on the columns first.
 */
export function mailParameters(text: string): Array<{ keyword: string; value?: string }> {
  const length = verbLengthAt(text, 0, text.length);
  let rest = length;
  while (text[rest] === ' ' || text[rest] === '\t') rest++;
  return readParams(text, pathEnd(text, rest), NO_SPAN);
}

const NO_SPAN = (): Span => ({ line: 0, start: 0, end: 0 });

function nextSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== ' ' && text[i] !== '\t') i++;
  return i;
}

/** Space-separated KEYWORD or KEYWORD=value items. */
function readParams(text: string, from: number, span: (s: number, e: number) => Span): Parameter[] {
  const params: Parameter[] = [];
  let i = from;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (i >= text.length) break;
    const end = nextSpace(text, i);
    const item = text.slice(i, end);
    const eq = item.indexOf('=');
    params.push(eq < 0
      ? { keyword: item.toUpperCase(), span: span(i, end) }
      : { keyword: item.slice(0, eq).toUpperCase(), value: item.slice(eq + 1), span: span(i, end) });
    i = end;
  }
  return params;
}
