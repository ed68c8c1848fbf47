import { columnsOf } from '../../parse';
import { codeText } from '../../parse/transcript/store';
import type { Finding, Rule } from '../finding';
import { isValidReplyCode } from '../../parse/transcript/reply-line';

/** A well-formed code the catalog does not know (RFC 5321 §4.2: read it by its first digit). */
export const unknownReplyCode: Rule = {
  id: 'smtp.unknown-reply-code',
  defaultSeverity: 'hint',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      for (let r = columns.firstReply; r < columns.replyEnd; r++) {
        const code = codeText(columns.code(r));
        if (!isValidReplyCode(code) || catalog.replyMeanings(code).length > 0) continue;
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
