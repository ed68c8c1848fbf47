/**
 * The part of a log line before the program's own words: a syslog header (classic
 * `Nov 28 10:00:01 host postfix/smtp[123]:`, ISO `2024-10-31T12:38:21.817+00:00 host prog[1]:`,
 * RFC 5424 `<22>1 2024-... host prog 123 - - `), Exim's own `2024-10-31 12:38:21 [+0100] [pid]`,
 * or an ISO timestamp and a comma (an Exchange CSV row). Read with character tests only: this runs
 * once per line of a 100 MB log, so no regular expression and no allocation: the program is a
 * column range of the line, which `isProgram` tests in place.
 */
export interface LinePrefix {
  /** Column range of the timestamp; -1 when the line has none. */
  timeStart: number;
  timeEnd: number;
  /** Column range of the program of the syslog tag ("postfix/smtp", "exim", "sm-mta"); empty when there is no tag. */
  programStart: number;
  programEnd: number;
  /** Column where the program's own text starts. */
  body: number;
  /** The line starts with Exim's own "YYYY-MM-DD HH:MM:SS" (its mainlog and rejectlog). */
  eximTime: boolean;
  /** An ISO timestamp followed by a comma: a row of Exchange's CSV logs. */
  csv: boolean;
}

export function emptyPrefix(): LinePrefix {
  return { timeStart: -1, timeEnd: -1, programStart: 0, programEnd: 0, body: 0, eximTime: false, csv: false };
}

/** The program of the line's tag starts with `name` ("postfix", "exim", "sm-"), or is `name` when `whole`. */
export function isProgram(line: string, prefix: LinePrefix, name: string, whole = false): boolean {
  const length = prefix.programEnd - prefix.programStart;
  return (whole ? length === name.length : length >= name.length) && line.startsWith(name, prefix.programStart);
}

const SPACE = 32;
const COLON = 58;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

function digits(line: string, at: number, count: number): boolean {
  for (let i = 0; i < count; i++) if (!isDigit(line.charCodeAt(at + i))) return false;
  return true;
}

/** "HH:MM:SS" and an optional fraction; returns the end column or -1. */
function clockEnd(line: string, at: number): number {
  if (!digits(line, at, 2) || line.charCodeAt(at + 2) !== COLON || !digits(line, at + 3, 2) || line.charCodeAt(at + 5) !== COLON || !digits(line, at + 6, 2)) return -1;
  let end = at + 8;
  if (line.charCodeAt(end) === 46 /* . */ || line.charCodeAt(end) === 44 /* , */) {
    let i = end + 1;
    while (isDigit(line.charCodeAt(i))) i++;
    if (i > end + 1 && line.charCodeAt(end) === 46) end = i;
  }
  return end;
}

/** "Nov 28 10:00:01" (day padded with a space or not); returns the end column or -1. */
function classicEnd(line: string, at: number): number {
  if (!isUpper(line.charCodeAt(at)) || !isLower(line.charCodeAt(at + 1)) || !isLower(line.charCodeAt(at + 2)) || line.charCodeAt(at + 3) !== SPACE) return -1;
  let i = at + 4;
  if (line.charCodeAt(i) === SPACE) i++;
  const dayStart = i;
  while (isDigit(line.charCodeAt(i)) && i < dayStart + 2) i++;
  if (i === dayStart || line.charCodeAt(i) !== SPACE) return -1;
  return clockEnd(line, i + 1);
}

/** "[17/Jun/2011 17:00:45] " at the start of the line; returns the end column of the timestamp inside the brackets or -1. */
function bracketedEnd(line: string): number {
  if (!digits(line, 1, 2) || line.charCodeAt(3) !== 47 || !isUpper(line.charCodeAt(4)) || !isLower(line.charCodeAt(5)) || !isLower(line.charCodeAt(6))) return -1;
  if (line.charCodeAt(7) !== 47 || !digits(line, 8, 4) || line.charCodeAt(12) !== SPACE) return -1;
  const end = clockEnd(line, 13);
  return end > 0 && line.charCodeAt(end) === 93 /* ] */ && line.charCodeAt(end + 1) === SPACE ? end : -1;
}

