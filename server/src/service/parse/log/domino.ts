import { readPhrase, type Phrase } from './phrases';
import type { LogSink } from './sink';

/**
 * The start of a line of Domino's console log (log.nsf, console.log): an optional thread id
 * ("[28325:00010-3735542592] "), the date in the server's locale ("03-07-2005", "2016-11-07") and
 * the time, then the task's words after a few spaces.
 */
const STAMP = /^(?:\[[0-9A-Fa-f:-]+\] )?((?:\d\d[-./]\d\d[-./]\d{4}|\d{4}-\d\d-\d\d) \d\d:\d\d:\d\d(?: [AP]M)?) +/;

const IP = '[0-9A-Fa-f:]+(?:\\.[0-9A-Fa-f:]+)*';

/** The SMTP task's name: "SMTP Server:", or with its thread "SMTP Server [0D14:0027-1334]". */
const SMTP_SERVER = 'SMTP Server(?::| \\[[^\\]]*\\]) ';

/** Domino's SMTP task refusing a client (the task logs no reply codes). */
const PHRASES: readonly Phrase[] = [
  { command: 'AUTH', pattern: new RegExp(`^${SMTP_SERVER}(?<reason>(?<mark>Authentication failed) for user .+?) ; connecting host \\[?(?<peer>${IP})\\]?$`, 'd') },
  { command: 'CONNECT', pattern: new RegExp(`^${SMTP_SERVER}Connection from \\[?(?<peer>${IP})\\]? (?<mark>rejected for policy reasons)\\.?(?: (?<reason>.+))?$`, 'd') },
  // Domino 9 and later: "smtp: user [ip] authentication failure using internet password".
  { command: 'AUTH', pattern: new RegExp(`^smtp: (?<reason>.*? \\[?(?<peer>${IP})\\]? (?<mark>authentication failure) using internet password)$`, 'd') },
];

/** A line of Domino's SMTP task: true when it is one, with its refusal in the sink. */
export function readDomino(line: string, lineNo: number, sink: LogSink): boolean {
  const first = line.charCodeAt(0);
  if (first !== 91 /* [ */ && (first < 48 || first > 57)) return false;
  const stamp = STAMP.exec(line);
  return stamp !== null && readPhrase(line, lineNo, stamp[0].length, stamp[1], PHRASES, sink);
}
