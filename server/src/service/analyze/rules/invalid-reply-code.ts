import type { Rule } from '../finding';
import { isValidReplyCode } from '../../parse/transcript/reply-line';

/** RFC 5321 §4.2: a reply code's first digit is 2–5 and its second 0–5; anything else is no reply. */
export const invalidReplyCode: Rule = {
  id: 'smtp.invalid-reply-code',
  defaultSeverity: 'error',
  check(model, { catalog, language }) {
    const findings = [];
    for (const session of model.sessions) {
      for (const reply of session.replies) {
        for (const line of reply.lines) {
          if (isValidReplyCode(line.code)) continue;
          findings.push({
            id: this.id,
            severity: this.defaultSeverity,
            span: line.codeSpan,
            message: catalog.message('reply.invalid', language, line.code),
            data: { code: line.code },
          });
        }
      }
    }
    return findings;
  },
};
