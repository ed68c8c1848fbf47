import type { Catalog } from '../../catalog';
import { columnsOf, verbs, type SessionColumns } from '../../parse';
import { VERBS } from '../../parse/transcript/codes';
import { mailParameters } from '../../parse/transcript/command-line';
import { COMMAND_PIPELINED, INFO_CONTINUATION } from '../../parse/transcript/store';
import { memoOn } from '../../parse/memo';
import { CapabilitiesCursor } from '../capabilities';
import { commandText } from '../describe';
import type { Finding, Rule } from '../finding';

/** An extension a command relies on; `param` is the number of the parameter that needs it, if one does. */
interface Use {
  extension: string;
  what: string;
  param?: number;
}

/** The EHLO keywords a command or its parameters rely on, beyond what the catalog's entries say. */
function extensionsUsed(verb: string, pipelined: boolean, params: ReadonlyArray<{ keyword: string; value?: string }>, catalog: Catalog): Use[] {
  const used: Use[] = [];
  if (pipelined) used.push({ extension: 'PIPELINING', what: 'PIPELINING' });
  const own = catalog.command(verb)?.extension;
  if (own) used.push({ extension: own, what: verb });
  if (verb !== 'MAIL' && verb !== 'RCPT') return used;
  params.forEach((param, i) => {
    const extension = parameterExtension(param, catalog);
    if (extension) used.push({ extension, what: param.value ? `${param.keyword}=${param.value}` : param.keyword, param: i });
  });
  return used;
}

/** The extension a MAIL or RCPT parameter needs: BODY=8BITMIME needs 8BITMIME, SIZE needs SIZE ... */
function parameterExtension(param: { keyword: string; value?: string }, catalog: Catalog): string | undefined {
  const value = param.value?.toUpperCase();
  return param.keyword === 'BODY' && value ? (value === '7BIT' ? undefined : value) : catalog.parameter(param.keyword)?.extension;
}

/** Kept on the catalog: the extension each verb (by number) needs, '' for none, looked up once per verb, not per command. */
const VERB_EXTENSIONS = Symbol('extension each verb needs');

function verbExtension(verb: number, catalog: Catalog): string {
  const known = memoOn(catalog, VERB_EXTENSIONS, (): Array<string | undefined> => []);
  return (known[verb] ??= catalog.command(VERBS[verb])?.extension ?? '');
}

/**
 * Whether command `c` may use an extension missing from `advertised`, judged on the columns and the
 * line's text: only then is it made an object.
 */
function mayUseUnadvertised(columns: SessionColumns, c: number, advertised: Map<string, string[]>, catalog: Catalog): boolean {
  const store = columns.store;
  const verb = columns.verb(c);
  const entry = store.commandEntry[c];
  // A verb no reader knows, or a line wrapped onto the next (Postfix): read whole.
  if (verb === verbs.OTHER || (entry + 1 < columns.entryEnd && (store.entryInfo[entry + 1] & INFO_CONTINUATION) !== 0)) return true;
  // What extensionsUsed() lists, tested one by one without listing them.
  if ((store.commandFlags[c] & COMMAND_PIPELINED) !== 0 && !advertised.has('PIPELINING')) return true;
  const own = verbExtension(verb, catalog);
  if (own !== '' && !advertised.has(own)) return true;
  if (verb !== verbs.MAIL && verb !== verbs.RCPT) return false;
  return mailParameters(columns.text(entry)).some((param) => {
    const extension = parameterExtension(param, catalog);
    return extension !== undefined && extension !== '' && !advertised.has(extension);
  });
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
      const capabilities = new CapabilitiesCursor(session);
      for (let c = columns.firstCommand; c < columns.commandEnd; c++) {
        const caps = capabilities.before(c);
        if (!caps || !mayUseUnadvertised(columns, c, caps.keywords, catalog)) continue;
        const command = columns.command(c);
        for (const use of extensionsUsed(command.verb, command.pipelined, command.params, catalog)) {
          if (caps.keywords.has(use.extension)) continue;
          if (use.extension === 'PIPELINING') {
            if (pipeliningReported) continue;
            pipeliningReported = true;
          }
          findings.push({
            id: this.id, severity: this.defaultSeverity, span: use.param === undefined ? command.verbSpan : command.params[use.param].span,
            message: catalog.message('diagnostic.notAdvertised', language, commandText(command), use.what, caps.line + 1),
            data: { extension: use.extension, command: command.verb },
          });
        }
      }
    }
    return findings;
  },
};
