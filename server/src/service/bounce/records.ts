import type { Catalog, Language } from '../catalog';
import type { MessageModel } from '../parse/message/model';
import { classifyMessage, reportReason } from './classify';

/** One line of `smtp-lens bounce`: a recipient of a bounce and what happened to it. */
export interface BounceRecord {
  /** 0-based index of the message in the file (mbox). */
  message: number;
  /** 1-based line of the recipient's report in the file. */
  line: number;
  recipient: string;
  action: string;
  status: string | null;
  replyCode: string | null;
  command: string | null;
  remoteMta: string | null;
  reason: string;
  reasonName: string;
  bounce: 'hard' | 'soft' | 'none';
  diagnostic: string;
  /** Who wrote the bounce, when its text tells ("Postfix", "Exim", "Gmail" ...). */
  agent: string | null;
}

export interface RecordOptions {
  /** Also delivered, relayed and expanded recipients, feedback reports and auto-replies. */
  all?: boolean;
  language?: Language;
}

/** The recipients of every bounce in a document, failed and delayed ones (or all with `all`). */
export function bounceRecords(model: MessageModel, catalog: Catalog, options: RecordOptions = {}): BounceRecord[] {
  const lang = options.language ?? 'en';
  const records: BounceRecord[] = [];
  for (const message of model.messages) {
    const agent = message.bounce?.agent ?? null;
    for (const { recipient, classification } of classifyMessage(message, catalog)) {
      if (!options.all && recipient.action !== 'failed' && recipient.action !== 'delayed') continue;
      records.push({
        message: message.index,
        line: (recipient.addressSpan?.line ?? recipient.startLine) + 1,
        recipient: recipient.address,
        action: recipient.action,
        status: recipient.status ?? null,
        replyCode: recipient.replyCode ?? null,
        command: recipient.command ?? null,
        remoteMta: recipient.remoteMta ?? null,
        reason: classification.reason.id,
        reasonName: catalog.text(classification.reason.name, lang),
        bounce: classification.bounce,
        diagnostic: recipient.diagnostic,
        agent,
      });
    }
    const report = reportReason(message, catalog);
    if (!options.all || !report || !message.bounce) continue;
    const line = (message.bounce.feedback?.span.line ?? message.bounce.autoReply?.span.line ?? message.startLine) + 1;
    const who = message.bounce.feedback ? message.bounce.feedback.recipients : [message.from ?? ''];
    for (const recipient of who.length > 0 ? who : ['']) {
      records.push({
        message: message.index, line, recipient, action: 'delivered', status: null, replyCode: null, command: null, remoteMta: null,
        reason: report.id, reasonName: catalog.text(report.name, lang), bounce: 'none',
        diagnostic: message.bounce.feedback ? `feedback-type: ${message.bounce.feedback.feedbackType}` : message.subject ?? '',
        agent,
      });
    }
  }
  return records;
}
