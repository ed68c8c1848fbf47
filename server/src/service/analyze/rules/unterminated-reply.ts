import type { Session } from '../../parse';
import type { Finding, Rule } from '../finding';

/** A multi-line reply whose last "code SP" line never came. */
export const unterminatedReply: Rule = {
  id: 'smtp.unterminated-reply',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      for (const reply of session.replies) {
        if (reply.complete) continue;
        const last = reply.lines[reply.lines.length - 1];
        // An example that elides the rest ("250-AUTH PLAIN" then "...") cut nothing off.
        if (elidedAfter(session, last.source.line)) continue;
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
function elidedAfter(session: Session, line: number): boolean {
  const next = session.lines.find((l) => l.line > line && l.kind !== 'blank');
  return next !== undefined && /^\s*(?:(?:\.\s*){3,}|…)\s*$/.test(next.text);
}
