import { after, codeText, numberAt, queueIdEnd, valueEnd } from './fields';
import type { DeliveryStatus, LogEvent, LogMessage } from './model';
import { readReply, readText } from './reply-text';
import { sendmailDelay } from './time';
import type { LogSink } from './sink';

/**
 * Sendmail's words after the syslog tag (sendmail, sm-mta, sm-msp-queue ...):
 *   QID: from=<alice@example.com>, size=5938, class=0, nrcpts=2, msgid=<...>, proto=ESMTP, daemon=MTA, relay=client [192.0.2.7]
 *   QID: to=<bob@example.org>,<carol@example.org>, delay=00:00:15, xdelay=00:00:15, mailer=esmtp, pri=34527, relay=mx. [192.0.2.1], dsn=4.3.5, stat=Deferred: 451 4.3.5 Server configuration problem
 *   QID: NEWQID: DSN: User unknown                                  (the bounce it made)
 *   QID: ruleset=check_rcpt, arg1=<b>, relay=client [192.0.2.7], reject=550 5.7.1 <b>... Relaying denied
 *   ruleset=check_relay, arg1=client, arg2=192.0.2.7, relay=client [192.0.2.7], reject=421 4.3.2 Connection rate limit exceeded.
 * Returns false when the line is none of Sendmail's.
 */
export function readSendmail(line: string, lineNo: number, body: number, builder: LogSink): boolean {
  let at = body;
  if (line.startsWith('NOQUEUE: ', at)) at += 9;
  const idEnd = at === body ? queueIdEnd(line, at, 6) : -1;
  if (idEnd < 0) {
    if (line.startsWith('ruleset=', at)) readRuleset(line, lineNo, at, builder);
    return at !== body || line.startsWith('ruleset=', at);
  }
  // Sendmail gives every SMTP session a queue id, mail or not: only lines about mail open a message.
  const open = (): LogMessage => builder.messageAt(line, at, idEnd, 'sendmail', lineNo, at);
  const rest = Math.min(line.length, idEnd + 2);
  if (line.startsWith('to=', rest)) readDeliveries(line, lineNo, rest + 3, open(), builder);
  else if (line.startsWith('from=', rest)) readArrival(line, lineNo, rest, open(), builder);
  // A refusal joins the message only when it is one: a session refused outright made none.
  else if (line.startsWith('ruleset=', rest)) readRuleset(line, lineNo, rest, builder, builder.existing(line, at, idEnd, lineNo, at));
  else if (line.charCodeAt(rest) === 60 /* < */ && line.includes('>... ', rest)) readAddressRefusal(line, lineNo, rest, builder, builder.existing(line, at, idEnd, lineNo, at));
  else if (!readNotification(line, lineNo, rest, open, builder)) builder.existing(line, at, idEnd, lineNo, at);
  return true;
}

/** "from=<a>, size=N, class=0, nrcpts=N, msgid=<m>, proto=ESMTP, daemon=MTA, relay=host [ip]". */
function readArrival(line: string, lineNo: number, at: number, message: LogMessage, builder: LogSink): void {
  if (!builder.detailed) return;
  const value = at + 5;
  const end = valueEnd(line, value, ',');
  let sender = line.slice(value, end);
  if (sender.startsWith('<') && sender.endsWith('>')) sender = sender.slice(1, -1);
  message.sender = sender;
  const size = after(line, ', size=', end);
  if (size >= 0) message.size = numberAt(line, size);
  const msgid = after(line, ', msgid=', end);
  if (msgid >= 0) message.messageId = line.slice(msgid, valueEnd(line, msgid, ','));
  const relay = after(line, ', relay=', end);
  const event = builder.event('received', lineNo, at, at + 4);
  event.sender = sender;
  if (relay >= 0) event.peer = message.client = line.slice(relay, valueEnd(line, relay, ','));
  builder.add(message, event);
}

/**
 * "to=<a>,<b>, [ctladdr=...,] delay=..., xdelay=..., mailer=..., pri=..., relay=..., dsn=..., stat=...":
 * one line for several recipients, one event each. stat=Sent (...) is sent, stat=Deferred: ... is
 * deferred, anything else is a failure (bounced), which dsn= may show to be temporary.
 */
