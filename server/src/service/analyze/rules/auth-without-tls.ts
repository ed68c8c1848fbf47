import { columnsOf, verbs } from '../../parse';
import type { Finding, Rule } from '../finding';

/** OAuth tokens are bearer secrets: as sensitive as a password while they are valid. */
const BEARER = new Set(['XOAUTH2', 'OAUTHBEARER']);

/** AUTH that exposes a password or token on a connection that never started TLS. */
export const authWithoutTls: Rule = {
  id: 'smtp.auth-without-tls',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      for (let c = columns.firstCommand; c < columns.commandEnd; c++) {
        if (columns.verb(c) !== verbs.AUTH) continue;
        const command = columns.command(c);
        if (command.verb !== 'AUTH' || !command.auth || command.source.tls) continue;
        const mechanism = command.auth.mechanism;
        const entry = catalog.authMechanism(mechanism);
        if (entry && !entry.sendsPassword && !BEARER.has(mechanism)) continue;
        // Refused before any credential was sent (an unknown mechanism, 504): nothing crossed the network.
        if (!command.auth.initialResponse && command.authResponses.length === 0) continue;
        findings.push({
          id: this.id, severity: this.defaultSeverity, span: command.auth.mechanismSpan,
          message: catalog.message('diagnostic.authWithoutTls', language, mechanism), data: { mechanism },
        });
      }
    }
    return findings;
  },
};
