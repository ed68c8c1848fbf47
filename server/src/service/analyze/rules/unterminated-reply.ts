import { columnsOf, type SessionColumns } from '../../parse';
import { KIND_BLANK } from '../../parse/transcript/codes';
import type { Finding, Rule } from '../finding';

/** A multi-line reply whose last "code SP" line never came. */
export const unterminatedReply: Rule = {
  id: 'smtp.unterminated-reply',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      for (let r = columns.firstReply; r < columns.replyEnd; r++) {
        if (columns.store.replyComplete[r] === 1) continue;
        const reply = columns.reply(r);
        const last = reply.lines[reply.lines.length - 1];
        // An example that elides the rest ("250-AUTH PLAIN" then "...") cut nothing off.
        if (elidedAfter(columns, last.source.line)) continue;
        findings.push({
          id: this.id, severity: this.defaultSeverity, span: last.codeSpan,
          message: catalog.message('diagnostic.unterminatedReply', language, reply.code),
          data: { code: reply.code },
        });
      }
    }
    return findings;
  },
};

/** An ellipsis line ("...", ". . .", "…") is the next line of the session after `line`. */
function elidedAfter(columns: SessionColumns, line: number): boolean {
  for (let e = columns.firstEntry; e < columns.entryEnd; e++) {
    if (columns.store.entryLine[e] <= line || columns.entryKind(e) === KIND_BLANK) continue;
    return /^\s*(?:(?:\.\s*){3,}|…)\s*$/.test(columns.text(e));
  }
  return false;
}
