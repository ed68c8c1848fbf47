import type { Finding, Rule } from '../finding';
import { commandText, showsStart } from '../describe';

/** RFC 5321 §3.3: RCPT belongs to a transaction opened by MAIL (and closed by RSET, HELO/EHLO or the end of DATA). */
export const rcptBeforeMail: Rule = {
  id: 'smtp.rcpt-before-mail',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      if (!showsStart(session)) continue;
      let open = false;
      for (const command of session.commands) {
        switch (command.verb) {
          case 'MAIL': open = true; break;
          case 'RSET': case 'HELO': case 'EHLO': case 'LHLO': case 'STARTTLS': open = false; break;
          case 'RCPT':
            if (!open) {
              findings.push({
                id: this.id, severity: this.defaultSeverity, span: command.verbSpan,
                message: catalog.message('diagnostic.rcptBeforeMail', language, commandText(command)), data: { command: 'RCPT' },
              });
            }
            break;
        }
      }
    }
    return findings;
  },
};
