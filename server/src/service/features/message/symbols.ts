import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import type { Catalog, Language } from '../../catalog';
import { classifyMessage, type ClassifiedRecipient } from '../../bounce/classify';
import type { Span } from '../../parse';
import type { MailMessage, MessageModel, MimePart } from '../../parse/message/model';
import { counted } from '../../analyze/log/describe';

/** Most parts listed per message: a hostile message may have a million. */
const MAX_PARTS = 500;

/**
 * The Outline of a message document: each message (by subject), its failed recipients with their
 * verdict, its delivery-status report and its MIME parts as a tree.
 */
export function messageSymbols(model: MessageModel, catalog: Catalog, lang: Language, isCancelled: () => boolean = () => false): DocumentSymbol[] {
  const lines = (start: number, end: number): Range => wholeLines(start, end, model.lineCount);
  const symbols: DocumentSymbol[] = [];
  for (const message of model.messages) {
    if (isCancelled()) break;
    const children: DocumentSymbol[] = [];
    const classified = classifyMessage(message, catalog);
    if (classified.length > 0) {
      const first = classified.reduce((min, c) => Math.min(min, c.recipient.startLine, c.recipient.addressSpan?.line ?? Infinity), Infinity);
      const last = classified.reduce((max, c) => Math.max(max, c.recipient.endLine, c.recipient.addressSpan?.line ?? -1), -1);
      children.push({
        name: catalog.message('outline.bounceRecipients', lang),
        detail: message.bounce?.agent,
        kind: SymbolKind.Array,
        range: lines(first, last),
        selectionRange: lines(first, first),
        children: classified.map((c) => recipientSymbol(c, catalog, lang, model.lineCount)),
      });
    }
    for (const report of message.reports) {
      children.push({ name: catalog.message('outline.deliveryReport', lang), kind: SymbolKind.Namespace, range: lines(report.startLine, report.endLine), selectionRange: lines(report.startLine, report.startLine) });
    }
    const feedback = message.bounce?.feedback;
    if (feedback) children.push(pointSymbol(catalog.message('outline.feedback', lang, feedback.feedbackType), feedback.recipients.join(', '), SymbolKind.Event, feedback.span, model.lineCount));
    const autoReply = message.bounce?.autoReply;
    if (autoReply) children.push(pointSymbol(catalog.message('outline.autoReply', lang), message.subject, SymbolKind.Event, autoReply.span, model.lineCount));
    const parts = partSymbol(message.root, catalog, lang, model.lineCount, { left: MAX_PARTS });
    children.push({ ...parts, name: catalog.message('outline.parts', lang) });
    const subject = message.subject?.trim();
    symbols.push({
      name: subject ? subject.slice(0, 120) : catalog.message('outline.mail', lang, message.index + 1),
      detail: detailOf(message, classified, catalog, lang),
      kind: SymbolKind.File,
      range: lines(message.startLine, message.endLine),
      selectionRange: lines(message.startLine, message.startLine),
      children,
    });
  }
  return symbols;
}

function detailOf(message: MailMessage, classified: readonly ClassifiedRecipient[], catalog: Catalog, lang: Language): string {
  const parts = [message.from?.slice(0, 80)];
  if (classified.length > 0) parts.push(counted(catalog, lang, 'outline.recipients', classified.length));
  return parts.filter(Boolean).join(' · ');
}

function recipientSymbol({ recipient, classification }: ClassifiedRecipient, catalog: Catalog, lang: Language, lineCount: number): DocumentSymbol {
  const fate = recipient.action === 'delayed' ? 'outline.delayedRecipient'
    : recipient.action !== 'failed' ? 'outline.deliveredRecipient'
      : classification.bounce === 'hard' ? 'outline.hard' : classification.bounce === 'undetermined' ? 'outline.undetermined' : 'outline.soft';
  const codes = [recipient.replyCode, recipient.status].filter(Boolean).join(' ');
  const at = recipient.addressSpan?.line ?? recipient.startLine;
  return {
    name: recipient.address || catalog.message('bounce.noRecipient', lang),
    detail: [catalog.message(fate, lang), catalog.text(classification.reason.name, lang), codes].filter(Boolean).join(' · '),
    kind: SymbolKind.Field,
    range: wholeLines(Math.min(at, recipient.startLine), Math.max(at, recipient.endLine), lineCount),
    selectionRange: wholeLines(at, at, lineCount),
  };
}

function partSymbol(part: MimePart, catalog: Catalog, lang: Language, lineCount: number, budget: { left: number }): DocumentSymbol {
  const start = Math.max(0, Math.min(part.headerStart, part.bodyStart));
  const end = Math.max(start, part.bodyEnd, part.headerEnd);
  const children: DocumentSymbol[] = [];
  for (const child of part.children) {
    if (--budget.left < 0) break;
    children.push(partSymbol(child, catalog, lang, lineCount, budget));
  }
  const detail = [part.id ? `#${part.id}` : undefined, part.encoding !== '7bit' ? part.encoding : undefined, part.unterminated ? catalog.message('outline.unterminated', lang) : undefined];
  return {
    name: part.contentType,
    detail: detail.filter(Boolean).join(' · '),
    kind: part.contentType.startsWith('multipart/') ? SymbolKind.Package : part.contentType.startsWith('message/') ? SymbolKind.Object : SymbolKind.String,
    range: wholeLines(start, end, lineCount),
    selectionRange: wholeLines(start, start, lineCount),
    children,
  };
}

function pointSymbol(name: string, detail: string | undefined, kind: SymbolKind, span: Span, lineCount: number): DocumentSymbol {
  return { name, detail, kind, range: wholeLines(span.line, span.line, lineCount), selectionRange: wholeLines(span.line, span.line, lineCount) };
}

/** Lines start..end in full: up to the start of the next line (or the start of the last line at the end). */
function wholeLines(start: number, end: number, lineCount: number): Range {
  const last = Math.max(start, end);
  return last + 1 < lineCount
    ? { start: { line: start, character: 0 }, end: { line: last + 1, character: 0 } }
    : { start: { line: start, character: 0 }, end: { line: last, character: 0 } };
}
