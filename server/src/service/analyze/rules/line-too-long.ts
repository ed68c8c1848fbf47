import { columnsOf, verbs, type SessionColumns, type TranscriptLine } from '../../parse';
import { KIND_COMMAND, KIND_DATA, KIND_REPLY } from '../../parse/transcript/codes';
import type { Finding, Rule } from '../finding';

/** RFC 5321 §4.5.3.1.4–6: 512 octets for command and reply lines, 1000 for text lines, CRLF included. */
const LIMITS = { command: 512, reply: 512, data: 1000 } as const;

export const lineTooLong: Rule = {
  id: 'smtp.line-too-long',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      let authLines: Set<TranscriptLine> | undefined;
      for (let e = columns.firstEntry; e < columns.entryEnd; e++) {
        const entryKind = columns.entryKind(e);
        if (entryKind !== KIND_COMMAND && entryKind !== KIND_REPLY && entryKind !== KIND_DATA) continue;
        const limit = entryKind === KIND_DATA ? LIMITS.data : entryKind === KIND_REPLY ? LIMITS.reply : LIMITS.command;
        // No character takes more than three octets in UTF-8 but a surrogate pair, two characters for four.
        if (columns.store.entryTextLength(e) * 3 + 2 <= limit) continue;
        const line = columns.line(e);
        const octets = utf8Length(line.text) + 2;
        if (octets <= limit) continue;
        // AUTH lines are exempt: RFC 4954 §4 lets Base64 challenges and responses run to 12288 octets.
        authLines ??= authCommandLines(columns);
        if (authLines.has(line)) continue;
        const kind = line.kind === 'data' ? 'text' : line.kind;
        findings.push({
          id: this.id, severity: this.defaultSeverity,
          span: { line: line.line, start: line.column, end: line.column + line.text.length },
          message: catalog.message('diagnostic.lineTooLong', language, octets, limit, catalog.message(`diagnostic.lineKind.${kind}`, language)),
          data: { length: octets, limit },
        });
      }
    }
    return findings;
  },
};

/** The lines of the session's AUTH commands. */
function authCommandLines(columns: SessionColumns): Set<TranscriptLine> {
  const lines = new Set<TranscriptLine>();
  for (let c = columns.firstCommand; c < columns.commandEnd; c++) {
    if (columns.verb(c) === verbs.AUTH) lines.add(columns.command(c).source);
  }
  return lines;
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) { n += 4; i++; } else n += 3;
  }
  return n;
}
