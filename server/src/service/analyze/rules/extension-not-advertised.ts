import type { Catalog } from '../../catalog';
import type { Command } from '../../parse';
import { capabilitiesAt } from '../capabilities';
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

/** Using an extension the server did not advertise in its EHLO reply (RFC 5321 §2.2.1, and each extension's RFC). */
export const extensionNotAdvertised: Rule = {
  id: 'smtp.extension-not-advertised',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      let pipeliningReported = false;
      for (const command of session.commands) {
        const caps = capabilitiesAt(session, command);
        if (!caps) continue;
        for (const use of extensionsUsed(command, catalog)) {
          if (caps.keywords.has(use.extension)) continue;
          if (use.extension === 'PIPELINING') {
            if (pipeliningReported) continue;
            pipeliningReported = true;
          }
          findings.push({
            id: this.id, severity: this.defaultSeverity, span: use.span,
            message: catalog.message('diagnostic.notAdvertised', language, commandText(command), use.what, caps.reply.lines[0].source.line + 1),
            data: { extension: use.extension, command: command.verb },
          });
        }
      }
    }
    return findings;
  },
};
