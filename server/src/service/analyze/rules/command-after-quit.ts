import type { Finding, Rule } from '../finding';
import { commandText } from '../describe';

/** After QUIT, or after a 421 closing the channel, the server reads nothing more. */
export const commandAfterQuit: Rule = {
  id: 'smtp.command-after-quit',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const closing = session.commands.find((c) => c.verb === 'QUIT');
      const shutdown = session.replies.find((r) => r.code === '421');
      const closedAt = Math.min(closing?.source.line ?? Infinity, shutdown?.lines[0].source.line ?? Infinity);
      if (closedAt === Infinity) continue;
      const what = closing && closing.source.line === closedAt ? 'QUIT' : '421';
      // A command the server still answered was read after all (Exim answers QUIT after a 421 greeting).
      const late = session.commands.find((c) => c.source.line > closedAt && c.replies.length === 0);
      if (!late) continue;
      findings.push({
        id: this.id, severity: this.defaultSeverity, span: late.verbSpan,
        message: catalog.message('diagnostic.commandAfterQuit', language, commandText(late), what), data: { command: late.verb, after: what },
      });
    }
    return findings;
  },
};
