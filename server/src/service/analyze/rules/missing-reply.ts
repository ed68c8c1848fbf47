import type { Command, Session } from '../../parse';
import type { Finding, Rule } from '../finding';
import { commandText } from '../describe';

/** A command that never got its final reply, in a session that shows the server's side. */
export const missingReply: Rule = {
  id: 'smtp.missing-reply',
  defaultSeverity: 'information',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      if (session.replies.length === 0) continue;
      for (const command of session.commands) {
        // A test driver's "OK" answered it, or the connection closed before any reply could come.
        if (command.unanswerable) continue;
        const last = command.replies.at(-1);
        const waiting = !last || last.code === '354' || (last.code === '334' && command.verb === 'AUTH');
        if (!waiting) continue;
        // DATA's content never ended in the capture: the server had nothing to answer yet.
        if (last?.code === '354' && !contentEnded(session, command)) continue;
        findings.push({
          id: this.id, severity: this.defaultSeverity, span: command.verbSpan,
          message: catalog.message('diagnostic.missingReply', language, commandText(command)), data: { command: command.verb },
        });
      }
    }
    return findings;
  },
};

/** Whether the capture shows the end of DATA's content (the "." line) after the command. */
function contentEnded(session: Session, command: Command): boolean {
  const next = session.commands.find((c) => c.source.line > command.source.line)?.source.line ?? Infinity;
  return session.lines.some((l) => l.kind === 'data-end' && l.line > command.source.line && l.line < next);
}
