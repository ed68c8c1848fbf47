import { capabilitiesAt } from '../capabilities';
import { commandText } from '../describe';
import type { Finding, Rule } from '../finding';

/** MAIL FROM ... SIZE=n above the SIZE the server advertised (RFC 1870 §6: the server answers 552). */
export const sizeExceedsLimit: Rule = {
  id: 'smtp.size-exceeds-limit',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      for (const command of session.commands) {
        if (command.verb !== 'MAIL') continue;
        const size = command.params.find((p) => p.keyword === 'SIZE');
        const declared = Number(size?.value);
        const limit = Number(capabilitiesAt(session, command)?.keywords.get('SIZE')?.[0]);
        if (!size || !(declared > 0) || !(limit > 0) || declared <= limit) continue;
        findings.push({
          id: this.id, severity: this.defaultSeverity, span: size.span,
          message: catalog.message('diagnostic.sizeExceeds', language, commandText(command), declared, limit),
          data: { declared, limit },
        });
      }
    }
    return findings;
  },
};
