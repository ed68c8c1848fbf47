import { columnsOf, verbs } from '../../parse';
import { authSteps, redactedResponse } from '../../parse/auth';
import type { Finding, Rule } from '../finding';

/** Decodable passwords or tokens in the file: anyone holding the transcript holds the credentials. */
export const credentialsExposed: Rule = {
  id: 'smtp.credentials-exposed',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      for (let c = columns.firstCommand; c < columns.commandEnd; c++) {
        if (columns.verb(c) !== verbs.AUTH) continue;
        const command = columns.command(c);
        if (command.verb !== 'AUTH' || !command.auth) continue;
        for (const step of authSteps(command)) {
          const replacement = redactedResponse(step, command.auth.mechanism);
          if (replacement === undefined) continue;
          const labels = step.fields.filter((f) => f.secret).map((f) => catalog.message(`auth.${f.label}`, language));
          findings.push({
            id: this.id, severity: this.defaultSeverity, span: step.span,
            message: catalog.message('diagnostic.credentialsExposed', language, `AUTH ${command.auth.mechanism}: ${labels.join(', ')}`),
            data: { mechanism: command.auth.mechanism, replacement },
          });
        }
      }
    }
    return findings;
  },
};
