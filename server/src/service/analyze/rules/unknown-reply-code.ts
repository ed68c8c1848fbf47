import type { Finding, Rule } from '../finding';
import { isValidReplyCode } from '../../parse/transcript/reply-line';

/** A well-formed code the catalog does not know (RFC 5321 §4.2: read it by its first digit). */
export const unknownReplyCode: Rule = {
  id: 'smtp.unknown-reply-code',
  defaultSeverity: 'hint',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      for (const reply of session.replies) {
        if (!isValidReplyCode(reply.code) || catalog.replyMeanings(reply.code).length > 0) continue;
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
