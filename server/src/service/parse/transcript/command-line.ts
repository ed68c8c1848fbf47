import type { Command, Parameter, Span, TranscriptLine } from '../model';

/** Verbs the readers recognise as SMTP commands (RFC 5321 and its extensions, plus vendor ones). */
export const KNOWN_VERBS = new Set([
  'HELO', 'EHLO', 'LHLO', 'MAIL', 'RCPT', 'DATA', 'BDAT', 'RSET', 'VRFY', 'EXPN', 'HELP', 'NOOP', 'QUIT',
  'STARTTLS', 'AUTH', 'ETRN', 'ATRN', 'BURL', 'XCLIENT', 'XFORWARD', 'TURN', 'SEND', 'SOML', 'SAML',
]);

const VERB = /^([A-Za-z][A-Za-z-]*)(?=\s|:|$)/;
const PATH = /^(?:FROM|TO)\s*:\s*/i;

/** True when the text starts with a known SMTP verb. */
export function looksLikeCommand(text: string): boolean {
  const m = VERB.exec(text);
  return m !== null && KNOWN_VERBS.has(m[1].toUpperCase());
}

/** Splits a command line into verb, path, parameters and AUTH parts, with spans for each. */
export function parseCommand(source: TranscriptLine, index: number, pipelined: boolean): Command {
  const { line, column, text } = source;
  const m = VERB.exec(text);
  const rawVerb = m ? m[1] : text.split(/\s/)[0];
  const verb = rawVerb.toUpperCase();
  const span = (start: number, end: number): Span => ({ line, start: column + start, end: column + end });
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
  } else if (verb === 'EHLO' || verb === 'HELO' || verb === 'LHLO' || verb === 'BDAT' || verb === 'ETRN') {
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
