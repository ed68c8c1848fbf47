import { columnsOf } from '../../parse';
import { LINE_CLASS_MISMATCH } from '../../parse/transcript/reply-line';
import type { Finding, Rule } from '../finding';

/** RFC 2034 §4: a 2xx reply carries 2.X.X, 4xx 4.X.X, 5xx 5.X.X. Exchange's "550 4.4.7" breaks it. */
export const enhancedClassMismatch: Rule = {
  id: 'smtp.enhanced-class-mismatch',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      for (let r = columns.firstReply; r < columns.replyEnd; r++) {
        if (!columns.replyLineShows(r, LINE_CLASS_MISMATCH)) continue;
        for (const line of columns.reply(r).lines) {
          const enhanced = line.enhanced;
          if (!enhanced || !/^[245]$/.test(line.code[0]) || enhanced.code[0] === line.code[0]) continue;
          findings.push({
            id: this.id, severity: this.defaultSeverity, span: enhanced.span,
            message: catalog.message('diagnostic.classMismatch', language, enhanced.code, enhanced.code[0], line.code, line.code[0]),
            data: { code: line.code, enhanced: enhanced.code, consistent: `${line.code[0]}${enhanced.code.slice(1)}` },
          });
        }
      }
    }
    return findings;
  },
};
