import type { Finding, Rule } from '../finding';
import { commandText, showsStart } from '../describe';

const GREETINGS = new Set(['HELO', 'EHLO', 'LHLO']);

/** RFC 5321 §4.1.4: a mail transaction starts only after HELO or EHLO. */
export const mailBeforeHelo: Rule = {
  id: 'smtp.mail-before-helo',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      if (!showsStart(session)) continue;
      for (const command of session.commands) {
        if (GREETINGS.has(command.verb)) break;
        if (command.verb !== 'MAIL') continue;
        findings.push({
          id: this.id, severity: this.defaultSeverity, span: command.verbSpan,
          message: catalog.message('diagnostic.mailBeforeHelo', language, commandText(command)), data: { command: 'MAIL' },
        });
        break;
      }
    }
    return findings;
  },
};
