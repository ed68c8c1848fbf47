import { columnsOf } from '../../parse';
import { replyCodeAt } from '../../parse/transcript/text-scan';
import type { Rule } from '../finding';
import { isValidReplyCode } from '../../parse/transcript/reply-line';

/** RFC 5321 §4.2: a reply code's first digit is 2–5 and its second 0–5; anything else is no reply. */
export const invalidReplyCode: Rule = {
  id: 'smtp.invalid-reply-code',
  defaultSeverity: 'error',
  check(model, { catalog, language }) {
    const findings = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      for (let r = columns.firstReply; r < columns.replyEnd; r++) {
        if (!columns.someReplyLine(r, mayBeInvalid)) continue;
        for (const line of columns.reply(r).lines) {
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

/** A reply line whose code may break the grammar (a line that is no reply line at all is not read as one). */
function mayBeInvalid(s: string, from: number, to: number): boolean {
  const code = replyCodeAt(s, from, to);
  if (code < 0) return false;
  // isValidReplyCode by numbers: first digit 2–5, second 0–5.
  const first = Math.floor(code / 100);
  return first < 2 || first > 5 || Math.floor(code / 10) % 10 > 5;
}
