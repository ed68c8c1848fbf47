import { addressAt, after, isAlnum, numberAt, valueEnd } from './fields';
import type { DeliveryStatus, LogEvent, LogMessage } from './model';
import { eximCommand, normalizeVerb, readReply, readText, replyAfterColon } from './reply-text';
import type { LogSink } from './sink';

/**
 * Exim's mainlog and rejectlog lines after the timestamp (and pid), or after a syslog tag:
 *   ID <= alice@example.com H=client [192.0.2.7] P=esmtp S=1234 id=<message-id>
 *   ID => bob@example.org R=dnslookup T=remote_smtp H=mx [192.0.2.1] C="250 OK id=..."   (-> more addresses, *> faked)
 *   ID == carol@example.org R=... T=... defer (-44) H=mx [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<carol@example.org>: 451 ...
 *   ID ** dave@example.org R=... T=... H=mx [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<dave@example.org>: 550 ...
 *   ID ** erin@example.org: retry timeout exceeded
 *   ID Completed
 *   H=client [192.0.2.7] F=<a> rejected RCPT <b>: reason           (and temporarily rejected, rejected MAIL, after DATA, connection)
 *   login authenticator failed for client [192.0.2.7]: 535 Incorrect authentication data
 * Returns false when the line says nothing Exim-shaped.
 */
export function readExim(line: string, lineNo: number, body: number, builder: LogSink): boolean {
  const idEnd = eximIdEnd(line, body);
  if (idEnd < 0) return readRefusal(line, lineNo, body, builder);
  const message = builder.messageAt(line, body, idEnd, 'exim', lineNo, body);
  const op = idEnd + 1;
  if (line.charCodeAt(op + 2) === 32) {
    const a = line.charCodeAt(op);
    const b = line.charCodeAt(op + 1);
    if (a === 60 && b === 61) return readArrival(line, lineNo, op + 3, message, builder); // <=
    if (b === 62 && (a === 61 || a === 45 || a === 42)) return readAttempt(line, lineNo, op, 'sent', message, builder); // => -> *>
    if (a === 61 && b === 61) return readAttempt(line, lineNo, op, 'deferred', message, builder); // ==
    if (a === 42 && b === 42) return readAttempt(line, lineNo, op, 'bounced', message, builder); // **
  }
  if (line.endsWith(ERROR_IGNORED)) return readIgnored(line, lineNo, op, message, builder);
  // Only a bounce is thawed by the errmsg timer (ignore_bounce_errors_after): its "<= <>" may lie before the log.
  if (line.startsWith('Unfrozen by errmsg timer', op)) {
    message.sender ??= '';
    builder.settlesLine(lineNo);
    return true;
  }
  if (line.startsWith('Completed', op)) {
    if (builder.detailed) builder.add(message, builder.event('removed', lineNo, op, op + 9));
    message.removed = true;
    return true;
  }
  readRefusal(line, lineNo, op, builder, message);
  return true;
}

/**
 * End of an Exim message id at `at`: "1PLKOW-00046U-EW" (6-6-2, before 4.97) or
 * "1rAbCd-000000005vi-0000" (6-11-4), followed by a space or the end; -1 otherwise.
 */
export function eximIdEnd(line: string, at: number): number {
  for (let i = 0; i < 6; i++) if (!isAlnum(line.charCodeAt(at + i))) return -1;
  if (line.charCodeAt(at + 6) !== 45) return -1;
  let i = at + 7;
  while (isAlnum(line.charCodeAt(i))) i++;
  const middle = i - at - 7;
  if ((middle !== 6 && middle !== 11) || line.charCodeAt(i) !== 45) return -1;
  const tailStart = ++i;
  while (isAlnum(line.charCodeAt(i))) i++;
  const tail = i - tailStart;
  if (!((middle === 6 && tail === 2) || (middle === 11 && tail === 4))) return -1;
  return i === line.length || line.charCodeAt(i) === 32 ? i : -1;
}

const address = { start: 0, end: 0 };

/** "<= alice@example.com H=... P=esmtp S=1234 id=<...>"; the sender of a bounce is "<>". */
function readArrival(line: string, lineNo: number, at: number, message: LogMessage, builder: LogSink): boolean {
  if (!builder.detailed) {
    // Whether it is a bounce, which says what its failures come to ("error ignored").
    if (line.startsWith('<> ', at)) {
      message.sender = '';
      builder.settlesLine(lineNo);
    }
    return true;
  }
  const end = valueEnd(line, at, ' ');
  message.sender = line.slice(at, end) === '<>' ? '' : line.slice(at, end);
  const event = builder.event('received', lineNo, at - 3, at - 1);
  event.sender = message.sender;
  const host = after(line, ' H=', end);
  if (host >= 0) event.peer = message.client = line.slice(host, hostEnd(line, host));
  const size = after(line, ' S=', end);
  if (size >= 0) message.size = numberAt(line, size);
  const id = after(line, ' id=', end);
  if (id >= 0) message.messageId = line.slice(id, valueEnd(line, id, ' '));
  builder.add(message, event);
  return true;
}

