import { headerValue, readHeaderBlock } from '../header-block';
import type { BounceReport, FeedbackReport, HeaderField, MimePart } from '../model';
import { partView } from '../text-view';
import { cleanAddress } from './text-blocks';

/**
 * An ARF report (RFC 5965): a message/feedback-report part, or Hotmail's older complaint that returns
 * the message with an X-HmXmrOriginalRecipient header. The recipients are those who complained.
 */
export function feedbackOf(lines: readonly string[], root: MimePart, parts: readonly MimePart[]): { report: FeedbackReport; agent?: string } | undefined {
  const part = parts.find((p) => p.contentType === 'message/feedback-report');
  if (part) {
    const view = partView(lines, part);
    const block = readHeaderBlock(view.lines, 0, view.lines.length);
    const type = block.fields.find((f) => f.key === 'feedback-type');
    // Original-Rcpt-To and Removal-Recipient often name the same address: each once.
    const recipients = [...new Set(block.fields.filter((f) => f.key === 'original-rcpt-to' || f.key === 'removal-recipient').map((f) => address(f.value)).filter((a): a is string => !!a))];
    if (recipients.length === 0) recipients.push(...returnedTo(parts, part));
    const at = type ? view.lineOf(type.startLine) : part.bodyStart;
    return {
      report: {
        feedbackType: (type?.value ?? 'other').toLowerCase().split(/[\s;]/)[0],
        span: type ? view.span(type.startLine, 0, view.lines[type.startLine].length) : { line: at, start: 0, end: 0 },
        recipients,
      },
      agent: headerValue(block.fields, 'user-agent'),
    };
  }
  // Hotmail's complaint: the reported message with the complainer's address in a header of its own.
  const subject = headerValue(root.headers, 'subject') ?? '';
  if (/complaint about message from/i.test(subject)) {
    for (const p of parts) {
      const header = p.headers.find((h) => h.key === 'x-hmxmroriginalrecipient');
      if (header) {
        return { report: { feedbackType: 'abuse', span: header.nameSpan, recipients: [address(header.value)].filter((a): a is string => !!a) }, agent: 'Hotmail' };
      }
    }
  }
  return undefined;
}

/** The To of the message a report returns, when the report names no recipient itself. */
function returnedTo(parts: readonly MimePart[], after: MimePart): string[] {
  const start = parts.indexOf(after);
  for (const p of parts.slice(start + 1)) {
    const to = headerValue(p.headers, 'to');
    if (to) return to.split(',').map(address).filter((a): a is string => !!a);
  }
  return [];
}

function address(value: string): string | undefined {
  const bracketed = /<([^<>\s]+@[^<>\s]+)>/.exec(value)?.[1];
  return cleanAddress(bracketed ?? value.trim().replace(/^rfc822;\s*/i, '').split(/\s+/)[0] ?? '');
}

/** An auto-reply (RFC 3834 §5, and the headers and subjects vacation programs use). */
export function autoReplyOf(headers: readonly HeaderField[]): BounceReport['autoReply'] | undefined {
  const subject = headers.find((h) => h.key === 'subject');
  const auto = headers.find((h) => (h.key === 'auto-submitted' && /^auto-replied/i.test(h.value))
    || h.key === 'x-autoreply' || h.key === 'x-autorespond' || h.key === 'x-autoresponder'
    || (h.key === 'precedence' && /^auto[_-]reply/i.test(h.value)));
  const vacationSubject = /^\[?(?:auto(?:matic)?[ _-]?(?:reply|response|respons|antwort)|auto:\s|automatyczna odpowied|out of (?:the )?office|vacation|away from|abwesenheit|absence|r[ée]ponse automatique|自動応答|自动回复)|\bis out of (?:the )?office\b/i;
  const text = subject?.value ?? '';
  if (auto || vacationSubject.test(decodedSubject(text).replace(/^(?:re|aw|fw|fwd):\s*/i, ''))) {
    const at = auto ?? subject!;
    return { span: at.nameSpan, subject: text };
  }
  return undefined;
}

/** A subject with its encoded words decoded, as far as a vacation phrase needs: "=?iso-8859-2?Q?odpowied=BC?=" reads "odpowied?". */
function decodedSubject(value: string): string {
  return value.replace(/=\?[^?\s]{1,40}\?[QqBb]\?([^?\s]{0,200})\?=/g, (_, text: string) => text.replace(/_/g, ' ').replace(/=[0-9A-Fa-f]{2}/g, '?'));
}
