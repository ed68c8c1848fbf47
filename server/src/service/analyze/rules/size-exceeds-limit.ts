import { columnsOf, verbs } from '../../parse';
import { capabilitiesBefore } from '../capabilities';
import { commandText } from '../describe';
import type { Finding, Rule } from '../finding';

/** MAIL FROM ... SIZE=n above the SIZE the server advertised (RFC 1870 §6: the server answers 552). */
export const sizeExceedsLimit: Rule = {
  id: 'smtp.size-exceeds-limit',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      for (let c = columns.firstCommand; c < columns.commandEnd; c++) {
        if (columns.verb(c) !== verbs.MAIL) continue;
        const limit = Number(capabilitiesBefore(session, c)?.keywords.get('SIZE')?.[0]);
        if (!(limit > 0)) continue;
        const command = columns.command(c);
        const size = command.params.find((p) => p.keyword === 'SIZE');
        const declared = Number(size?.value);
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
