import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import { lastContentLine, type TranscriptModel } from '../parse';

/** Folding for SMTP dialogue: sessions, transactions, DATA content and multi-line replies. */
export function dialogueFolding(model: TranscriptModel, isCancelled: () => boolean = () => false): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const add = (start: number, end: number, kind?: FoldingRangeKind): void => {
    if (end > start) ranges.push({ startLine: start, endLine: end, kind });
  };
  for (const session of model.sessions) {
    if (isCancelled()) break;
    add(session.startLine, lastContentLine(session), FoldingRangeKind.Region);
    for (const t of session.transactions) {
      const ends = [t.verdict, ...t.recipients.map((r) => r.reply)].flatMap((r) => (r ? [r.lines[r.lines.length - 1].source.line] : []));
      add(t.mail.source.line, Math.max(t.mail.source.line, ...ends));
    }
    for (const command of session.commands) {
      if (command.content.length > 0) add(command.source.line, command.content[command.content.length - 1].line);
    }
    for (const reply of session.replies) {
      if (reply.lines.length > 1) add(reply.lines[0].source.line, reply.lines[reply.lines.length - 1].source.line);
    }
  }
  return ranges;
}
