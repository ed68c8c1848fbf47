import type { Finding, Rule } from '../finding';
import { commandText } from '../describe';

/** Intermediate replies that belong to one command only: 354 to DATA, 334 to AUTH. */
const ONLY_AFTER: Record<string, string> = { '354': 'DATA', '334': 'AUTH' };

export const replyMismatch: Rule = {
  id: 'smtp.reply-mismatch',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      for (const reply of session.replies) {
        const expected = ONLY_AFTER[reply.code];
        const command = reply.answers === 'connection' ? undefined : reply.answers;
        if (!expected || !command || command.verb === expected) continue;
        findings.push({
          id: this.id, severity: this.defaultSeverity, span: reply.lines[0].codeSpan,
          message: catalog.message('diagnostic.replyMismatch', language, reply.code, commandText(command), catalog.message(`diagnostic.replyMismatch.${reply.code}`, language)),
          data: { code: reply.code, command: command.verb },
        });
      }
    }
    return findings;
  },
};
