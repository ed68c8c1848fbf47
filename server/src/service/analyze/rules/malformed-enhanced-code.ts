import { columnsOf } from '../../parse';
import { replyTextStartIn } from '../../parse/transcript/reply-line';
import { isWhitespace } from '../../parse/transcript/text-scan';
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
        if (!columns.someReplyLine(r, mayBeMalformed)) continue;
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

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * Whether a reply line's text starts with a malformed enhanced code, read by characters as DOTTED
 * and isValidEnhancedCode read it: only such lines are made objects (a 250 2.1.5 is not).
 */
function mayBeMalformed(text: string, from: number, to: number): boolean {
  let i = replyTextStartIn(text, from, to);
  let valid = true;
  for (let part = 0; part < 3; part++) {
    const start = i;
    while (i < to && isDigit(text.charCodeAt(i))) i++;
    const digits = i - start;
    if (digits === 0 || digits > (part === 0 ? 3 : 4)) return false;
    if (part < 2) {
      if (i >= to || text.charCodeAt(i) !== 0x2e) return false;
      i++;
    }
    if (part === 0) {
      const cls = text.charCodeAt(start);
      if (digits !== 1 || (cls !== 0x32 && cls !== 0x34 && cls !== 0x35)) valid = false;
    } else if (digits > 3 || (digits > 1 && text.charCodeAt(start) === 0x30)) {
      valid = false;
    }
  }
  if (i < to && !isWhitespace(text.charCodeAt(i))) return false;
  return !valid;
}
