import { columnsOf } from '../../parse';
import { LINE_OTHER_CODE } from '../../parse/transcript/reply-line';
import type { Finding, Rule } from '../finding';

/** RFC 5321 §4.2.1: every line of a multi-line reply carries the same code. */
export const multilineCodeMismatch: Rule = {
  id: 'smtp.multiline-code-mismatch',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      for (let r = columns.firstReply; r < columns.replyEnd; r++) {
        if (!columns.replyLineShows(r, LINE_OTHER_CODE)) continue;
        const reply = columns.reply(r);
        for (const line of reply.lines.slice(1)) {
          if (line.code === reply.code) continue;
          findings.push({
            id: this.id, severity: this.defaultSeverity, span: line.codeSpan,
            message: catalog.message('diagnostic.multilineMismatch', language, line.code, reply.code),
            data: { code: line.code, expected: reply.code },
          });
        }
      }
    }
    return findings;
  },
};
