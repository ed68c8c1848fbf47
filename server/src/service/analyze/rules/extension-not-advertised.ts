import type { Catalog } from '../../catalog';
import type { Command } from '../../parse';
import { columnsOf, verbs, type SessionColumns } from '../../parse';
import { VERBS } from '../../parse/transcript/codes';
import { COMMAND_PIPELINED, INFO_CONTINUATION } from '../../parse/transcript/store';
import { capabilitiesBefore } from '../capabilities';
import { commandText } from '../describe';
import type { Finding, Rule } from '../finding';

/** The EHLO keywords a command or parameter relies on, beyond what the catalog's entries say. */
function extensionsUsed(command: Command, catalog: Catalog): Array<{ extension: string; what: string; span: Command['verbSpan'] }> {
  const used: Array<{ extension: string; what: string; span: Command['verbSpan'] }> = [];
  if (command.pipelined) used.push({ extension: 'PIPELINING', what: 'PIPELINING', span: command.verbSpan });
  const own = catalog.command(command.verb)?.extension;
  if (own) used.push({ extension: own, what: command.verb, span: command.verbSpan });
  for (const param of command.params) {
    if (command.verb !== 'MAIL' && command.verb !== 'RCPT') break;
    const value = param.value?.toUpperCase();
    const extension = param.keyword === 'BODY' && value ? (value === '7BIT' ? undefined : value) : catalog.parameter(param.keyword)?.extension;
    if (extension) used.push({ extension, what: param.value ? `${param.keyword}=${param.value}` : param.keyword, span: param.span });
  }
  return used;
}

/**
 * Whether command `c` may use an extension missing from `advertised`, judged on the columns: only
 * then is it made an object and read whole (its parameters).
 */
function mayUseUnadvertised(columns: SessionColumns, c: number, advertised: Map<string, string[]>, catalog: Catalog): boolean {
  const store = columns.store;
  if ((store.commandFlags[c] & COMMAND_PIPELINED) !== 0 && !advertised.has('PIPELINING')) return true;
  const verb = columns.verb(c);
  if (verb === verbs.OTHER) return true;
  const own = catalog.command(VERBS[verb])?.extension;
  if (own && !advertised.has(own)) return true;
  return (verb === verbs.MAIL || verb === verbs.RCPT) && mayHaveParameters(columns, store.commandEntry[c]);
}

/** Whether a MAIL or RCPT line may carry parameters: something after its path, or a wrapped rest. */
function mayHaveParameters(columns: SessionColumns, entry: number): boolean {
  if (entry + 1 < columns.entryEnd && (columns.store.entryInfo[entry + 1] & INFO_CONTINUATION) !== 0) return true;
  const text = columns.text(entry);
  const close = text.indexOf('>');
  return close < 0 || text.slice(close + 1).trim() !== '';
}

/** Using an extension the server did not advertise in its EHLO reply (RFC 5321 §2.2.1, and each extension's RFC). */
export const extensionNotAdvertised: Rule = {
  id: 'smtp.extension-not-advertised',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      let pipeliningReported = false;
      const columns = columnsOf(session);
      for (let c = columns.firstCommand; c < columns.commandEnd; c++) {
        const caps = capabilitiesBefore(session, c);
        if (!caps || !mayUseUnadvertised(columns, c, caps.keywords, catalog)) continue;
        const command = columns.command(c);
        for (const use of extensionsUsed(command, catalog)) {
          if (caps.keywords.has(use.extension)) continue;
          if (use.extension === 'PIPELINING') {
            if (pipeliningReported) continue;
            pipeliningReported = true;
          }
          findings.push({
            id: this.id, severity: this.defaultSeverity, span: use.span,
            message: catalog.message('diagnostic.notAdvertised', language, commandText(command), use.what, caps.line + 1),
            data: { extension: use.extension, command: command.verb },
          });
        }
      }
    }
    return findings;
  },
};
