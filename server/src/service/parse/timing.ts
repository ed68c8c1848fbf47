import type { Reply, Session, TranscriptLine } from './model';
import { memoOn } from './memo';

/** swaks --show-time-lapse (-stl): "=== response in 2.007s" before each reply it reads. */
const SWAKS_LAPSE = /^response in (\d{1,7}(?:\.\d{1,9})?)s$/;

const TIMES = Symbol('response times');

/** How long each reply took to come, in seconds, keyed by the reply's index. */
export interface ResponseTimes extends ReadonlyMap<number, number> {
  /** The capture writes whole seconds only: a time is known to within a second, no better. */
  readonly wholeSeconds: boolean;
}

class TimesMap extends Map<number, number> implements ResponseTimes {
  wholeSeconds = false;
}

/**
 * How long each reply took to come, where the capture says so: swaks with --show-time-lapse
 * writes the time before the reply it measured; other captures write the time of each line
 * (Exim -d+timestamp, Postfix verbose logging in syslog, smtplib at debug level 2, nodemailer's
 * and PHPMailer's loggers), and a reply took from the latest line sent before it, or the reply
 * before it when that came later (pipelined commands are answered one after another), to its
 * first line; the greeting from the first note of the session (the connection).
 */
export function responseTimes(session: Session): ResponseTimes {
  // Kept with the session's replies, not the session: the times are keyed by the replies' places in
  // their store, and an edit that carries the session into another store renumbers them and makes
  // its replies anew.
  return memoOn(session.replies, TIMES, () => (session.dialect === 'swaks' ? swaksTimes(session) : loggedTimes(session)));
}

function swaksTimes(session: Session): TimesMap {
  const times = new TimesMap();
  const replyAt = new Map<number, Reply>();
  for (const reply of session.replies) replyAt.set(reply.lines[0].source.line, reply);
  let pending: number | undefined;
  for (const line of session.lines) {
    if (line.kind === 'meta') {
      const lapse = SWAKS_LAPSE.exec(line.text.trim());
      if (lapse) pending = Number(lapse[1]);
      continue;
    }
    if (pending === undefined || line.kind !== 'reply') continue;
    // The banner of exim -bh comes as blank and "****" lines before the 220: the time is the 220's.
    const reply = replyAt.get(line.line);
    if (!reply) continue;
    times.set(reply.index, pending);
    pending = undefined;
  }
  return times;
}

const SECONDS_PER_DAY = 86_400;
/** The later of two times, either of which may be unknown (NaN). */
const later = (a: number, b: number): number => (a !== a ? b : b !== b ? a : Math.max(a, b));

function loggedTimes(session: Session): TimesMap {
  const times = new TimesMap();
  const replyAt = new Map<TranscriptLine, Reply>();
  let opened = NaN;
  let sent = NaN;
  let answered = NaN;
  /** The latest timed reply was a 3xx: what the client sent after it, the capture may not show. */
  let intermediate = false;
  /** A line was sent since the latest reply. */
  let sentSince = false;
  let whole = true;
  for (const line of session.lines) {
    const time = line.time;
    if (time === undefined) continue;
    if (line.direction === 'client') {
      sent = time;
      sentSince = true;
      continue;
    }
    if (line.kind !== 'reply') {
      // A note before any traffic ("SMTP connection from", "Connection established"): the connection.
      if (opened !== opened && sent !== sent && answered !== answered) opened = time;
      continue;
    }
    if (replyAt.size === 0) for (const reply of session.replies) replyAt.set(reply.lines[0].source, reply);
    const reply = replyAt.get(line);
    // After a 354 (or a 334) the client's next line is the one the reply answers: where the capture
    // does not show it (Exim debug and Postfix verbose logs never show the message), when the client
    // finished sending is unknown, and so is how long the server took.
    const unseen = intermediate && !sentSince;
    if (reply?.answers !== undefined && !unseen) {
      const start = reply.answers === 'connection' ? opened : later(sent, answered);
      let seconds = time - start;
      // A time of day that passed midnight.
      if (seconds < 0 && time < SECONDS_PER_DAY && start < SECONDS_PER_DAY) seconds += SECONDS_PER_DAY;
      if (seconds >= 0) {
        // Microseconds at most: the difference of two times written to the microsecond.
        times.set(reply.index, Math.round(seconds * 1e6) / 1e6);
        whole &&= Number.isInteger(time) && Number.isInteger(start);
      }
    }
    answered = time;
    if (reply) intermediate = reply.code.startsWith('3');
    sentSince = false;
  }
  times.wholeSeconds = times.size > 0 && whole;
  return times;
}

/**
 * A time for people: "0.004 s", "2.01 s", "31 s", "2 min 5 s"; from a capture that writes whole
 * seconds, "< 1 s" and whole seconds, never more digits than it has.
 */
export function formatSeconds(seconds: number, wholeSeconds = false): string {
  if (wholeSeconds && seconds < 1) return '< 1 s';
  if (wholeSeconds && seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 1) return `${seconds.toFixed(3)} s`;
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}
