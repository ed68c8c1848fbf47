/** Timestamps and delays as logs write them, turned into seconds for durations. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const YEAR = 365 * 86400;

const ISO = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?(?:\s*(Z|[+-]\d\d:?\d\d))?/;
const CLASSIC = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?/;

/**
 * Seconds from an origin of its own: ISO and Exim stamps from the Unix epoch (with their zone when
 * written), classic syslog stamps from the start of a year they do not name. Only differences
 * between stamps of one log mean anything.
 */
export function stampSeconds(stamp: string): { seconds: number; yearless: boolean } | undefined {
  const iso = ISO.exec(stamp);
  if (iso) {
    const [, y, mo, d, h, mi, s, fraction, zone] = iso;
    let seconds = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000;
    if (fraction) seconds += Number(`0.${fraction}`);
    if (zone && zone !== 'Z') {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.replace(':', '');
      seconds -= sign * (Number(digits.slice(1, 3)) * 3600 + Number(digits.slice(3, 5)) * 60);
    }
    return Number.isFinite(seconds) ? { seconds, yearless: false } : undefined;
  }
  const classic = CLASSIC.exec(stamp);
  if (!classic) return undefined;
  const month = MONTHS.indexOf(classic[1]);
  if (month < 0) return undefined;
  const seconds = (DAYS_BEFORE_MONTH[month] + Number(classic[2]) - 1) * 86400
    + Number(classic[3]) * 3600 + Number(classic[4]) * 60 + Number(classic[5]) + (classic[6] ? Number(`0.${classic[6]}`) : 0);
  return { seconds, yearless: true };
}

/** Seconds from `start` to `end`; a year-less end before its start lies in the next year. */
export function secondsBetween(start: string | undefined, end: string | undefined): number | undefined {
  if (!start || !end) return undefined;
  const a = stampSeconds(start);
  const b = stampSeconds(end);
  if (!a || !b || a.yearless !== b.yearless) return undefined;
  let diff = b.seconds - a.seconds;
  if (diff < 0 && a.yearless) diff += YEAR;
  return diff >= 0 ? diff : undefined;
}

/** Sendmail's delay= and xdelay=: "HH:MM:SS", or "D+HH:MM:SS" past a day. */
export function sendmailDelay(text: string): number | undefined {
  const m = /^(?:(\d+)\+)?(\d+):(\d\d):(\d\d)$/.exec(text);
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

/** 3780 -> "1 h 3 min", 42.5 -> "43 s": durations as an operator reads them. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  const days = Math.floor(hours / 24);
  return `${days} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}
