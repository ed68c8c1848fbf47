import type { Reply, Session } from './model';
import { memoOn } from './memo';

/** swaks --show-time-lapse (-stl): "=== response in 2.007s" before each reply it reads. */
const SWAKS_LAPSE = /^response in (\d{1,7}(?:\.\d{1,9})?)s$/;

const TIMES = Symbol('response times');

/**
 * How long each reply took to come, in seconds, where the capture says so, keyed by the reply's
 * index. swaks with --show-time-lapse writes the time before the reply it measured.
 */
export function responseTimes(session: Session): ReadonlyMap<number, number> {
  return memoOn(session, TIMES, readTimes);
}

function readTimes(session: Session): Map<number, number> {
  const times = new Map<number, number>();
  if (session.dialect !== 'swaks') return times;
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

/** A time for people: "0.004 s", "2.01 s", "31 s", "2 min 5 s". */
export function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${seconds.toFixed(3)} s`;
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}
