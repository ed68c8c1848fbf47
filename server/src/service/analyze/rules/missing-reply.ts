import { columnsOf, verbs, type SessionColumns } from '../../parse';
import { KIND_DATA_END } from '../../parse/transcript/codes';
import { COMMAND_UNANSWERABLE } from '../../parse/transcript/store';
import type { Finding, Rule } from '../finding';
import { commandText } from '../describe';

/** A command that never got its final reply, in a session that shows the server's side. */
export const missingReply: Rule = {
  id: 'smtp.missing-reply',
  defaultSeverity: 'information',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      if (columns.replyEnd === columns.firstReply) continue;
      for (let c = columns.firstCommand; c < columns.commandEnd; c++) {
        // A test driver's "OK" answered it, or the connection closed before any reply could come.
        if ((columns.store.commandFlags[c] & COMMAND_UNANSWERABLE) !== 0) continue;
        const last = columns.lastReply(c);
        const code = last < 0 ? -1 : columns.code(last);
        const waiting = last < 0 || code === 354 || (code === 334 && columns.verb(c) === verbs.AUTH);
        if (!waiting) continue;
        // DATA's content never ended in the capture: the server had nothing to answer yet.
        if (code === 354 && !contentEnded(columns, c)) continue;
        const command = columns.command(c);
        findings.push({
          id: this.id, severity: this.defaultSeverity, span: command.verbSpan,
          message: catalog.message('diagnostic.missingReply', language, commandText(command)), data: { command: command.verb },
        });
      }
    }
    return findings;
  },
};

/** Whether the capture shows the end of DATA's content (the "." line) after the command, before the next command. */
function contentEnded(columns: SessionColumns, command: number): boolean {
  const line = columns.commandLine(command);
  let next = Infinity;
  for (let c = columns.firstCommand; c < columns.commandEnd; c++) {
    if (columns.commandLine(c) > line) {
      next = columns.commandLine(c);
      break;
    }
  }
  for (let e = columns.firstEntry; e < columns.entryEnd; e++) {
    const at = columns.store.entryLine[e];
    if (columns.entryKind(e) === KIND_DATA_END && at > line && at < next) return true;
  }
  return false;
}