/** "03-07-2005 23:07:20" (or with '.' or '/' between day, month and year); returns the end column or -1. */
function dayFirstEnd(line: string, at: number): number {
  const sep = line.charCodeAt(at + 2);
  if ((sep !== 45 && sep !== 46 && sep !== 47) || !digits(line, at, 2) || !digits(line, at + 3, 2) || line.charCodeAt(at + 5) !== sep) return -1;
  if (!digits(line, at + 6, 4) || line.charCodeAt(at + 10) !== SPACE) return -1;
  return clockEnd(line, at + 11);
}

/**
 * "2024-10-31", then 'T' or ' ' and a clock, then an optional zone (Z, +01:00, +0100); returns the
 * end column or -1. A space instead of the 'T' is Exim's style (`isSpaced`).
 */
function isoEnd(line: string, at: number): number {
  if (!digits(line, at, 4) || line.charCodeAt(at + 4) !== 45 || !digits(line, at + 5, 2) || line.charCodeAt(at + 7) !== 45 || !digits(line, at + 8, 2)) return -1;
  const sep = line.charCodeAt(at + 10);
  if (sep !== 84 /* T */ && sep !== SPACE) return -1;
  let end = clockEnd(line, at + 11);
  if (end < 0) return -1;
  const z = line.charCodeAt(end);
  if (z === 90 /* Z */) end++;
  else if ((z === 43 || z === 45) && sep === 84 && digits(line, end + 1, 2)) {
    end += 3;
    if (line.charCodeAt(end) === COLON) end++;
    if (digits(line, end, 2)) end += 2;
  }
  return end;
}

function isSpaced(line: string, isoStart: number): boolean {
  return line.charCodeAt(isoStart + 10) === SPACE;
}

/**
 * A syslog tag at `at`: `prog[pid]:` or `prog:` followed by a space or the end; returns the body
 * column or -1. A `strict` tag needs a pid or a '/' (`postfix/smtpd`), so that a queue id or a
 * word before a colon ("25F2E5E061:", "warning:") is not taken for a program.
 */
function tagEnd(line: string, at: number, out: LinePrefix, strict = false): number {
  let i = at;
  let letters = 0;
  const limit = Math.min(line.length, at + 64);
  for (; i < limit; i++) {
    const c = line.charCodeAt(i);
    if (isLower(c) || isUpper(c)) letters++;
    else if (!(isDigit(c) || c === 45 || c === 46 || c === 47 || c === 95)) break;
  }
  if (letters === 0) return -1;
  const nameEnd = i;
  let pid = false;
  if (line.charCodeAt(i) === 91 /* [ */) {
    const close = line.indexOf(']', i);
    if (close < 0 || close > i + 24) return -1;
    i = close + 1;
    pid = true;
  }
  if (line.charCodeAt(i) !== COLON) return -1;
  if (strict && !pid && line.lastIndexOf('/', nameEnd) < at) return -1;
  const next = line.charCodeAt(i + 1);
  if (i + 1 < line.length && next !== SPACE) return -1;
  out.programStart = at;
  out.programEnd = nameEnd;
  return Math.min(line.length, i + 2);
}

/** After an RFC 5424 timestamp: HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG. */
function rfc5424Body(line: string, at: number, out: LinePrefix): number {
  let pos = at;
  let appStart = 0;
  let appEnd = 0;
  for (let k = 0; k < 4; k++) {
    const space = line.indexOf(' ', pos);
    if (space < 0) return -1;
    if (k === 1) {
      appStart = pos;
      appEnd = space;
    }
    pos = space + 1;
  }
  out.programStart = appStart;
  out.programEnd = appEnd;
  // Structured data: "-" or one or more [id param="value" ...] elements.
  if (line.charCodeAt(pos) === 45) pos++;
  else {
    while (line.charCodeAt(pos) === 91) {
      let i = pos + 1;
      for (; i < line.length; i++) {
        const c = line.charCodeAt(i);
        if (c === 92 /* \ */) i++;
        else if (c === 93 /* ] */) break;
      }
      pos = i + 1;
    }
  }
  if (line.charCodeAt(pos) === SPACE) pos++;
  if (line.charCodeAt(pos) === 0xfeff) pos++;
  return pos;
}

