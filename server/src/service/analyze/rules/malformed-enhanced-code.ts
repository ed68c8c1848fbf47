import { columnsOf } from '../../parse';
import { LINE_MALFORMED_ENHANCED } from '../../parse/transcript/reply-line';
import type { Finding, Rule } from '../finding';

/** Something shaped like class.subject.detail at the start of the text, that RFC 3463 §2 does not allow. */
const DOTTED = /^(\d{1,3})\.(\d{1,4})\.(\d{1,4})(?=\s|$)/;

export function isValidEnhancedCode(code: string): boolean {
  return /^[245]\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/.test(code);
}

export const malformedEnhancedCode: Rule = {
  id: 'smtp.malformed-enhanced-code',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      for (let r = columns.firstReply; r < columns.replyEnd; r++) {
        if (!columns.replyLineShows(r, LINE_MALFORMED_ENHANCED)) continue;
        for (const line of columns.reply(r).lines) {
          const m = DOTTED.exec(line.text);
          if (!m || isValidEnhancedCode(m[0])) continue;
          const start = line.textSpan.start;
          findings.push({
            id: this.id, severity: this.defaultSeverity, span: { line: line.textSpan.line, start, end: start + m[0].length },
            message: catalog.message('diagnostic.malformedEnhanced', language, m[0]),
            data: { enhanced: m[0] },
          });
        }
      }
    }
    return findings;
  },
};
