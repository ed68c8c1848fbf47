import { columnsOf, verbs } from '../../parse';
import { COMMAND_PIPELINED } from '../../parse/transcript/store';
import { endsTransaction } from '../../parse/transcript/codes';
import type { Finding, Rule } from '../finding';
import { commandText } from '../describe';

/** RFC 5321 §3.3: DATA with no accepted recipient must be refused; a client should not send it (unless pipelining). */
export const dataWithoutRecipients: Rule = {
  id: 'smtp.data-without-recipients',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      // The session's transactions as its Transaction objects have them (views.ts): MAIL opens one,
      // RCPT adds a recipient, its last DATA or BDAT is its data; RSET and a new greeting close it.
      let open = false;
      let data = -1;
      let recipients = 0;
      let answered = 0;
      let accepted = 0;
      const judge = (): void => {
        if (!open || data < 0 || columns.verb(data) !== verbs.DATA) return;
        // Pipelined, DATA went out before the RCPT replies were known: RFC 2920 §3.1 allows it.
        if ((columns.store.commandFlags[data] & COMMAND_PIPELINED) !== 0) return;
        // Recipients whose replies are known; with none known yet (pipelined, no replies shown) there is no finding.
        if (answered === 0 && recipients > 0) return;
        if (accepted > 0) return;
        const command = columns.command(data);
        findings.push({
          id: this.id, severity: this.defaultSeverity, span: command.verbSpan,
          message: catalog.message('diagnostic.dataWithoutRecipients', language, commandText(command)), data: { command: 'DATA' },
        });
      };
      for (let c = columns.firstCommand; c < columns.commandEnd; c++) {
        const verb = columns.verb(c);
        if (verb === verbs.MAIL) {
          judge();
          open = true;
          data = -1;
          recipients = answered = accepted = 0;
        } else if (verb === verbs.RCPT) {
          if (!open) continue;
          recipients++;
          const last = columns.lastReply(c);
          if (last < 0) continue;
          answered++;
          const code = columns.code(last);
          if (code >= 200 && code < 300) accepted++;
        } else if (verb === verbs.DATA || verb === verbs.BDAT) {
          if (open) data = c;
        } else if (endsTransaction(verb)) {
          judge();
          open = false;
        }
      }
      judge();
    }
    return findings;
  },
};
