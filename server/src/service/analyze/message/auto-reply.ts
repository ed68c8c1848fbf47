import type { MessageModel } from '../../parse/message/model';
import type { Finding, Rule } from '../finding';

/** An auto-reply (RFC 3834): it says the message arrived, so it is no bounce, however it reads. */
export const autoReply: Rule<MessageModel> = {
  id: 'smtp.auto-reply',
  defaultSeverity: 'information',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const mail of model.messages) {
      const reply = mail.bounce?.autoReply;
      if (!reply) continue;
      const subject = mail.subject ?? reply.subject;
      findings.push({
        id: this.id, severity: this.defaultSeverity, span: reply.span,
        message: catalog.message('diagnostic.autoReply', language, subject.length > 80 ? `${subject.slice(0, 77)}...` : subject),
        data: { subject },
      });
    }
    return findings;
  },
};
