import type { Finding, Rule } from '../finding';
import { columnsOf } from '../../parse';
import { ANSWERS_NOTHING } from '../../parse/transcript/store';

/** A reply with no command waiting for it (the greeting and an unprompted 421 answer the connection). */
export const unexpectedReply: Rule = {
  id: 'smtp.unexpected-reply',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      // A capture of server replies only (exim -bh) shows no commands at all: nothing to pair with.
      if (session.serverOnly) continue;
      const columns = columnsOf(session);
      const firstCommand = columns.commandEnd > columns.firstCommand ? columns.commandLine(columns.firstCommand) : Infinity;
      for (let r = columns.firstReply; r < columns.replyEnd; r++) {
        if (columns.answers(r) !== ANSWERS_NOTHING) continue;
        // A capture that starts in the middle of a session shows replies to commands before it.
        if (!columns.showsStart() && columns.replyLine(r) < firstCommand) continue;
        const reply = columns.reply(r);
        findings.push({
          id: this.id, severity: this.defaultSeverity, span: reply.lines[0].codeSpan,
          message: catalog.message('diagnostic.unexpectedReply', language, reply.code), data: { code: reply.code },
        });
      }
    }
    return findings;
  },
};
