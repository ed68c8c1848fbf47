import { addressAt, after, codeText, isDigit, numberAt, queueIdEnd, valueEnd } from './fields';
import type { DeliveryStatus, LogEvent, LogMessage } from './model';
import { normalizeVerb, postfixCommand, readReply, readText } from './reply-text';
import type { LogSink } from './sink';

/**
 * Postfix's own words after the syslog tag (or a bare message part, as people paste them):
 *   QUEUEID: to=<bob@example.org>, relay=mx[192.0.2.1]:25, delay=1.2, delays=..., dsn=5.1.1, status=bounced (host mx[...] said: 550 ... (in reply to RCPT TO command))
 *   QUEUEID: from=<alice@example.com>, size=1234, nrcpt=1 (queue active)        qmgr
 *   QUEUEID: from=<alice@example.com>, status=expired, returned to sender      qmgr
 *   QUEUEID: client=host[192.0.2.7]                                           smtpd
 *   QUEUEID: message-id=<...>                                                 cleanup
 *   QUEUEID: sender non-delivery notification: NEWID                          bounce
 *   QUEUEID: removed                                                          qmgr
 *   NOQUEUE: reject: RCPT from host[192.0.2.7]: 554 5.7.1 <...>: Relay access denied; from=<a> to=<b> proto=ESMTP helo=<h>
 * Returns false when the line is none of Postfix's.
 */
export function readPostfix(line: string, lineNo: number, body: number, builder: LogSink): boolean {
  if (line.startsWith('NOQUEUE: ', body)) {
    readRejection(line, lineNo, body + 9, builder);
    return true;
  }
  if (line.startsWith('warning: ', body)) return readSaslFailure(line, lineNo, body + 9, builder);
  if (line.startsWith('proxy-reject: ', body)) {
    // smtpd's before-queue filter refused the message ("proxy-reject: END-OF-MESSAGE: 554 5.7.0 ...").
    readRejection(line, lineNo, body, builder);
    return true;
  }
  const idEnd = queueIdEnd(line, body);
  if (idEnd < 0) return false;
  const message = builder.messageAt(line, body, idEnd, 'postfix', lineNo, body);
  const rest = Math.min(line.length, idEnd + 2);
  const c = line.charCodeAt(rest);
  if (c === 116 /* t */ && line.startsWith('to=', rest)) readDelivery(line, lineNo, rest + 3, message, builder);
  else if (c === 102 /* f */ && line.startsWith('from=', rest)) readSender(line, lineNo, rest + 5, message, builder);
  else if (c === 99 /* c */ && line.startsWith('client=', rest)) {
    if (!builder.detailed) return true;
    message.client = line.slice(rest + 7, valueEnd(line, rest + 7, ', '));
    builder.add(message, builder.event('received', lineNo, rest, rest + 6));
  } else if (c === 117 /* u */ && line.startsWith('uid=', rest)) {
    // pickup: a message submitted on this host ("uid=1000 from=<alice>").
    if (!builder.detailed) return true;
    const event = builder.event('received', lineNo, rest, rest + 3);
    const from = after(line, 'from=', rest);
    if (from >= 0) event.sender = message.sender = senderAt(line, from);
    builder.add(message, event);
  } else if (c === 109 /* m */ && line.startsWith('message-id=', rest)) {
    if (!builder.detailed) return true;
    message.messageId = line.slice(rest + 11, valueEnd(line, rest + 11, ' ,'));
  } else if (c === 114 /* r */ && line.startsWith('removed', rest)) {
    if (builder.detailed) builder.add(message, builder.event('removed', lineNo, rest, rest + 7));
    message.removed = true;
  } else if (line.startsWith('reject: ', rest) || line.startsWith('milter-reject: ', rest) || line.startsWith('proxy-reject: ', rest)) {
    readRejection(line, lineNo, rest, builder, message);
  } else if (line.includes(' said: ', rest)) {
    // smtp: a reply that settled nothing yet ("host mx[ip] said: 450 4.7.1 ... (in reply to RCPT TO command)").
    if (!builder.detailed) return true;
    const said = line.indexOf(' said: ', rest) + 7;
    const event = builder.event('reply', lineNo, rest, said - 7);
    const inReply = line.lastIndexOf(' (in reply to ');
    if (readReply(line, said, inReply > said ? inReply : line.length, event)) {
      event.command = postfixCommand(line, rest, line.length) ?? (line.startsWith('SASL authentication failed', rest) ? 'AUTH' : undefined);
      builder.add(message, event);
    }
  } else if (line.includes(' notification: ', rest)) {
    // bounce: "sender non-delivery notification: 47335405A44" names the bounce's own queue id.
    if (!builder.detailed) return true;
    const at = line.indexOf(' notification: ', rest) + 15;
    const event = builder.event('notification', lineNo, rest, at - 2);
    const end = valueEnd(line, at, ' ,');
    event.related = line.slice(at, end);
    readText(line, rest, at - 2, event);
    event.relatedAt = at;
    builder.add(message, event);
  }
  return true;
}

