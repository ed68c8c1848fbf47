import type { MessageModel } from '../../parse/message/model';
import type { Finding, Rule } from '../finding';

/** An ARF feedback report (RFC 5965): delivered, then reported as abuse, spam or an authentication failure. */
export const feedbackReport: Rule<MessageModel> = {
  id: 'smtp.feedback-report',
  defaultSeverity: 'information',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const mail of model.messages) {
      const feedback = mail.bounce?.feedback;
      if (!feedback) continue;
      const who = feedback.recipients.join(', ') || catalog.message('bounce.noRecipient', language);
      findings.push({
        id: this.id, severity: this.defaultSeverity, span: feedback.span,
        message: catalog.message('diagnostic.feedbackReport', language, feedback.feedbackType, who),
        data: { feedbackType: feedback.feedbackType, recipients: feedback.recipients },
      });
    }
    return findings;
  },
};
