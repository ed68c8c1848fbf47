import type { Command } from '../../parse';
import { capabilitiesAt } from '../capabilities';
import { commandText } from '../describe';
import type { Finding, Rule } from '../finding';

/** The EHLO keywords a command or parameter relies on, beyond what the catalog's entries say. */
function extensionsUsed(command: Command, extensionOf: (keyword: string) => string | undefined): Array<{ extension: string; what: string; span: Command['verbSpan'] }> {
  const used: Array<{ extension: string; what: string; span: Command['verbSpan'] }> = [];
  if (command.pipelined) used.push({ extension: 'PIPELINING', what: 'PIPELINING', span: command.verbSpan });
  const own = extensionOf(`command:${command.verb}`);
  if (own) used.push({ extension: own, what: command.verb, span: command.verbSpan });
  for (const param of command.params) {
    if (command.verb !== 'MAIL' && command.verb !== 'RCPT') break;
    const value = param.value?.toUpperCase();
    const extension = param.keyword === 'BODY' && value ? (value === '7BIT' ? undefined : value) : extensionOf(`param:${param.keyword}`);
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
    const extensionOf = (key: string): string | undefined => {
      const [kind, name] = key.split(':');
      return kind === 'command' ? catalog.command(name)?.extension : catalog.parameter(name)?.extension;
    };
    for (const session of model.sessions) {
      let pipeliningReported = false;
      for (const command of session.commands) {
        const caps = capabilitiesAt(session, command);
        if (!caps) continue;
        for (const use of extensionsUsed(command, extensionOf)) {
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
