import type { Finding, Rule } from '../finding';
import { commandText } from '../describe';

/** RFC 5321 §3.3: DATA with no accepted recipient must be refused; a client should not send it (unless pipelining). */
export const dataWithoutRecipients: Rule = {
  id: 'smtp.data-without-recipients',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      for (const transaction of session.transactions) {
        const data = transaction.data;
        if (!data || data.verb !== 'DATA') continue;
        // Pipelined, DATA went out before the RCPT replies were known: RFC 2920 §3.1 allows it.
        if (data.pipelined) continue;
        // Recipients whose replies are known; with none known yet (pipelined, no replies shown) there is no finding.
        const answered = transaction.recipients.filter((r) => r.reply);
        if (answered.length === 0 && transaction.recipients.length > 0) continue;
        if (answered.some((r) => r.reply!.code.startsWith('2'))) continue;
        findings.push({
          id: this.id, severity: this.defaultSeverity, span: data.verbSpan,
          message: catalog.message('diagnostic.dataWithoutRecipients', language, commandText(data)), data: { command: 'DATA' },
        });
      }
    }
    return findings;
  },
};