function readDeliveries(line: string, lineNo: number, at: number, message: LogMessage, builder: LogSink): void {
  const listEnd = valueEnd(line, at, ' ') - (line.charCodeAt(valueEnd(line, at, ' ') - 1) === 44 ? 1 : 0);
  const stat = after(line, ', stat=', listEnd);
  if (stat < 0) return;
  let status: DeliveryStatus;
  let markEnd: number;
  let textAt: number;
  let textEnd = line.length;
  if (line.startsWith('Sent', stat)) {
    status = 'sent';
    markEnd = stat + 4;
    textAt = line.startsWith(' (', markEnd) ? markEnd + 2 : markEnd;
    if (line.endsWith(')') && textAt > markEnd) textEnd = line.length - 1;
  } else if (line.startsWith('Deferred', stat)) {
    status = 'deferred';
    markEnd = stat + 8;
    textAt = line.startsWith(': ', markEnd) ? markEnd + 2 : markEnd;
  } else if (line.startsWith('queued', stat) || line.startsWith('Queued', stat)) {
    return; // accepted for a later queue run: no attempt yet
  } else {
    markEnd = line.length;
    textAt = stat;
    status = 'bounced';
  }
  const dsnAt = after(line, ', dsn=', listEnd, stat);
  const dsn = dsnAt >= 0 ? codeText(line, dsnAt, valueEnd(line, dsnAt, ',')) : undefined;
  if (status === 'bounced' && dsn?.startsWith('4')) status = 'deferred';
  const relay = after(line, ', relay=', listEnd, stat);
  const delay = after(line, ', delay=', listEnd, stat);
  // One event per recipient of the list "<a>,<b>" (or "a,b"), sharing what the line says.
  let pos = at;
  while (pos < listEnd) {
    const comma = line.indexOf(',', pos);
    const itemEnd = comma < 0 || comma > listEnd ? listEnd : comma;
    let start = pos;
    let end = itemEnd;
    if (line.charCodeAt(start) === 60 && line.charCodeAt(end - 1) === 62) {
      start++;
      end--;
    }
    if (end > start) {
      const event = builder.event('delivery', lineNo, stat, markEnd);
      event.status = status;
      event.recipient = line.slice(start, end);
      event.recipientAt = start;
      if (builder.detailed) {
        if (relay >= 0) event.peer = line.slice(relay, valueEnd(line, relay, ','));
        if (delay >= 0) event.delay = sendmailDelay(line.slice(delay, valueEnd(line, delay, ',')));
        if (dsn !== undefined) {
          event.dsn = dsn;
          event.dsnAt = dsnAt;
        }
        if (!readReply(line, textAt, textEnd, event)) readText(line, textAt, textEnd, event);
      }
      builder.add(message, event);
    }
    pos = itemEnd + 1;
  }
}

/** What a check_* ruleset refused: check_relay the connection, check_mail the sender, check_rcpt a recipient. */
const RULESETS: Record<string, string> = { check_relay: 'CONNECT', check_mail: 'MAIL', check_rcpt: 'RCPT', check_data: 'DATA', check_eom: 'DATA', check_compat: 'RCPT' };

/** "ruleset=check_rcpt, arg1=<b>, relay=host [ip], reject=550 5.7.1 <b>... Relaying denied". */
function readRuleset(line: string, lineNo: number, at: number, builder: LogSink, message?: LogMessage): void {
  const reject = after(line, ', reject=', at);
  if (reject < 0) return;
  const event = builder.event('rejected', lineNo, reject - 7, reject - 1);
  event.command = RULESETS[line.slice(at + 8, valueEnd(line, at + 8, ','))];
  const arg1 = after(line, ', arg1=', at, reject);
  if (arg1 >= 0) {
    const start = line.charCodeAt(arg1) === 60 ? arg1 + 1 : arg1;
    const value = line.slice(start, valueEnd(line, start, '>,'));
    if (event.command === 'RCPT') {
      event.recipient = value;
      event.recipientAt = start;
    } else if (event.command === 'MAIL') event.sender = value;
  }
  const relay = after(line, ', relay=', at, reject);
  if (relay >= 0) event.peer = line.slice(relay, valueEnd(line, relay, ','));
  if (!readReply(line, reject, line.length, event)) readText(line, reject, line.length, event);
  builder.reject(event, message);
}

/** The server refusing an address during the SMTP dialogue: "<bob@example.org>... User unknown". */
function readAddressRefusal(line: string, lineNo: number, at: number, builder: LogSink, message?: LogMessage): void {
  const close = line.indexOf('>... ', at);
  if (close < 0) return;
  const event = builder.event('rejected', lineNo, close + 5, line.length);
  event.command = 'RCPT';
  event.recipient = line.slice(at + 1, close);
  event.recipientAt = at + 1;
  readText(line, close + 5, line.length, event);
  builder.reject(event, message);
}

/** "NEWQID: DSN: reason" (a bounce made), "NEWQID: return to sender: reason", "NEWQID: postmaster notify: reason". */
function readNotification(line: string, lineNo: number, at: number, open: () => LogMessage, builder: LogSink): boolean {
  const idEnd = queueIdEnd(line, at, 6);
  if (idEnd < 0) return false;
  const what = idEnd + 2;
  const colon = line.indexOf(': ', what);
  if (colon < 0) return false;
  const label = line.slice(what, colon);
  if (label !== 'DSN' && label !== 'return to sender' && label !== 'postmaster notify' && label !== 'sender notify') return false;
  const message = open();
  if (builder.detailed) {
    const event: LogEvent = builder.event('notification', lineNo, what, colon);
    event.related = line.slice(at, idEnd);
    event.relatedAt = at;
    readText(line, colon + 2, line.length, event);
    builder.add(message, event);
  }
  // "Cannot send message for 5 days": the message expired in the queue.
  if (line.includes('Cannot send message for', colon)) {
    const expired = builder.event('expired', lineNo, colon + 2, line.length);
    expired.status = 'expired';
    readText(line, colon + 2, line.length, expired);
    builder.add(message, expired);
  }
  return true;
}
