import type { Finding, Rule } from '../finding';
import { commandText } from '../describe';
import { columnsOf, verbs } from '../../parse';

/** RFC 5321 §3.3: RCPT belongs to a transaction opened by MAIL (or RFC 821's SEND, SOML, SAML) (and closed by RSET, HELO/EHLO or the end of DATA). */
export const rcptBeforeMail: Rule = {
  id: 'smtp.rcpt-before-mail',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      if (!columns.showsStart()) continue;
      let open = false;
      for (let c = columns.firstCommand; c < columns.commandEnd; c++) {
        const verb = columns.verb(c);
        if (verbs.opensTransaction(verb)) {
          open = true;
          continue;
        }
        switch (verb) {
          case verbs.RSET: case verbs.HELO: case verbs.EHLO: case verbs.LHLO: case verbs.STARTTLS: open = false; break;
          case verbs.RCPT:
            if (!open) {
              const command = columns.command(c);
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
