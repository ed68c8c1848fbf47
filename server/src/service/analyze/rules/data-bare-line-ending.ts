import { LineEnd, type TranscriptLine } from '../../parse';
import type { Finding, Rule } from '../finding';

/** A capture whose lines end in CRLF this often is one where a bare LF or CR means something. */
const CRLF_SHARE = 0.75;

/**
 * RFC 5321 §2.3.8 and §4.1.1.4: lines end in CRLF, and data ends with CRLF "." CRLF. A bare LF or CR
 * inside DATA, or an end of data made of bare LFs, is read differently by strict and lenient
 * servers: the difference that SMTP smuggling uses to slip a second message past a filter.
 * Judged only in captures that otherwise keep CRLF, since an LF-only file says nothing of the wire.
 */
/** True when the lines that end at all mostly end in CRLF. */
function keepsCrlf(lines: readonly TranscriptLine[]): boolean {
  let ended = 0;
  let crlf = 0;
  for (const line of lines) {
    // The tool's own notes (smtplib's "reply: retcode ...") say nothing of the line ends on the wire.
    if (line.end === LineEnd.None || line.kind === 'meta' || line.kind === 'text' || line.kind === 'blank' || line.kind === 'tls') continue;
    ended++;
    if (line.end === LineEnd.CRLF) crlf++;
  }
  return ended > 0 && crlf >= CRLF_SHARE * ended;
}

export const dataBareLineEnding: Rule = {
  id: 'smtp.data-bare-line-ending',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      if (!keepsCrlf(session.lines)) continue;
      let bare = 0;
      for (let i = 0; i < session.lines.length; i++) {
        const line = session.lines[i];
        const bareEnd = line.end === LineEnd.LF || line.end === LineEnd.CR;
        if (line.kind === 'data' && bareEnd && bare++ === 0) {
          findings.push({
            id: this.id, severity: this.defaultSeverity, span: { line: line.line, start: line.column, end: line.column + line.text.length },
            message: catalog.message('diagnostic.bareLineEnding', language, line.end === LineEnd.LF ? 'LF' : 'CR'),
            data: { ending: line.end === LineEnd.LF ? 'LF' : 'CR' },
          });
        }
        if (line.kind !== 'data-end') continue;
        const before = session.lines[i - 1];
        if (bareEnd || (before !== undefined && (before.end === LineEnd.LF || before.end === LineEnd.CR))) {
          findings.push({
            id: this.id, severity: 'error', span: { line: line.line, start: line.column, end: line.column + line.text.length },
            message: catalog.message('diagnostic.smuggledEnd', language),
            data: { ending: 'bare' },
          });
        }
        bare = 0;
      }
    }
    return findings;
  },
};
