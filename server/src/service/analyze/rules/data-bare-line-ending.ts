import { columnsOf, LineEnd, type SessionColumns } from '../../parse';
import { KIND_BLANK, KIND_DATA, KIND_DATA_END, KIND_META, KIND_TEXT, KIND_TLS } from '../../parse/transcript/codes';
import type { Finding, Rule } from '../finding';

/** A capture whose lines end in CRLF this often is one where a bare LF or CR means something. */
const CRLF_SHARE = 0.75;

/**
 * RFC 5321 §2.3.8 and §4.1.1.4: lines end in CRLF, and data ends with CRLF "." CRLF. A bare LF or CR
 * inside DATA, or an end of data made of bare LFs, is read differently by strict and lenient
 * servers: the difference that SMTP smuggling uses to slip a second message past a filter.
 * Judged only in captures that otherwise keep CRLF, since an LF-only file says nothing of the wire.
 */
/** True when the session's lines that end at all mostly end in CRLF. */
function keepsCrlf(columns: SessionColumns): boolean {
  let ended = 0;
  let crlf = 0;
  for (let e = columns.firstEntry; e < columns.entryEnd; e++) {
    const kind = columns.entryKind(e);
    const end = columns.lineEnd(e);
    // The tool's own notes (smtplib's "reply: retcode ...") say nothing of the line ends on the wire.
    if (end === LineEnd.None || kind === KIND_META || kind === KIND_TEXT || kind === KIND_BLANK || kind === KIND_TLS) continue;
    ended++;
    if (end === LineEnd.CRLF) crlf++;
  }
  return ended > 0 && crlf >= CRLF_SHARE * ended;
}

const isBare = (end: LineEnd): boolean => end === LineEnd.LF || end === LineEnd.CR;

export const dataBareLineEnding: Rule = {
  id: 'smtp.data-bare-line-ending',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      const columns = columnsOf(session);
      if (!keepsCrlf(columns)) continue;
      let bare = 0;
      for (let e = columns.firstEntry; e < columns.entryEnd; e++) {
        const kind = columns.entryKind(e);
        const end = columns.lineEnd(e);
        if (kind === KIND_DATA && isBare(end) && bare++ === 0) {
          const line = columns.line(e);
          findings.push({
            id: this.id, severity: this.defaultSeverity, span: { line: line.line, start: line.column, end: line.column + line.text.length },
            message: catalog.message('diagnostic.bareLineEnding', language, end === LineEnd.LF ? 'LF' : 'CR'),
            data: { ending: end === LineEnd.LF ? 'LF' : 'CR' },
          });
        }
        if (kind !== KIND_DATA_END) continue;
        if (isBare(end) || (e > columns.firstEntry && isBare(columns.lineEnd(e - 1)))) {
          const line = columns.line(e);
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
