import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import type { Catalog, Language } from '../../catalog';
import { counted, eventMeaning } from '../../analyze/log/describe';
import type { LogEvent, LogMessage, LogModel, LogRecipient } from '../../parse/log/model';
import { explainingDelivery, lastDelivery, messageOutcome } from '../../parse/log/outcome';
import { outcomeWord } from './story';
import { memoOn } from '../../parse/memo';

/** More than this many messages or rejections in the Outline help no one and cost a large response. */
export const MAX_OUTLINE_ENTRIES = 5000;

/**
 * The Outline of a log: each message (sender, recipients, final outcome) with its recipients and
 * their fate, then the refused clients. Messages interleave, so a message's range runs from its
 * first to its last line and may hold other messages' lines.
 */
export function logSymbols(model: LogModel, catalog: Catalog, lang: Language, isCancelled: () => boolean = () => false): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  const lines: Lines = (start, end, endCharacter) => wholeLines(start, end, endCharacter, model.lineCount);
  const table = model.messages;
  for (let i = 0; i < Math.min(table.length, MAX_OUTLINE_ENTRIES); i++) {
    if (isCancelled()) return symbols;
    symbols.push(messageSymbol(table.at(i), catalog, lang, lines));
  }
  if (table.length > MAX_OUTLINE_ENTRIES) {
    const line = table.firstLine(MAX_OUTLINE_ENTRIES);
    symbols.push({
      name: catalog.message('log.outline.more', lang, model.messages.length - MAX_OUTLINE_ENTRIES),
      kind: SymbolKind.Null, range: lines(line, line, 0), selectionRange: lines(line, line, 0),
    });
  }
  const rejections = model.rejections.filter((r) => !isInMessage(r, model));
  if (rejections.length > 0) {
    const first = rejections[0].line;
    const last = rejections[rejections.length - 1].line;
    symbols.push({
      name: catalog.message('log.outline.rejections', lang, rejections.length),
      kind: SymbolKind.Namespace,
      range: lines(first, last, rejections[rejections.length - 1].markEnd),
      selectionRange: lines(first, first, 0),
      children: rejections.slice(0, MAX_OUTLINE_ENTRIES).map((event) => rejectionSymbol(event, catalog, lang, lines)),
    });
  }
  return symbols;
}

/** Refusals of a message that had a queue id already are shown under the message. */
function isInMessage(event: LogEvent, model: LogModel): boolean {
  return messageOfEvent(model).has(event);
}

const EVENT_OWNERS = Symbol('refusals held by messages');

/** The refusals messages hold: only messages on a refusal's line are read again to find them. */
function messageOfEvent(model: LogModel): Set<LogEvent> {
  return memoOn(model, EVENT_OWNERS, () => {
    const owned = new Set<LogEvent>();
    const read = new Set<number>();
    for (const rejection of model.rejections) {
      const index = model.messages.onLine(rejection.line);
      if (index < 0 || read.has(index)) continue;
      read.add(index);
      for (const event of model.messages.at(index).events) if (event.kind === 'rejected') owned.add(event);
    }
    return owned;
  });
}

/** Whole lines start..end; `endCharacter`: a column known to lie on the last line. */
type Lines = (start: number, end: number, endCharacter: number) => Range;

/**
 * Line lengths are not kept for a log: a range ends at the start of the next line, which covers
 * all of `end`; on the document's last line it ends at a column known to be there.
 */
function wholeLines(start: number, end: number, endCharacter: number, lineCount: number): Range {
  return end + 1 < lineCount
    ? { start: { line: start, character: 0 }, end: { line: end + 1, character: 0 } }
    : { start: { line: start, character: 0 }, end: { line: end, character: endCharacter } };
}

function messageSymbol(message: LogMessage, catalog: Catalog, lang: Language, lines: Lines): DocumentSymbol {
  const first = message.lines[0];
  const last = message.lines[message.lines.length - 1];
  const outcome = outcomeWord(messageOutcome(message), catalog, lang);
  const from = message.sender === undefined ? undefined : `<${message.sender}>`;
  const detail = [from, counted(catalog, lang, 'outline.recipients', message.recipients.length), outcome].filter(Boolean).join(' · ');
  const children: DocumentSymbol[] = [];
  for (const recipient of message.recipients.slice(0, MAX_OUTLINE_ENTRIES)) {
    const symbol = recipientSymbol(recipient, catalog, lang, lines);
    if (symbol) children.push(symbol);
  }
  for (const event of message.events) {
    if (event.kind === 'rejected') children.push(rejectionSymbol(event, catalog, lang, lines));
  }
  const idStart = message.columns[0];
  // On the document's last line, the end of what a child or the id covers there.
  const lastEnd = Math.max(message.columns[message.columns.length - 1] + message.id.length, ...children.map((c) => c.range.end.line === last ? c.range.end.character : 0));
  return {
    name: message.id,
    detail,
    kind: SymbolKind.Object,
    range: lines(first, last, lastEnd),
    selectionRange: { start: { line: first, character: idStart }, end: { line: first, character: idStart + message.id.length } },
    children,
  };
}

function recipientSymbol(recipient: LogRecipient, catalog: Catalog, lang: Language, lines: Lines): DocumentSymbol | undefined {
  const last = lastDelivery(recipient);
  if (!last) return undefined;
  const why = explainingDelivery(recipient) ?? last;
  const words = [recipient.status ? outcomeWord(recipient.status, catalog, lang) : ''];
  if (recipient.status !== 'sent' && (why.code || why.enhanced || why.dsn)) words.push(eventMeaning(why, catalog, lang));
  if (recipient.deferrals > 0) words.push(counted(catalog, lang, 'log.retries', recipient.deferrals).trim());
  const at = last.recipientAt ?? last.markAt;
  const end = last.recipientAt !== undefined ? at + (last.recipient ?? '').length : last.markEnd;
  return {
    name: recipient.address || '<>',
    detail: words.filter(Boolean).join(' '),
    kind: SymbolKind.Field,
    range: lines(last.line, last.line, Math.max(end, last.markEnd)),
    selectionRange: { start: { line: last.line, character: at }, end: { line: last.line, character: end } },
  };
}

function rejectionSymbol(event: LogEvent, catalog: Catalog, lang: Language, lines: Lines): DocumentSymbol {
  const what = event.command === 'RCPT' && event.recipient !== undefined ? `RCPT TO:<${event.recipient}>`
    : event.command === 'MAIL' && event.sender !== undefined ? `MAIL FROM:<${event.sender}>` : event.command ?? catalog.message('log.someCommand', lang);
  return {
    name: what,
    detail: [event.peer, eventMeaning(event, catalog, lang)].filter(Boolean).join(' · '),
    kind: SymbolKind.Event,
    range: lines(event.line, event.line, event.markEnd),
    selectionRange: { start: { line: event.line, character: event.markAt }, end: { line: event.line, character: event.markEnd } },
  };
}
