import { columnsOf, verbs, type SessionColumns } from '../../parse';
import { mailParameters } from '../../parse/transcript/command-line';
import { INFO_CONTINUATION } from '../../parse/transcript/store';
import { CapabilitiesCursor } from '../capabilities';
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
      const capabilities = new CapabilitiesCursor(session);
      for (let c = columns.firstCommand; c < columns.commandEnd; c++) {
        if (columns.verb(c) !== verbs.MAIL) continue;
        const limit = Number(capabilities.before(c)?.keywords.get('SIZE')?.[0]);
        if (!(limit > 0) || !mayExceed(columns, c, limit)) continue;
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

/**
 * Whether a MAIL line may declare a SIZE above `limit`, judged on its text (a wrapped line is read
 * whole): only then is it made an object.
 */
function mayExceed(columns: SessionColumns, c: number, limit: number): boolean {
  const entry = columns.store.commandEntry[c];
  if (entry + 1 < columns.entryEnd && (columns.store.entryInfo[entry + 1] & INFO_CONTINUATION) !== 0) return true;
  return mailParameters(columns.text(entry)).some((p) => p.keyword === 'SIZE' && Number(p.value) > limit);
}
