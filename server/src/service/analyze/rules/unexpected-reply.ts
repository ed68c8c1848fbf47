import type { Finding, Rule } from '../finding';
import { showsStart } from '../describe';

/** A reply with no command waiting for it (the greeting and an unprompted 421 answer the connection). */
export const unexpectedReply: Rule = {
  id: 'smtp.unexpected-reply',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      // A capture of server replies only (exim -bh) shows no commands at all: nothing to pair with.
      if (session.serverOnly) continue;
      const firstCommand = session.commands[0]?.source.line ?? Infinity;
      for (const reply of session.replies) {
        if (reply.answers || reply.implied) continue;
        // A capture that starts in the middle of a session shows replies to commands before it.
        if (!showsStart(session) && reply.lines[0].source.line < firstCommand) continue;
        findings.push({
          id: this.id, severity: this.defaultSeverity, span: reply.lines[0].codeSpan,
          message: catalog.message('diagnostic.unexpectedReply', language, reply.code), data: { code: reply.code },
        });
      }
    }
    return findings;
  },
};
