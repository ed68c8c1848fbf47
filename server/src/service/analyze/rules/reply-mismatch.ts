import { columnsOf, verbs, type Command } from '../../parse';
import type { Finding, Rule } from '../finding';
import { commandText } from '../describe';

/** Intermediate replies that belong to one command only: 354 to DATA, 334 to AUTH. */
const ONLY_AFTER: ReadonlyMap<number, number> = new Map([[354, verbs.DATA], [334, verbs.AUTH]]);

export const replyMismatch: Rule = {
  id: 'smtp.reply-mismatch',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      for (let r = columns.firstReply; r < columns.replyEnd; r++) {
        const expected = ONLY_AFTER.get(columns.code(r));
        if (expected === undefined || columns.answers(r) < 0 || columns.answeredVerb(r) === expected) continue;
        const reply = columns.reply(r);
        const command = reply.answers as Command;
        findings.push({
          id: this.id, severity: this.defaultSeverity, span: reply.lines[0].codeSpan,
          message: catalog.message('diagnostic.replyMismatch', language, reply.code, commandText(command), catalog.message(`diagnostic.replyMismatch.${reply.code}`, language)),
          data: { code: reply.code, command: command.verb },
        });
      }
    }
    return findings;
  },
};
