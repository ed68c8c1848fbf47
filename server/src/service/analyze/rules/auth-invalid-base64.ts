import { columnsOf, verbs } from '../../parse';
import { authSteps } from '../../parse/auth';
import { encodeBase64, utf8Encode } from '../../parse/base64';
import type { Command } from '../../parse';
import type { Finding, Rule } from '../finding';

/** RFC 4954 §4: every AUTH response is Base64 (or "*" to cancel); anything else draws 501 5.5.2. */
export const authInvalidBase64: Rule = {
  id: 'smtp.auth-invalid-base64',
  defaultSeverity: 'error',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      for (let c = columns.firstCommand; c < columns.commandEnd; c++) {
        if (columns.verb(c) !== verbs.AUTH) continue;
        const command = columns.command(c);
        if (command.verb !== 'AUTH') continue;
        for (const step of authSteps(command)) {
          if (step.role !== 'response' || step.state !== 'invalid') continue;
          // The server read it and went on (334 next, or 235): the tool shows the decoded text
          // (swaks --auth-plaintext), not the bytes sent.
          if (understood(command, step.span.line)) continue;
          findings.push({
            id: this.id, severity: this.defaultSeverity, span: step.span,
            message: catalog.message('diagnostic.invalidBase64', language),
            data: { encoded: encodeBase64(utf8Encode(step.text)) },
          });
        }
      }
    }
    return findings;
  },
};

/** Whether the reply after a response on `line` went on with the exchange (334) or accepted it (235). */
function understood(command: Command, line: number): boolean {
  const next = command.replies.find((r) => r.lines[0].source.line > line);
  return next !== undefined && (next.code === '334' || next.code === '235');
}
