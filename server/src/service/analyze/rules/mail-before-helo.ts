import type { Finding, Rule } from '../finding';
import { commandText } from '../describe';
import { columnsOf, verbs } from '../../parse';

const GREETINGS = new Set([verbs.HELO, verbs.EHLO, verbs.LHLO]);

/** RFC 5321 §4.1.4: a mail transaction starts only after HELO or EHLO. */
export const mailBeforeHelo: Rule = {
  id: 'smtp.mail-before-helo',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      if (!columns.showsStart()) continue;
      for (let c = columns.firstCommand; c < columns.commandEnd; c++) {
        const verb = columns.verb(c);
        if (GREETINGS.has(verb)) break;
        if (verb !== verbs.MAIL) continue;
        const command = columns.command(c);
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
