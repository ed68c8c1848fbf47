import { columnsOf, verbs } from '../../parse';
import type { Finding, Rule } from '../finding';
import { commandText } from '../describe';

/** After QUIT, or after a 421 closing the channel, the server reads nothing more. */
export const commandAfterQuit: Rule = {
  id: 'smtp.command-after-quit',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      let quitLine = Infinity;
      for (let c = columns.firstCommand; c < columns.commandEnd && quitLine === Infinity; c++) {
        if (columns.verb(c) === verbs.QUIT) quitLine = columns.commandLine(c);
      }
      let shutdownLine = Infinity;
      for (let r = columns.firstReply; r < columns.replyEnd && shutdownLine === Infinity; r++) {
        if (columns.code(r) === 421) shutdownLine = columns.replyLine(r);
      }
      const closedAt = Math.min(quitLine, shutdownLine);
      if (closedAt === Infinity) continue;
      const what = quitLine === closedAt ? 'QUIT' : '421';
      // A command the server still answered was read after all (Exim answers QUIT after a 421 greeting).
      let late = -1;
      for (let c = columns.firstCommand; c < columns.commandEnd && late < 0; c++) {
        if (columns.commandLine(c) > closedAt && columns.replyCount(c) === 0) late = c;
      }
      if (late < 0) continue;
      const command = columns.command(late);
      findings.push({
        id: this.id, severity: this.defaultSeverity, span: command.verbSpan,
        message: catalog.message('diagnostic.commandAfterQuit', language, commandText(command), what), data: { command: command.verb, after: what },
      });
    }
    return findings;
  },
};
