import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import type { Catalog, Language } from '../catalog';
import { lastContentLine, lineEntry, type Reply, type Session, type Transaction, type TranscriptModel } from '../parse';
import { formatSeconds, responseTimes } from '../parse/timing';
import { commandText } from '../analyze/describe';
import { counted } from '../analyze/log/describe';

/** The Outline of SMTP dialogue: session → transaction (MAIL FROM) → recipients with their fate, and the DATA verdict. */
export function dialogueSymbols(model: TranscriptModel, catalog: Catalog, lang: Language, isCancelled: () => boolean = () => false): DocumentSymbol[] {
  const context: OutlineContext = {
    catalog, lang,
    lines: (start, end) => ({ start: { line: start, character: 0 }, end: { line: end, character: lineEntry(model, end)?.line.length ?? 0 } }),
  };
  const symbols: DocumentSymbol[] = [];
  for (const session of model.sessions) {
    if (isCancelled()) break;
    symbols.push(sessionSymbol(session, context));
  }
  return symbols;
}

interface OutlineContext {
  catalog: Catalog;
  lang: Language;
  /** Whole lines start..end of the document. */
  lines: (start: number, end: number) => Range;
}

function sessionSymbol(session: Session, context: OutlineContext): DocumentSymbol {
  const { catalog, lang, lines } = context;
  const greeting = session.replies.find((r) => r.answers === 'connection' && r.code === '220');
  const host = greeting?.lines[0].text.split(/\s/)[0];
  const detail = [host, session.dialect, session.tlsStarted ? catalog.message('outline.tls', lang) : undefined].filter(Boolean).join(' · ');
  const range = lines(session.startLine, lastContentLine(session));
  return {
    name: catalog.message('outline.session', lang, session.index + 1),
    detail,
    kind: SymbolKind.Module,
    range,
    selectionRange: lines(session.startLine, session.startLine),
    children: [...session.transactions.map((t) => transactionSymbol(t, context)), ...timelineSymbol(session, context)],
  };
}

/**
 * The session's timeline, where the capture gives response times (swaks -stl, timestamped logs): each timed reply
 * under the command it answers, with how long it took and when it came (the times added up).
 */
function timelineSymbol(session: Session, context: OutlineContext): DocumentSymbol[] {
  const times = responseTimes(session);
  if (times.size === 0) return [];
  const { catalog, lang, lines } = context;
  let elapsed = 0;
  let slowest = 0;
  const children: DocumentSymbol[] = [];
  for (const reply of session.replies) {
    const seconds = times.get(reply.index);
    if (seconds === undefined) continue;
    elapsed += seconds;
    slowest = Math.max(slowest, seconds);
    const line = reply.lines[0].source.line;
    const label = reply.answers === 'connection' ? catalog.message('diagnostic.slowReply.connection', lang) : reply.answers ? commandText(reply.answers) : reply.code;
    children.push({
      name: `${reply.code} ← ${label}`,
      detail: catalog.message('outline.atTime', lang, formatSeconds(seconds, times.wholeSeconds), formatSeconds(elapsed, times.wholeSeconds)),
      kind: SymbolKind.Event,
      range: lines(line, reply.lines[reply.lines.length - 1].source.line),
      selectionRange: lines(line, line),
    });
  }
  const start = children[0].range.start.line;
  return [{
    name: catalog.message('outline.timeline', lang),
    detail: catalog.message('outline.timelineDetail', lang, children.length, formatSeconds(elapsed, times.wholeSeconds), formatSeconds(slowest, times.wholeSeconds)),
    kind: SymbolKind.Array,
    range: lines(start, children[children.length - 1].range.end.line),
    selectionRange: lines(start, start),
    children,
  }];
}

function transactionSymbol(transaction: Transaction, context: OutlineContext): DocumentSymbol {
  const { catalog, lang, lines } = context;
  const mailLine = transaction.mail.source.line;
  const lastLine = Math.max(mailLine, ...[transaction.verdict, ...transaction.recipients.map((r) => r.reply)]
    .filter((r): r is Reply => r !== undefined).map((r) => r.lines[r.lines.length - 1].source.line));
  const children: DocumentSymbol[] = transaction.recipients.map((recipient) => {
    const line = recipient.command.source.line;
    return {
      name: recipient.address || recipient.command.argument,
      detail: fate(recipient.reply, catalog, lang),
      kind: SymbolKind.Field,
      range: lines(line, recipient.reply ? recipient.reply.lines[recipient.reply.lines.length - 1].source.line : line),
      selectionRange: lines(line, line),
    };
  });
  if (transaction.data) {
    const line = transaction.data.source.line;
    const verdict = transaction.verdict;
    children.push({
      name: transaction.data.verb,
      detail: verdict ? fate(verdict, catalog, lang, 'outline.queued') : catalog.message('outline.noReply', lang),
      kind: SymbolKind.Event,
      range: lines(line, verdict ? verdict.lines[verdict.lines.length - 1].source.line : line),
      selectionRange: lines(line, line),
    });
  }
  const accepted = transaction.recipients.filter((r) => r.reply?.code.startsWith('2')).length;
  return {
    name: `MAIL FROM:<${transaction.mail.path?.address ?? ''}>`,
    detail: `${counted(catalog, lang, 'outline.recipients', transaction.recipients.length)} · ${accepted} ${catalog.message('outline.accepted', lang)}`,
    kind: SymbolKind.Object,
    range: lines(mailLine, lastLine),
    selectionRange: lines(mailLine, mailLine),
    children,
  };
}

/** "accepted 250 2.1.5", "rejected 550 5.1.1 ..." */
function fate(reply: Reply | undefined, catalog: Catalog, lang: Language, success = 'outline.accepted'): string {
  if (!reply) return catalog.message('outline.noReply', lang);
  const word = reply.code.startsWith('2') ? success : reply.code.startsWith('4') ? 'outline.deferred' : reply.code.startsWith('5') ? 'outline.rejected' : '';
  const text = reply.lines[0].text;
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `${word ? catalog.message(word, lang) + ' ' : ''}${reply.code} ${short}`.trim();
}
