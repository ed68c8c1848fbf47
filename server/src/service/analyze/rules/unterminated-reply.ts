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