const address = { start: 0, end: 0 };

function senderAt(line: string, at: number): string {
  addressAt(line, at, ', ', address);
  return line.slice(address.start, address.end);
}

/** qmgr: "from=<a>, size=1234, nrcpt=2 (queue active)" or "from=<a>, status=expired, returned to sender". */
function readSender(line: string, lineNo: number, at: number, message: LogMessage, builder: LogSink): void {
  const expired = after(line, ', status=expired', at);
  // Only an expiry changes how the recipients ended.
  if (expired < 0 && !builder.detailed) return;
  message.sender = senderAt(line, at);
  if (expired >= 0) {
    const event = builder.event('expired', lineNo, expired - 7, expired);
    event.status = 'expired';
    event.sender = message.sender;
    readText(line, expired + (line.startsWith(', ', expired) ? 2 : 0), line.length, event);
    builder.add(message, event);
    return;
  }
  const size = after(line, ', size=', at);
  if (size >= 0) message.size = numberAt(line, size);
  const event = builder.event('sender', lineNo, at - 5, at - 1);
  event.sender = message.sender;
  builder.add(message, event);
}

/** The delivery status written at [start, end), told by its first letter and length without slicing it; undefined for others. */
function deliveryStatus(line: string, start: number, end: number): DeliveryStatus | undefined {
  const length = end - start;
  switch (line.charCodeAt(start)) {
    case 115 /* s */: return length === 4 && line.startsWith('sent', start) ? 'sent' : undefined;
    case 100 /* d */: return length === 8 && line.startsWith('deferred', start) ? 'deferred' : undefined;
    case 98 /* b */: return length === 7 && line.startsWith('bounced', start) ? 'bounced' : undefined;
    case 101 /* e */: return length === 7 && line.startsWith('expired', start) ? 'expired' : undefined;
    default: return undefined;
  }
}

/** smtp, lmtp, local, virtual, pipe, error: "to=<b>, [orig_to=<c>,] relay=..., delay=..., dsn=..., status=... (text)". */
function readDelivery(line: string, lineNo: number, at: number, message: LogMessage, builder: LogSink): void {
  const next = addressAt(line, at, ',', address);
  const recipientAt = address.start;
  const recipient = line.slice(address.start, address.end);
  const statusAt = after(line, ', status=', next);
  if (statusAt < 0) return;
  const statusEnd = valueEnd(line, statusAt, ' ,');
  // sent, deferred, bounced, expired; address verification's "deliverable"/"undeliverable" is no delivery.
  const status = deliveryStatus(line, statusAt, statusEnd);
  if (!status) return;
  const event = builder.event('delivery', lineNo, statusAt, statusEnd);
  event.status = status;
  event.recipient = recipient;
  event.recipientAt = recipientAt;
  if (builder.detailed) readDetails(line, next, statusAt, statusEnd, event);
  builder.add(message, event);
}