/** "H=host (helo) [ip]:port": the host, then any "(...)" and "[...]" words after it, without a closing ':' or '*'. */
function hostEnd(line: string, at: number): number {
  let end = valueEnd(line, at, ' ');
  while (line.charCodeAt(end) === 32 && (line.charCodeAt(end + 1) === 40 || line.charCodeAt(end + 1) === 91)) end = valueEnd(line, end + 1, ' ');
  while (end > at && (line.charCodeAt(end - 1) === 58 || line.charCodeAt(end - 1) === 42)) end--;
  return end;
}

const ERROR_IGNORED = ': error ignored';

/**
 * "ID bob@example.org: error ignored" after "ID ** bob@example.org ...": Exim sends no bounce for the
 * failure. When the message was itself a bounce (no sender to tell: ignore_bounce_errors_after), Exim
 * dropped it and the recipient's failure ends as discarded; the ** line before says why it failed.
 * Any other message's failure stays a bounce (the sender asked for no notice, or a batch SMTP caller
 * was told in its session).
 */
function readIgnored(line: string, lineNo: number, op: number, message: LogMessage, builder: LogSink): boolean {
  if (message.sender !== '') return true;
  const end = line.length - ERROR_IGNORED.length;
  const event = builder.event('delivery', lineNo, end + 2, line.length);
  // "usery@domain1 <userx@domain1>: error ignored": the address, then the one it came from, as on the ** line.
  const space = line.indexOf(' <', op);
  event.recipient = line.slice(op, space > op && space < end ? space : end);
  event.recipientAt = op;
  event.status = 'discarded';
  builder.add(message, event);
  return true;
}

/** One delivery attempt: "=> rcpt [<orig>] R=... T=... H=... C=\"250 ...\"", "== rcpt ...: reason", "** rcpt ...: reason". */
function readAttempt(line: string, lineNo: number, op: number, status: DeliveryStatus, message: LogMessage, builder: LogSink): boolean {
  const at = op + 3;
  let end = valueEnd(line, at, ' ');
  let recipientAt = at;
  let recipientEnd = end;
  if (line.charCodeAt(recipientEnd - 1) === 58) recipientEnd--;
  // A local delivery names the local part, then the address it came from: "=> userx <userx@example.org>".
  if (line.charCodeAt(end + 1) === 60 && !line.slice(at, recipientEnd).includes('@')) {
    const next = addressAt(line, end + 1, ' ', address);
    recipientAt = address.start;
    recipientEnd = address.end;
    end = next;
  }
  const event = builder.event('delivery', lineNo, op, op + 2);
  event.recipient = line.slice(recipientAt, recipientEnd);
  event.recipientAt = recipientAt;
  let reason = -1;
  if (status !== 'sent') {
    const colon = line.indexOf(': ', end - 1);
    reason = colon < 0 ? -1 : colon + 2;
  }
  if (status === 'bounced' && reason >= 0 && (line.includes('retry timeout exceeded', reason) || line.includes('after a long failure period', reason))) status = 'expired';
  if (builder.detailed) readAttemptDetails(line, end, reason, status, event);
  event.status = status;
  builder.add(message, event);
  return true;
}

/** The host of an attempt and the remote server's confirmation, or the reason it failed. */
function readAttemptDetails(line: string, end: number, reason: number, status: DeliveryStatus, event: LogEvent): void {
  const hostLimit = reason < 0 ? line.length : reason;
  const host = after(line, ' H=', end, hostLimit);
  if (host >= 0) event.peer = line.slice(host, hostEnd(line, host));
  if (status === 'sent') {
    // C="250 OK id=..." is the remote server's confirmation, with \n between the lines of a multi-line reply.
    const confirmation = after(line, ' C="', end);
    if (confirmation >= 0) {
      const close = line.lastIndexOf('"');
      readReply(line, confirmation, close > confirmation ? close : line.length, event);
      const id = after(line, ' id=', confirmation);
      if (id >= 0 && id < (close > confirmation ? close : line.length)) {
        event.related = line.slice(id, valueEnd(line, id, ' "\\'));
        event.relatedAt = id;
      }
    }
  } else if (reason >= 0) {
    readReason(line, reason, line.length, event);
  }
}

