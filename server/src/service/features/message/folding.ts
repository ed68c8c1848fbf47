import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { MessageModel } from '../../parse/message/model';

/**
 * Folding for messages: each message of an mbox, header blocks, MIME parts (a long Base64 body folds
 * with its part, and on its own), delivery-status groups and each recipient's paragraph.
 */
export function messageFolding(model: MessageModel, isCancelled: () => boolean = () => false): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const add = (start: number, end: number, kind?: FoldingRangeKind): void => {
    if (end > start) ranges.push({ startLine: start, endLine: end, kind });
  };
  for (const message of model.messages) {
    if (isCancelled()) break;
    if (model.messages.length > 1) add(message.startLine, message.endLine, FoldingRangeKind.Region);
    for (const part of message.parts) {
      add(part.headerStart, part.headerEnd);
      if (part !== message.root) add(part.headerEnd >= part.headerStart ? part.headerStart : part.bodyStart, part.bodyEnd, FoldingRangeKind.Region);
      if (part.encoding === 'base64' && part.children.length === 0) add(part.bodyStart, part.bodyEnd);
    }
    for (const report of message.reports) {
      for (const group of [report.perMessage, ...report.recipients]) add(group.startLine, group.endLine);
    }
    for (const recipient of message.bounce?.recipients ?? []) {
      if (!recipient.dsn) add(recipient.startLine, recipient.endLine);
    }
  }
  return ranges;
}