/** What a delivery line says beyond its recipient and status: relay, delay, dsn= and the reply or reason. */
function readDetails(line: string, next: number, statusAt: number, statusEnd: number, event: LogEvent): void {
  const relay = after(line, ', relay=', next, statusAt);
  if (relay >= 0) event.peer = line.slice(relay, valueEnd(line, relay, ','));
  const delay = after(line, ', delay=', next, statusAt);
  if (delay >= 0) event.delay = numberAt(line, delay);
  const dsn = after(line, ', dsn=', next, statusAt);
  if (dsn >= 0) {
    event.dsn = codeText(line, dsn, valueEnd(line, dsn, ','));
    event.dsnAt = dsn;
  }
  if (line.startsWith(' (', statusEnd)) readStatusText(line, statusEnd + 2, line.endsWith(')') ? line.length - 1 : line.length, event);
}

/**
 * The text in parentheses after the status: "host mx[ip] said: 550 5.1.1 ... (in reply to RCPT TO
 * command)", "host mx[ip] refused to talk to me: 554 ...", "250 2.0.0 Ok: queued as 4Xyz" or a
 * reason of Postfix's own ("connect to mx[ip]:25: Connection refused").
 */
function readStatusText(line: string, start: number, end: number, event: LogEvent): void {
  // "250 2.0.0 Ok: queued as X" (a successful delivery) starts with its code: no need to look further.
  const direct = isDigit(line.charCodeAt(start));
  const said = direct ? -1 : line.indexOf(' said: ', start);
  const refused = direct || (said >= 0 && said < end) ? -1 : line.indexOf('refused to talk to me: ', start);
  const replyAt = said >= 0 && said < end ? said + 7 : refused >= 0 && refused < end ? refused + 23 : start;
  const inReply = direct ? -1 : line.lastIndexOf(' (in reply to ', end);
  const replyEnd = inReply > replyAt ? inReply : end;
  if (readReply(line, replyAt, replyEnd, event)) {
    if (!direct) event.command = postfixCommand(line, start, end);
    const queued = line.indexOf('queued as ', replyAt);
    if (queued >= 0 && queued < replyEnd) {
      event.relatedAt = queued + 10;
      event.related = line.slice(queued + 10, valueEnd(line, queued + 10, ' ,)'));
    }
  } else {
    readText(line, start, end, event);
  }
}

const FIELD_STARTS = ['; from=', '; to=', '; proto=', '; helo='];

/** Where the parts of a refusal stand in its line (readRejectionColumns fills them in). */
export interface RejectionColumns {
  /** Where "reject: ", "milter-reject: " or "proxy-reject: " starts. */
  reject: number;
  /** The command refused ("RCPT", "END-OF-MESSAGE"). */
  verbAt: number;
  verbEnd: number;
  /** The client ("host[ip]"); peerAt is -1 when the line names none. */
  peerAt: number;
  peerEnd: number;
  /** The server's reply or reason, up to Postfix's "; from=<a> to=<b> ..." (fieldsAt, or -1). */
  reasonAt: number;
  reasonEnd: number;
  fieldsAt: number;
}

export function rejectionColumns(): RejectionColumns {
  return { reject: -1, verbAt: 0, verbEnd: 0, peerAt: -1, peerEnd: -1, reasonAt: 0, reasonEnd: 0, fieldsAt: -1 };
}

