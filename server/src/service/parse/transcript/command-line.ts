import type { Command, Parameter, Span, TranscriptLine } from '../model';

const VERB = /^([A-Za-z][A-Za-z-]*)(?=\s|:|$)/;
const PATH = /^(?:FROM|TO)\s*:\s*/i;

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
    const after = text.slice(rest);
    const p = PATH.exec(after);
    if (p) {
      rest += p[0].length;
      const open = text[rest] === '<';
      const close = open ? text.indexOf('>', rest) : -1;
      const end = open ? (close < 0 ? text.length : close + 1) : nextSpace(text, rest);
      const address = text.slice(open ? rest + 1 : rest, open && close >= 0 ? close : end);
      command.path = { address, span: span(rest, end) };
      rest = end;
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
