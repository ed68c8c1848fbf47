import type { TranscriptLine } from '../../parse';
import type { Finding, Rule } from '../finding';

/** RFC 5321 §4.5.3.1.4–6: 512 octets for command and reply lines, 1000 for text lines, CRLF included. */
const LIMITS = { command: 512, reply: 512, data: 1000 } as const;

export const lineTooLong: Rule = {
  id: 'smtp.line-too-long',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      let authLines: Set<TranscriptLine> | undefined;
      for (const line of session.lines) {
        if (line.kind !== 'command' && line.kind !== 'reply' && line.kind !== 'data') continue;
        const limit = LIMITS[line.kind];
        // No character takes more than three octets in UTF-8 but a surrogate pair, two characters for four.
        if (line.text.length * 3 + 2 <= limit) continue;
        const octets = utf8Length(line.text) + 2;
        if (octets <= limit) continue;
        // AUTH lines are exempt: RFC 4954 §4 lets Base64 challenges and responses run to 12288 octets.
        authLines ??= new Set(session.commands.filter((c) => c.verb === 'AUTH').map((c) => c.source));
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
