import type { Reply } from '../../model';
import { readTranscript } from '../../transcript/transcript-reader';
import type { BounceRecipient } from '../model';
import type { Notice } from './notice';

/** Longest text read as dialogue. */
const MAX_LINES = 2000;

/** The verb every recipient of a transaction is named with, however a transcript quotes it. */
const RCPT = /rcpt/i;

/**
 * A report that only quotes the dialogue (Postfix's "errors from" notices to the postmaster, sendmail
 * transcripts without a recipient list): the refusal is the last 4xx or 5xx reply, the recipients are
 * those of its transaction (or the RCPT it answered).
 */
export function transcriptRecipients(own: readonly Notice[]): BounceRecipient[] {
  for (const notice of own) {
    const to = Math.min(notice.to, notice.from + MAX_LINES);
    // Recipients come from RCPT commands only: text that never writes one needs no transcript reading.
    if (!notice.view.lines.slice(notice.from, to + 1).some((l) => RCPT.test(l))) continue;
    const text = notice.view.lines.slice(0, to + 1).map((l, i) => (i < notice.from ? '' : l)).join('\n');
    const model = readTranscript(text);
    for (const session of model.sessions) {
      const failed = [...session.replies].reverse().find((r) => /^[45]/.test(r.code) && r.answers !== undefined);
      if (!failed) continue;
      const command = failed.answers === 'connection' ? undefined : failed.answers;
      const transaction = session.transactions.find((t) => t.recipients.some((r) => r.command === command) || t.data === command || t.mail === command)
        ?? session.transactions[session.transactions.length - 1];
      const targets = command?.verb === 'RCPT' ? transaction?.recipients.filter((r) => r.command === command) : transaction?.recipients;
      if (!targets || targets.length === 0) continue;
      return targets.filter((t) => t.address).map((t) => {
        const line = t.command.path?.span ?? t.command.argumentSpan;
        return {
          address: t.address,
          addressSpan: notice.view.span(line.line, line.start, line.end),
          action: failed.code.startsWith('4') ? 'delayed' : 'failed',
          status: failed.enhanced,
          statusSpan: enhancedSpan(failed, notice),
          replyCode: failed.code,
          replyCodeSpan: notice.view.span(failed.lines[0].codeSpan.line, failed.lines[0].codeSpan.start, failed.lines[0].codeSpan.end),
          command: failed.answers === 'connection' ? 'CONNECT' : command?.verb,
          diagnostic: failed.lines.map((l) => `${l.code} ${l.text}`).join(' ').replace(/\s+/g, ' ').trim(),
          startLine: notice.view.lineOf(session.startLine),
          endLine: notice.view.lineOf(session.endLine),
        };
      });
    }
  }
  return [];
}

function enhancedSpan(reply: Reply, notice: Notice) {
  const span = reply.lines[0].enhanced?.span;
  return span ? notice.view.span(span.line, span.start, span.end) : undefined;
}
