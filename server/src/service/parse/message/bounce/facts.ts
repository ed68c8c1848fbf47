import type { Span } from '../../model';
import { codesAt, type FoundCode } from '../codes';
import type { TextView } from '../text-view';
import { anyPattern } from '../../any-pattern';
import { COMMAND_PATTERNS, commandVerb, QMAIL_COMMANDS, REMOTE_MTA_PATTERNS } from './phrases';

/** What a stretch of bounce text says about one recipient's failure. */
export interface TextFacts {
  replyCode?: string;
  replyCodeSpan?: Span;
  status?: string;
  statusSpan?: Span;
  command?: string;
  remoteMta?: string;
  diagnostic: string;
  diagnosticSpan?: Span;
}

/** Longest diagnostic kept: a reply is at most a few lines. */
const MAX_DIAGNOSTIC = 1000;

/** Lines of quoted dialogue that are the client's, not the server's diagnostic. */
const CLIENT_LINE = /^\s*(?:>>>|Out:|C:)\s/;

/**
 * Reads view lines [from, to] (the first from column `column`): the first reply code and the enhanced
 * code with it (or the first enhanced code alone), the server's words from there to the end of the
 * paragraph, the command they answered and the host that said them.
 */
export function readFacts(view: TextView, from: number, to: number, column = 0): TextFacts {
  const found: FoundCode[] = [];
  const texts: string[] = [];
  // Once a refusal (4xx, 5xx) and an enhanced code after it are found, later codes change nothing.
  let refused = false;
  let settled = false;
  for (let i = from; i <= to && i < view.lines.length; i++) {
    const line = view.lines[i];
    texts.push(i === from ? line.slice(column) : line);
    if (settled || CLIENT_LINE.test(line)) continue;
    for (const code of codesAt(view, i, i === from ? column : 0)) {
      found.push(code);
      if (code.mention.kind === 'reply' && /^[45]/.test(code.mention.code)) refused = true;
      else if (refused && code.mention.kind === 'enhanced') settled = true;
    }
  }
  const joined = texts.join('\n');
  const facts: TextFacts = { diagnostic: '' };

  // A failure report's code is a refusal: a 4xx or 5xx before any 2xx or 3xx that precedes it ("220-laposte 421 ...").
  const reply = found.find((f) => f.mention.kind === 'reply' && /^[45]/.test(f.mention.code)) ?? found.find((f) => f.mention.kind === 'reply');
  if (reply) {
    facts.replyCode = reply.mention.code;
    facts.replyCodeSpan = reply.mention.span;
  }
  // The enhanced code that travels with the reply, else the first one after it, else any.
  const after = reply ? found.find((f) => f.mention.kind === 'enhanced' && (f.index > reply.index || (f.index === reply.index && f.column > reply.column))) : undefined;
  const enhanced = after ?? found.find((f) => f.mention.kind === 'enhanced');
  if (enhanced) {
    facts.status = enhanced.mention.code;
    facts.statusSpan = enhanced.mention.span;
  }

  const diagnostic = diagnosticText(view, from, to, column, reply ?? enhanced);
  facts.diagnostic = diagnostic.text;
  facts.diagnosticSpan = diagnostic.span;
  facts.command = commandIn(joined);
  facts.remoteMta = remoteMtaIn(joined);
  return facts;
}

/** Finds something in every text where a command or a remote host pattern would: most paragraphs name neither. */
const ANY_COMMAND = anyPattern([...COMMAND_PATTERNS, ...QMAIL_COMMANDS.map(([re]) => re)]);
const ANY_REMOTE_MTA = anyPattern(REMOTE_MTA_PATTERNS);

/** The command named in a stretch of bounce text. */
export function commandIn(text: string): string | undefined {
  // Postfix and Exim wrap their sentences: "(in reply to\n    RCPT TO command)".
  const flat = text.includes('\n') ? text.replace(/[ \t]*\n[ \t]*(?!>>>|<<<)/g, ' ') : text;
  if (!ANY_COMMAND.test(flat)) return undefined;
  for (const re of COMMAND_PATTERNS) {
    const m = re.exec(flat);
    const verb = m && commandVerb(m[1]);
    if (verb) return verb;
  }
  for (const [re, verb] of QMAIL_COMMANDS) if (re.test(flat)) return verb;
  return undefined;
}

/** The remote host named in a stretch of bounce text, without a trailing dot. */
export function remoteMtaIn(text: string): string | undefined {
  if (!ANY_REMOTE_MTA.test(text)) return undefined;
  for (const re of REMOTE_MTA_PATTERNS) {
    const m = re.exec(text);
    if (m) return m[1].replace(/^\[|\]$/g, '').replace(/\.$/, '');
  }
  return undefined;
}

/**
 * The diagnostic: from the first code to the end of its paragraph (a blank line), lines joined and
 * blanks collapsed; without a code, the paragraph after the address.
 */
function diagnosticText(view: TextView, from: number, to: number, column: number, start: FoundCode | undefined): { text: string; span?: Span } {
  let first = start ? start.index : from;
  let firstColumn = start ? start.column : column;
  if (!start && view.lines[from]?.slice(column).trim() === '') {
    // Nothing after the address on its line: the diagnostic starts on the next non-blank line.
    first = from + 1;
    while (first <= to && view.lines[first]?.trim() === '') first++;
    firstColumn = 0;
  }
  const pieces: string[] = [];
  let length = 0;
  for (let i = first; i <= to && i < view.lines.length && length < MAX_DIAGNOSTIC; i++) {
    const line = i === first ? view.lines[i].slice(firstColumn) : view.lines[i];
    if (line.trim() === '') {
      // "because:" or "The error that the other server returned was:" leads in to the next paragraph.
      if (pieces.length > 0 && !pieces[pieces.length - 1].endsWith(':')) break;
      continue;
    }
    if (CLIENT_LINE.test(line) && pieces.length > 0) break;
    const piece = line.trim().replace(/^<<<\s+/, '');
    pieces.push(piece);
    length += piece.length + 1;
  }
  const text = pieces.join(' ').replace(/\s+/g, ' ').trim().slice(0, MAX_DIAGNOSTIC);
  if (!text || first > to || first >= view.lines.length) return { text };
  const lineText = view.lines[first];
  const lead = firstColumn + (lineText.slice(firstColumn).length - lineText.slice(firstColumn).trimStart().length);
  return { text, span: view.span(first, lead, lineText.trimEnd().length) };
}
