import { columnsOf } from '../../parse';
import type { Rule } from '../finding';
import { isValidReplyCode, LINE_INVALID_CODE } from '../../parse/transcript/reply-line';

/** RFC 5321 §4.2: a reply code's first digit is 2–5 and its second 0–5; anything else is no reply. */
export const invalidReplyCode: Rule = {
  id: 'smtp.invalid-reply-code',
  defaultSeverity: 'error',
  check(model, { catalog, language }) {
    const findings = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      for (let r = columns.firstReply; r < columns.replyEnd; r++) {
        if (!columns.replyLineShows(r, LINE_INVALID_CODE)) continue;
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
