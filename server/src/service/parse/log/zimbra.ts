import { readPhrase, type Phrase } from './phrases';
import type { LogSink } from './sink';

/**
 * The start of a line of Zimbra's mailbox.log: the time with milliseconds ("2021-03-03 19:51:53,762"),
 * the level, the thread in brackets, then the request's context in brackets ("[oip=192.0.2.7;oport=
 * 57752;oproto=smtp;soapId=...;]"), where the sentence starts.
 */
const STAMP = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) [A-Z]+ +\[[^\]]*\] (?=\[)/;

const IP = '[0-9A-Fa-f:]+(?:\\.[0-9A-Fa-f:]+)*';

/**
 * Zimbra checks the SMTP AUTH of its MTA through the mailbox server's SOAP port: the request's context
 * says `oproto=smtp` and `oip=` the client that tried to log in. The same failure of a web client or
 * of IMAP names another protocol (or none) and refuses no SMTP client.
 */
const PHRASES: readonly Phrase[] = [
  {
    command: 'AUTH',
    pattern: new RegExp(`^\\[(?=(?:[^\\]]*;)?oproto=smtp;)(?:[^\\]]*;)?oip=(?<peer>${IP});[^\\]]*\\] \\S+ - handler exception: (?<reason>(?<mark>authentication failed) for .+)$`, 'd'),
  },
  { pattern: /^\[[^\]]*\] \S+ - handler exception: authentication failed for / },
];

/** A line of Zimbra's mailbox.log that tells of a login: true when it is one, with its refusal, if any, in the sink. */
export function readZimbra(line: string, lineNo: number, sink: LogSink): boolean {
  if (line.charCodeAt(19) !== 44 /* , */) return false;
  const stamp = STAMP.exec(line);
  return stamp !== null && readPhrase(line, lineNo, stamp[0].length, stamp[1], PHRASES, sink);
}
