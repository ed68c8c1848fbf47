/**
 * The time a logging program wrote at the start of a line, in seconds: what response times are
 * worked out from where a capture has no timing of its own (swaks -stl has). Only differences
 * between lines of one session are used, so a time of day (no date) and a syslog date (no year) do
 * as well as a whole date and time.
 *
 * - `15:16:55 SMTP>> 220 ...` Exim `-d+timestamp` (`15:16:55  9275 SMTP>> ...` with `+pid`); `15:05:47.999294 send: ...` Python smtplib at debug level 2;
 * - `[2024-05-06 10:00:01] DEBUG [id] C: ...` nodemailer's logger;
 * - `2024-05-06 09:12:01<TAB>CLIENT -> SERVER: ...` PHPMailer (SMTPDebug, 'echo' and 'html' output);
 * - `2024-05-06T11:20:01.123456+02:00 host postfix/smtp[1]: ...` syslog with RFC 3339 times, and Exchange
 *   protocol logs (`2024-05-06T11:20:01.123Z,...`);
 * - `May  6 11:20:01 host postfix/smtpd[1]: ...` the classic syslog header.
 */
export interface LineTime {
  seconds: number;
  /** Column after the time and the blank (or comma) that follows it: where the rest of the line starts. */
  end: number;
}

/** A time of day, and the process id Exim writes after it with -d+pid (padded to five places, so never a reply code). */
const TIME_OF_DAY = /^(\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))? (?:(?: {1,4}\d{1,4}|\d{5,7}) )?/;
const DATE_TIME = /^(\[)?(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d:?\d\d)?(\])?[\t ,]/;
const SYSLOG = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([ \d]?\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))? /;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const fraction = (digits: string | undefined): number => (digits ? Number(`0.${digits}`) : 0);

/** The time at the start of `line`, or undefined when it has none of the forms above. */
export function lineTime(line: string): LineTime | undefined {
  const c = line.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) {
    if (line.charCodeAt(2) === 0x3a) {
      const m = TIME_OF_DAY.exec(line);
      if (!m) return undefined;
      const seconds = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + fraction(m[4]);
      return { seconds, end: m[0].length };
    }
    if (line.charCodeAt(4) !== 0x2d) return undefined;
    return dateTime(line);
  }
  if (c === 0x5b) return line.charCodeAt(5) === 0x2d ? dateTime(line) : undefined;
  if (c >= 0x41 && c <= 0x5a && line.charCodeAt(3) === 0x20) {
    const m = SYSLOG.exec(line);
    if (!m) return undefined;
    // Syslog writes no year: a leap year keeps 29 February, and only differences are used.
    const ms = Date.UTC(2000, MONTHS.indexOf(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
    return { seconds: ms / 1000 + fraction(m[6]), end: m[0].length };
  }
  return undefined;
}

function dateTime(line: string): LineTime | undefined {
  const m = DATE_TIME.exec(line);
  // A bracket opened is a bracket closed ("[2024-05-06 10:00:01] ..."), and none closes that was not opened.
  if (!m || (m[1] === undefined) !== (m[10] === undefined)) return undefined;
  const ms = Date.UTC(Number(m[2]), Number(m[3]) - 1, Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7]));
  let seconds = ms / 1000 + fraction(m[8]);
  const zone = m[9];
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    seconds -= sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2)) * 60);
  }
  return { seconds, end: m[0].length };
}