/** Where the parts of a refusal at `at` of a line (a string of its own) stand: false when no refusal starts there. */
export function readRejectionColumns(line: string, at: number, out: RejectionColumns): boolean {
  const reject = line.startsWith('reject: ', at) || line.startsWith('milter-reject: ', at) || line.startsWith('proxy-reject: ', at) ? at : -1;
  if (reject < 0) return false;
  out.reject = reject;
  const verbAt = line.indexOf(': ', reject) + 2;
  const verbEnd = valueEnd(line, verbAt, ' :');
  out.verbAt = verbAt;
  out.verbEnd = verbEnd;
  out.peerAt = out.peerEnd = -1;
  // "from host[ip]: " — postscreen writes "from [ip]:port: "; the reply follows the colon after the client.
  let pos = verbEnd;
  // proxy-reject names no client: "END-OF-MESSAGE: 554 5.7.0 ...".
  if (line.startsWith(': ', pos)) pos += 2;
  if (line.startsWith(' from ', pos)) {
    const clientAt = pos + 6;
    const close = line.indexOf(']', clientAt);
    const colon = line.indexOf(': ', close < 0 ? clientAt : close);
    if (colon > 0) {
      out.peerAt = clientAt;
      out.peerEnd = colon;
      pos = colon + 2;
    }
  }
  // Postfix appends "; from=<a> to=<b> proto=ESMTP helo=<h>", starting with whichever of them it has.
  let fieldsAt = -1;
  for (const key of FIELD_STARTS) {
    const found = line.lastIndexOf(key);
    if (found >= pos && (fieldsAt < 0 || found < fieldsAt)) fieldsAt = found;
  }
  out.reasonAt = pos;
  out.reasonEnd = fieldsAt >= 0 ? fieldsAt : line.length;
  out.fieldsAt = fieldsAt;
  return true;
}

const rejection = rejectionColumns();

/**
 * smtpd, postscreen, cleanup: "reject: RCPT from host[ip]: 550 5.1.1 <b>: Recipient address
 * rejected: ...; from=<a> to=<b> proto=ESMTP helo=<h>", "milter-reject: END-OF-MESSAGE from ...".
 * reject_warning, discard, hold and filter are no refusal.
 */
function readRejection(line: string, lineNo: number, at: number, builder: LogSink, message?: LogMessage): void {
  const parts = rejection;
  if (!readRejectionColumns(line, at, parts)) return;
  const event = builder.event('rejected', lineNo, parts.reject, parts.verbAt - 2);
  event.command = normalizeVerb(line.slice(parts.verbAt, parts.verbEnd));
  if (parts.peerAt >= 0) event.peer = line.slice(parts.peerAt, parts.peerEnd);
  const pos = parts.reasonAt;
  const reasonEnd = parts.reasonEnd;
  const fieldsAt = parts.fieldsAt;
  if (!readReply(line, pos, reasonEnd, event)) readText(line, pos, reasonEnd, event);
  if (fieldsAt >= 0) {
    const from = after(line, 'from=', fieldsAt);
    if (from >= 0) event.sender = senderAt(line, from);
    const to = after(line, 'to=', fieldsAt);
    if (to >= 0) {
      addressAt(line, to, ', ', address);
      event.recipient = line.slice(address.start, address.end);
      event.recipientAt = address.start;
    }
  }
  builder.reject(event, message);
}

/**
 * smtpd: "warning: host[192.0.2.7]: SASL LOGIN authentication failed: UGFzc3dvcmQ6" — the server
 * refused a client's AUTH (Postfix answers it 535 5.7.8); true for any other warning, which says nothing here.
 */
function readSaslFailure(line: string, lineNo: number, at: number, builder: LogSink): boolean {
  const sasl = line.indexOf(': SASL ', at);
  if (sasl < 0) return true;
  // "SASL LOGIN authentication failed", "SASL CRAM-MD5 authentication failed": the mechanism, then the verdict.
  const failed = line.indexOf('authentication failed', sasl + 7);
  if (failed < 0 || failed > sasl + 40) return true;
  const end = failed + 21;
  const event = builder.event('rejected', lineNo, sasl + 2, end);
  event.command = 'AUTH';
  event.peer = line.slice(at, sasl);
  readText(line, sasl + 2, line.length, event);
  builder.reject(event);
  return true;
}
