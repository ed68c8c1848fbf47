import { responseTimes, formatSeconds } from '../../parse/timing';
import { columnsOf, type Session } from '../../parse';
import { KIND_META } from '../../parse/transcript/codes';
import { commandText } from '../describe';
import type { Finding, Rule } from '../finding';

/**
 * The least time this rule reports; the setting smtpLens.diagnostics.slowReplySeconds (10 by
 * default) decides which of these the user sees, so findings stay cached whatever it is.
 */
export const SLOW_REPLY_FLOOR_SECONDS = 1;

/** A reply that took long to come (the capture gives its time): greylisting, tarpitting, slow DNS or filters. */
export const slowReply: Rule = {
  id: 'smtp.slow-reply',
  defaultSeverity: 'information',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const session of model.sessions) {
      if (!mayShowTimes(session)) continue;
      const times = responseTimes(session);
      if (times.size === 0) continue;
      for (const reply of session.replies) {
        const seconds = times.get(reply.index);
        if (seconds === undefined) continue;
        // From times written in whole seconds, "2 s" may have been a little over 1 s: the rule goes by
        // the least the reply can have taken, so that a tick of the clock is never a slow reply.
        const least = times.wholeSeconds ? seconds - 1 : seconds;
        if (least < SLOW_REPLY_FLOOR_SECONDS) continue;
        const first = reply.lines[0];
        const answered = reply.answers === 'connection' ? catalog.message('diagnostic.slowReply.connection', language)
          : reply.answers ? commandText(reply.answers) : catalog.message('diagnostic.slowReply.unknown', language);
        findings.push({
          id: this.id, severity: this.defaultSeverity,
          span: { line: first.source.line, start: first.codeSpan.start, end: first.source.column + first.source.text.length },
          message: catalog.message('diagnostic.slowReply', language, reply.code, answered, formatSeconds(seconds, times.wholeSeconds)),
          data: { seconds: least, code: reply.code },
        });
      }
    }
    return findings;
  },
};

/** Whether a session may give reply times (swaks' "=== response in 2.007s" notes, or a time on its lines): only then is it read whole. */
function mayShowTimes(session: Session): boolean {
  const columns = columnsOf(session);
  if (session.dialect !== 'swaks') {
    // Other captures write a time on each line (parse/timing.ts): any line with one may time a reply.
    for (let e = columns.firstEntry; e < columns.entryEnd; e++) if (columns.store.entryTime[e] === columns.store.entryTime[e]) return true;
    return false;
  }
  for (let e = columns.firstEntry; e < columns.entryEnd; e++) {
    if (columns.entryKind(e) === KIND_META && columns.text(e).includes('response in')) return true;
  }
  return false;
}
