import { columnsOf, verbs, type Command } from '../../parse';
import { advertisedMechanisms, capabilitiesAt } from '../capabilities';
import type { Finding, Rule } from '../finding';

/**
 * AUTH with a mechanism the server did not offer, or refused with 504 while other offered
 * mechanisms were never tried. `data.alternatives` feeds the "Use <mechanism>" quick fixes.
 */
export const authMechanismUnavailable: Rule = {
  id: 'smtp.auth-mechanism-unavailable',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      const auths: Command[] = [];
      for (let c = columns.firstCommand; c < columns.commandEnd; c++) {
        if (columns.verb(c) !== verbs.AUTH) continue;
        const command = columns.command(c);
        if (command.auth) auths.push(command);
      }
      for (const command of auths) {
        const caps = capabilitiesAt(session, command);
        if (!caps) continue;
        const offered = advertisedMechanisms(caps);
        const mechanism = command.auth!.mechanism;
        const tried = new Set(auths.filter((a) => a.index >= command.index).map((a) => a.auth!.mechanism));
        const alternatives = offered.filter((m) => m !== mechanism);
        const refused = command.replies.at(-1)?.code === '504';
        let message: string | undefined;
        if (offered.length > 0 && !offered.includes(mechanism)) {
          message = catalog.message('diagnostic.mechanismNotOffered', language, mechanism, offered.join(', '));
        } else if (refused && alternatives.some((m) => !tried.has(m))) {
          message = catalog.message('diagnostic.mechanismRefused', language, mechanism, '504', alternatives.join(', '));
        }
        if (!message) continue;
        findings.push({
          id: this.id, severity: this.defaultSeverity, span: command.auth!.mechanismSpan, message,
          data: { mechanism, alternatives },
        });
      }
    }
    return findings;
  },
};