/** The remote server's reply in Exim's words ("SMTP error from remote mail server after RCPT TO:<x>: 550 ..."), or a reason of its own. */
function readReason(line: string, at: number, end: number, event: LogEvent): void {
  const start = line.charCodeAt(at) === 34 /* " */ ? at + 1 : at;
  if (readReply(line, start, end, event)) return;
  const reply = replyAfterColon(line, at, end);
  if (reply >= 0 && readReply(line, reply, end, event)) {
    event.command = eximCommand(line, at, reply);
    return;
  }
  readText(line, at, end, event);
}

/** Exim's words for a command it refused, and the command they name. */
function refusedCommand(line: string, at: number): { verb?: string; length: number } {
  const word = line.slice(at, valueEnd(line, at, ' :'));
  switch (word) {
    case 'after': return { verb: 'DATA', length: line.startsWith('after DATA', at) ? 10 : 5 };
    // The message itself: "rejected by local_scan()", "rejected by non-SMTP ACL", SA's "permanently rejected message".
    case 'by': case 'message': return { verb: 'DATA', length: word.length };
    case 'connection': return { verb: 'CONNECT', length: 10 };
    case 'EHLO': case 'HELO': return { verb: 'EHLO', length: word.length };
    default: return { verb: normalizeVerb(word), length: word.length };
  }
}

/**
 * A refusal: "H=host [ip] F=<a> rejected RCPT <b>: reason", "temporarily rejected ...", "rejected
 * MAIL <a>: ...", "rejected after DATA: ...", "rejected connection in \"connect\" ACL: ...",
 * "rejected EHLO or HELO x: ...", or an authenticator's "535" to a client.
 */
function readRefusal(line: string, lineNo: number, at: number, builder: LogSink, message?: LogMessage): boolean {
  const rejected = line.indexOf('rejected ', at);
  if (rejected < 0) return readAuthFailure(line, lineNo, at, builder);
  // sa-exim's verdict ("SA: Action: permanently rejected message: score=..."): Exim logs the refusal itself next.
  const sa = line.indexOf('SA: Action: ', at);
  if (sa >= 0 && sa < rejected) return true;
  const what = rejected + 9;
  const { verb, length } = refusedCommand(line, what);
  const event = builder.event('rejected', lineNo, rejected, rejected + 8);
  event.command = verb;
  let pos = what + length;
  if (verb === 'RCPT' || verb === 'MAIL') {
    while (line.charCodeAt(pos) === 32) pos++;
    // "<bob@example.org>", or bare in older Exims ("rejected RCPT bob@example.org: ...").
    if (pos < line.length && line.charCodeAt(pos) !== 58) {
      pos = addressAt(line, pos, ' :', address);
      if (verb === 'RCPT') {
        event.recipient = line.slice(address.start, address.end);
        event.recipientAt = address.start;
      } else event.sender = line.slice(address.start, address.end);
    }
  }
  // H= stands before the refusal, or after it ("rejected connection from H=[192.0.2.7]").
  let host = line.startsWith('H=', at) ? at + 2 : after(line, ' H=', at, rejected);
  if (host < 0) host = after(line, ' H=', rejected);
  if (host >= 0) event.peer = line.slice(host, hostEnd(line, host));
  else {
    // A local submission names its user, not a host ("U=CALLER F=<x@y> rejected RCPT ...").
    const user = line.startsWith('U=', at) ? at + 2 : after(line, ' U=', at, rejected);
    if (user >= 0) event.peer = `U=${line.slice(user, valueEnd(line, user, ' :'))}`;
  }
  const from = after(line, ' F=', at, rejected);
  if (from >= 0 && event.sender === undefined) {
    const start = line.charCodeAt(from) === 60 ? from + 1 : from;
    event.sender = line.slice(start, valueEnd(line, start, '> '));
  }
  const colon = line.indexOf(': ', pos);
  if (colon >= 0) readReason(line, colon + 2, line.length, event);
  else readText(line, at, rejected, event);
  builder.reject(event, message);
  return true;
}

/** "login authenticator failed for host (helo) [ip]:port I=[ip]:587: 535 Incorrect authentication data (set_id=x)". */
function readAuthFailure(line: string, lineNo: number, at: number, builder: LogSink): boolean {
  const failed = line.indexOf(' authenticator failed for ', at);
  if (failed < 0) return false;
  const peer = failed + 26;
  const reply = replyAfterColon(line, peer, line.length);
  const event = builder.event('rejected', lineNo, failed + 1, failed + 21);
  event.command = 'AUTH';
  const peerEnd = reply >= 0 ? reply - 2 : line.length;
  const interfaceAt = line.indexOf(' I=', peer);
  event.peer = line.slice(peer, interfaceAt >= 0 && interfaceAt < peerEnd ? interfaceAt : peerEnd);
  if (reply < 0 || !readReply(line, reply, line.length, event)) readText(line, peer, line.length, event);
  builder.reject(event);
  return true;
}