/** Reads the prefix of `line` into `out` (reused from line to line). */
export function readPrefix(line: string, out: LinePrefix): void {
  out.timeStart = -1;
  out.timeEnd = -1;
  out.programStart = 0;
  out.programEnd = 0;
  out.body = 0;
  out.eximTime = false;
  out.csv = false;
  let pos = 0;
  let rfc5424 = false;
  if (line.charCodeAt(0) === 60 /* < */) {
    let i = 1;
    while (i < 5 && isDigit(line.charCodeAt(i))) i++;
    if (i > 1 && line.charCodeAt(i) === 62 /* > */) {
      pos = i + 1;
      if (isDigit(line.charCodeAt(pos)) && line.charCodeAt(pos + 1) === SPACE) {
        pos += 2;
        rfc5424 = true;
      }
    }
  }
  const c = line.charCodeAt(pos);
  if (c === 91 /* [ */) {
    // Kerio Connect's "[17/Jun/2011 17:00:45] ".
    const end = bracketedEnd(line);
    if (end > 0) {
      out.timeStart = 1;
      out.timeEnd = end;
      out.body = Math.min(line.length, end + 2);
      return;
    }
  }
  if (isDigit(c)) {
    const end = isoEnd(line, pos);
    if (end < 0) {
      // Domino's day first, in the server's locale: "03-07-2005 23:07:20   SMTP Server: ...".
      const dayFirst = dayFirstEnd(line, pos);
      if (dayFirst > 0) {
        out.timeStart = pos;
        out.timeEnd = dayFirst;
        let body = dayFirst;
        while (line.charCodeAt(body) === SPACE) body++;
        out.body = body;
      }
      return;
    }
    out.timeStart = pos;
    out.timeEnd = end;
    if (isSpaced(line, pos)) {
      out.eximTime = true;
      out.body = eximBody(line, end);
      return;
    }
    if (line.charCodeAt(end) === 44 /* , */) {
      out.csv = true;
      out.body = end;
      return;
    }
    if (line.charCodeAt(end) !== SPACE) return;
    pos = end + 1;
    if (rfc5424) {
      const body = rfc5424Body(line, pos, out);
      out.body = body < 0 ? pos : body;
      return;
    }
  } else if (isUpper(c)) {
    const end = classicEnd(line, pos);
    if (end >= 0) {
      out.timeStart = pos;
      out.timeEnd = end;
      pos = end;
      while (line.charCodeAt(pos) === SPACE) pos++;
    }
  }
  // "host prog[pid]: ", or a tag with no host, or no header at all (a pasted message part).
  let body = -1;
  const space = line.indexOf(' ', pos);
  const strict = out.timeStart < 0;
  if (space > pos && space < pos + 256) body = tagEnd(line, space + 1, out, strict);
  if (body < 0) body = tagEnd(line, pos, out, true);
  if (body < 0) {
    out.programStart = out.programEnd = 0;
    out.body = pos;
    return;
  }
  // A relay that wraps another syslog line ("host wietse[100]: postfix/smtpd[2206]: ...").
  if (line.startsWith('postfix', body) && line.lastIndexOf('/', out.programEnd) < out.programStart) {
    const outerStart = out.programStart;
    const outerEnd = out.programEnd;
    const inner = tagEnd(line, body, out);
    if (inner >= 0) body = inner;
    else {
      out.programStart = outerStart;
      out.programEnd = outerEnd;
    }
  }
  // The journal keeps Exim's own timestamp after the tag ("host exim[1]: 2021-07-17 23:20:49 ...").
  if (isProgram(line, out, 'exim') && isDigit(line.charCodeAt(body))) {
    const end = isoEnd(line, body);
    if (end >= 0 && isSpaced(line, body)) body = eximBody(line, end);
  }
  out.body = body;
}

