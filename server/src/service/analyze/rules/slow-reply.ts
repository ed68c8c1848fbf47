import { responseTimes, formatSeconds } from '../../parse/timing';
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
      const times = responseTimes(session);
      if (times.size === 0) continue;
      for (const reply of session.replies) {
        const seconds = times.get(reply.index);
        if (seconds === undefined || seconds < SLOW_REPLY_FLOOR_SECONDS) continue;
        const first = reply.lines[0];
        const answered = reply.answers === 'connection' ? catalog.message('diagnostic.slowReply.connection', language)
          : reply.answers ? commandText(reply.answers) : catalog.message('diagnostic.slowReply.unknown', language);
        findings.push({
          id: this.id, severity: this.defaultSeverity,
          span: { line: first.source.line, start: first.codeSpan.start, end: first.source.column + first.source.text.length },
          message: catalog.message('diagnostic.slowReply', language, reply.code, answered, formatSeconds(seconds, times.wholeSeconds)),
          data: { seconds, code: reply.code },
        });
      }
    }
    return findings;
  },
};
