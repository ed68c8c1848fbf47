import type { Catalog } from '../../catalog';
import { columnsOf } from '../../parse';
import { memoOn } from '../../parse/memo';
import { codeText } from '../../parse/transcript/store';
import type { Finding, Rule } from '../finding';
import { isValidReplyCode } from '../../parse/transcript/reply-line';

/** Kept on the catalog, for each code 0–999: 0 not yet judged, 1 reported, 2 not. A 20 MB capture has 250,000 replies and a few dozen codes. */
const JUDGED = Symbol('reply codes judged unknown');

const newJudgedTable = (): Uint8Array => new Uint8Array(1000);

/** Whether replies with this code are reported: well-formed, and unknown to the catalog. */
function isReported(code: number, catalog: Catalog): boolean {
  // A function made once, not for each of the 250,000 replies asked about.
  const judged = memoOn(catalog, JUDGED, newJudgedTable);
  if (judged[code] === 0) {
    const text = codeText(code);
    judged[code] = isValidReplyCode(text) && catalog.replyMeanings(text).length === 0 ? 1 : 2;
  }
  return judged[code] === 1;
}

/** A well-formed code the catalog does not know (RFC 5321 §4.2: read it by its first digit). */
export const unknownReplyCode: Rule = {
  id: 'smtp.unknown-reply-code',
  defaultSeverity: 'hint',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      for (let r = columns.firstReply; r < columns.replyEnd; r++) {
        if (!isReported(columns.code(r), catalog)) continue;
        const reply = columns.reply(r);
        const cls = catalog.replyClass(reply.code);
        findings.push({
          id: this.id, severity: this.defaultSeverity, span: reply.lines[0].codeSpan,
          message: catalog.message('diagnostic.unknownReplyCode', language, reply.code, cls ? `${reply.code[0]}xx ${catalog.text(cls.name, language)}` : ''),
          data: { code: reply.code },
        });
      }
    }
    return findings;
  },
};
