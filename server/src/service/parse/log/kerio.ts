import { readPhrase, type Phrase } from './phrases';
import type { LogSink } from './sink';

/** "[17/Jun/2011 17:00:45] ": Kerio's timestamp and the space after it. */
const STAMP = /^\[(\d\d\/[A-Z][a-z]{2}\/\d{4} \d\d:\d\d:\d\d)\] /;

/** An IPv4 or IPv6 address as Kerio writes it. */
const IP = '[0-9A-Fa-f:]+(?:\\.[0-9A-Fa-f:]+)*';

/**
 * The sentences of Kerio Connect's security log (Kerio MailServer's before it): refusals of SMTP
 * clients, and the log's other sentences, which refuse nothing this extension reports (a DNS
 * blocklist hit that only raised the spam score, a client that hung up during the greeting delay,
 * failed logins of other protocols).
 */
const PHRASES: readonly Phrase[] = [
  { command: 'RCPT', pattern: new RegExp(`^(?<mark>Attempt to deliver to unknown recipient) <(?<recipient>[^>]*)>, from <(?<sender>[^>]*)>, IP address (?<peer>${IP})$`, 'd') },
  { command: 'RCPT', pattern: new RegExp(`^(?<mark>Relay attempt) from IP address (?<peer>${IP}), mail from <(?<sender>[^>]*)> to <(?<recipient>[^>]*)> rejected$`, 'd') },
  // Kerio adds " rejected" when the blocklist's action is to refuse; without it the hit only scored the message.
  { command: 'RCPT', pattern: new RegExp(`^IP address (?<peer>${IP}) (?<reason>found in DNS blacklist [^,]+), mail from <(?<sender>[^>]*)> to <(?<recipient>[^>]*)> (?<mark>rejected)$`, 'd') },
  { pattern: new RegExp(`^IP address ${IP} found in DNS blacklist [^,]+, mail from <[^>]*> to <[^>]*>$`) },
  { command: 'MAIL', pattern: new RegExp(`^Message from IP address (?<peer>${IP}), sender <(?<sender>[^>]*)> (?<mark>rejected): (?<reason>.+)$`, 'd') },
  { command: 'CONNECT', pattern: new RegExp(`^Client with IP address (?<peer>${IP}) (?<reason>has no reverse DNS entry), connection (?<mark>rejected) before SMTP greeting$`, 'd') },
  // The greeting delay: a client that talks first is dropped; one that hangs up was refused nothing.
  { command: 'CONNECT', pattern: new RegExp(`^(?<mark>SMTP Spam attack detected) from (?<peer>${IP}), (?<reason>client sent data before SMTP greeting)$`, 'd') },
  { pattern: new RegExp(`^SMTP Spam attack detected from ${IP}, client closed connection before SMTP greeting$`) },
  { command: 'AUTH', pattern: new RegExp(`^(?<reason>(?<mark>Failed SMTP login) from (?<peer>${IP})(?:[ ,.].*)?)$`, 'd') },
  { command: 'AUTH', pattern: new RegExp(`^SMTP: (?<reason>User \\S+ (?<mark>doesn't exist))\\. Attempt from IP address (?<peer>${IP})\\.?$`, 'd') },
  { pattern: /^Failed [A-Za-z0-9]+ login from /i },
  { pattern: /^[A-Z0-9]+: User \S+ doesn't exist\. Attempt from IP address / },
  { pattern: /^Administration login into Web Administration from / },
];

/** A line of Kerio's security log: true when it is one, with its refusal, if any, in the sink. */
export function readKerio(line: string, lineNo: number, sink: LogSink): boolean {
  if (line.charCodeAt(0) !== 91 /* [ */ || line.charCodeAt(3) !== 47 /* / */) return false;
  const stamp = STAMP.exec(line);
  return stamp !== null && readPhrase(line, lineNo, stamp[0].length, stamp[1], PHRASES, sink);
}