/** After Exim's timestamp: an optional zone (+0100) and process id ([1234] or [1234:5]), then the text. */
function eximBody(line: string, at: number): number {
  let pos = at;
  if (line.charCodeAt(pos) === SPACE && (line.charCodeAt(pos + 1) === 43 || line.charCodeAt(pos + 1) === 45) && digits(line, pos + 2, 4)) pos += 6;
  if (line.charCodeAt(pos) === SPACE && line.charCodeAt(pos + 1) === 91 && isDigit(line.charCodeAt(pos + 2))) {
    const close = line.indexOf(']', pos);
    if (close > 0 && close < pos + 24) pos = close + 1;
  }
  if (line.charCodeAt(pos) === SPACE) pos++;
  return pos;
}

/**
 * Reads in place the prefix of the commonest line of a busy Postfix log, a classic syslog header and
 * a Postfix tag with a process id ("Nov 28 10:00:02 mx postfix/smtpd[1000]: "), of the line from
 * `start` to `end` of `text`. Its columns are counted in `text` and are those readPrefix gives the
 * line cut out, moved by `start`; any other shape gives false, for readPrefix to read the line.
 * The day and the host of the line before are compared whole, not read again character by character.
 */
export class PostfixPrefixReader {
  /** "Nov 28 " of the last line read here (a day read once is not read again). */
  private day = '';
  /** "mx postfix/" of the last line read here: its host, a space and the start of a Postfix tag. */
  private hostTag = '';

  read(text: string, start: number, end: number, out: LinePrefix): boolean {
    let pos: number;
    if (this.day.length > 0 && text.startsWith(this.day, start)) pos = start + this.day.length;
    else {
      if (!isUpper(text.charCodeAt(start)) || !isLower(text.charCodeAt(start + 1)) || !isLower(text.charCodeAt(start + 2)) || text.charCodeAt(start + 3) !== SPACE) return false;
      let i = start + 4;
      if (text.charCodeAt(i) === SPACE) i++;
      const dayStart = i;
      while (i < dayStart + 2 && isDigit(text.charCodeAt(i))) i++;
      if (i === dayStart || text.charCodeAt(i) !== SPACE) return false;
      pos = i + 1;
      this.day = text.slice(start, pos);
    }
    // "HH:MM:SS " (a fraction of a second, or no host after it, is for readPrefix).
    if (!digits(text, pos, 2) || text.charCodeAt(pos + 2) !== COLON || !digits(text, pos + 3, 2) || text.charCodeAt(pos + 5) !== COLON || !digits(text, pos + 6, 2)) return false;
    const timeEnd = pos + 8;
    const hostStart = timeEnd + 1;
    if (text.charCodeAt(timeEnd) !== SPACE || hostStart >= end || text.charCodeAt(hostStart) === SPACE) return false;
    // The host, up to the first space (readPrefix's rule), and "postfix/": the same as the line before's most often.
    let tag: number;
    if (this.hostTag.length > 0 && text.startsWith(this.hostTag, hostStart)) tag = hostStart + this.hostTag.length - 8;
    else {
      const space = text.indexOf(' ', hostStart);
      if (space < 0 || space >= end || space >= hostStart + 256) return false;
      tag = space + 1;
      if (!text.startsWith('postfix/', tag)) return false;
      this.hostTag = text.slice(hostStart, tag + 8);
    }
    // The rest of the tag: more of tagEnd's characters, then "[pid]: ".
    let i = tag + 8;
    const limit = Math.min(end, tag + 64);
    for (; i < limit; i++) {
      const c = text.charCodeAt(i);
      if (!(isLower(c) || isUpper(c) || isDigit(c) || c === 45 || c === 46 || c === 47 || c === 95)) break;
    }
    if (i >= limit || text.charCodeAt(i) !== 91 /* [ */) return false;
    const close = text.indexOf(']', i);
    if (close < 0 || close > i + 24 || close + 2 >= end || text.charCodeAt(close + 1) !== COLON || text.charCodeAt(close + 2) !== SPACE) return false;
    out.timeStart = start;
    out.timeEnd = timeEnd;
    out.programStart = tag;
    out.programEnd = i;
    out.body = close + 3;
    out.eximTime = false;
    out.csv = false;
    return true;
  }
}
