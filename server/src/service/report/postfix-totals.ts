import type { LinePrefix } from '../parse/log/prefix';
import type { ReportTotals } from './model';
import { detached } from './detached';

/**
 * The grand totals of a Postfix log, counted line by line by the rules pflogsumm counts them with,
 * so that the two agree on the same log (README, "Reports"): a delivery is a `status=sent` line,
 * a bounce a `status=bounced` line, a deferred message a queue id with at least one
 * `status=deferred` line, a reception an smtpd `client=` or a pickup `uid=`/`sender=` line, and the
 * bytes of a message count once, on its first `from=<...>, size=` line after its reception. The rest
 * of ReportTotals (expiries, senders, recipients, domains) comes from the messages.
 */
export type PostfixCounts = Omit<ReportTotals, 'expired' | 'senders' | 'recipients' | 'sendingHostsDomains' | 'recipientHostsDomains'>;

/** What the tally knows of a queue id while its message is in flight. */
interface QueueEntry {
  /** The client it came from, for the sending domain of a sender without one ("pickup" for local submissions). */
  origin?: string;
  size: number;
  sized: boolean;
  deferred: boolean;
  deferredTo: string | undefined;
}

/**
 * A queue id as a key of the tally's map: Postfix's short ids ("4E7461", up to 12 hexadecimal digits)
 * as a number (their value and length, so that "0A1" and "A1" stay two), with no string cut out and
 * hashed per line; any other id (long ids, "NOQUEUE") as its string.
 */
type QueueKey = number | string;

function queueKey(line: string, start: number, end: number): QueueKey {
  const length = end - start;
  if (length < 1 || length > 12) return line.slice(start, end);
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) value = value * 16 + (c - 48);
    else if (c >= 65 && c <= 70) value = value * 16 + (c - 55);
    else return line.slice(start, end);
  }
  return value * 16 + length;
}

/** Past this many queue ids in flight the oldest are forgotten: a log that never says "removed" stays bounded. */
const MAX_QUEUED = 500_000;

/**
 * What one line is, as the tally reads it, for the per-hour and per-day tables and the report's
 * lists: the totals' kinds, and lines the report reads further (expiries, smtpd connections).
 */
export type PostfixLineKind = 'received' | 'delivered' | 'forwarded' | 'deferred' | 'bounced' | 'rejected' | 'held' | 'discarded'
  | 'rejectWarning' | 'expired' | 'connect' | 'disconnect' | undefined;

export interface PostfixTallyListener {
  sender?(address: string, domain: string, size: number): void;
  recipient?(address: string, domain: string, size: number): void;
  warning?(program: string, level: 'warning' | 'fatal' | 'panic', text: string): void;
}

/** The word at [at, end) of `line` is `word`. */
function is(line: string, at: number, end: number, word: string): boolean {
  return end - at === word.length && line.startsWith(word, at);
}

/**
 * Where `needle` is in `line` from `from` on, wholly before `end`, or -1: the line may be a range of
 * a longer text, whose next lines must not answer. For a needle that the line has, or that the
 * next few lines have (', ', ': '): the search may run on past `end` up to the next one.
 */
function find(line: string, needle: string, from: number, end: number): number {
  const at = line.indexOf(needle, from);
  return at < 0 || at + needle.length > end ? -1 : at;
}

/** find() for a needle seldom there: the search stops at `end` (else it would run on through the rest of the piece, line after line). */
function findWithin(line: string, needle: string, from: number, end: number): number {
  if (end === line.length) return line.indexOf(needle, from);
  if (end - from < needle.length) return -1;
  const at = line.slice(from, end).indexOf(needle);
  return at < 0 ? -1 : from + at;
}

/** The Postfix commands whose lines the tally reads in their own way; every other command is 'other'. */
type Command = 'smtpd' | 'cleanup' | 'master' | 'postscreen' | 'pickup' | 'other';

/** The command at [at, end), told by its length and first letter before its name is compared: one comparison per line at most. */
function commandOf(line: string, at: number, end: number): Command {
  switch (end - at) {
    case 5: return is(line, at, end, 'smtpd') ? 'smtpd' : 'other';
    case 6: {
      const c = line.charCodeAt(at);
      if (c === 109 /* m */) return is(line, at, end, 'master') ? 'master' : 'other';
      return c === 112 /* p */ && is(line, at, end, 'pickup') ? 'pickup' : 'other';
    }
    case 7: return is(line, at, end, 'cleanup') ? 'cleanup' : 'other';
    case 10: return is(line, at, end, 'postscreen') ? 'postscreen' : 'other';
    default: return 'other';
  }
}

/**
 * What scanPostfixLine finds in a line, as SCAN_FIELDS numbers from a column of an Int32Array
 * (a row of a LineBatch, or the tally's own): the line's kind (a SCAN_* constant), its queue id
 * as a number in two parts (KEY_HIGH -1: the id is a string, [body, WORD_END) of the line), and
 * up to five columns or numbers of its fields, by kind.
 */
export const SCAN_FIELDS = 9;
const KIND = 0;
const KEY_HIGH = 1;
const KEY_LOW = 2;
const WORD_END = 3;
const F0 = 4;
const F1 = 5;
const F2 = 6;
const F3 = 7;
const F4 = 8;

const SCAN_NONE = 0;
/** smtpd "connect from" / "disconnect from". */
const SCAN_CONNECT = 1;
const SCAN_DISCONNECT = 2;
/** A refusal counted by its word (reject, milter-reject, reject_warning, hold, discard). */
const SCAN_REJECTED = 3;
const SCAN_REJECT_WARNING = 4;
const SCAN_HELD = 5;
const SCAN_DISCARDED = 6;
/** warning:, fatal:, panic: (F0 the command's start, F1 where the text starts). */
const SCAN_WARNING = 7;
const SCAN_FATAL = 8;
const SCAN_PANIC = 9;
/** smtpd "client=" (F0, F1 the client) or pickup's "uid=" / "sender=" (F0 -1). */
const SCAN_RECEIVED = 10;
/** qmgr "from=<a>, status=expired". */
const SCAN_SENDER_EXPIRED = 11;
/** qmgr "from=<a>, size=N": F0, F1 the address, F2 the end of the size's digits. */
const SCAN_SENDER_SIZE = 12;
/**
 * A delivery line: F0, F1 the recipient, F2, F3 its delay=, F4 where the reason starts when the
 * fields stand where Postfix's delivery reader finds them (problemFields), else -1.
 */
const SCAN_SENT = 13;
const SCAN_FORWARDED = 14;
const SCAN_DEFERRED = 15;
const SCAN_BOUNCED = 16;
const SCAN_EXPIRED = 17;
/** A delivery line of no status counted: F0, F1 the recipient, F2, F3 its delay= (always read: the scan stops without one). */
const SCAN_DELIVERY_OTHER = 18;
/** qmgr "removed". */
const SCAN_REMOVED = 19;

/** A Postfix queue id (up to 12 hexadecimal digits) as a number below 2^52: written as two parts of 26 bits. */
const KEY_PART = 67_108_864;

/** The kinds of a refusal's word at [at, end), or SCAN_NONE. */
function refusalKind(line: string, at: number, end: number): number {
  if (is(line, at, end, 'reject')) return SCAN_REJECTED;
  if (is(line, at, end, 'reject_warning')) return SCAN_REJECT_WARNING;
  if (is(line, at, end, 'hold')) return SCAN_HELD;
  if (is(line, at, end, 'discard')) return SCAN_DISCARDED;
  return SCAN_NONE;
}

/** cleanup's "reject: header ...", "milter-reject: END-OF-MESSAGE ...", "hold: body ...", "discard: ...", "warning: header ...". */
function cleanupActionKind(line: string, rest: number, lineEnd: number): number {
  const colon = find(line, ': ', rest, lineEnd);
  if (colon < 0) return SCAN_NONE;
  const what = colon + 2;
  if (!(line.startsWith('header ', what) || line.startsWith('body ', what) || line.startsWith('END-OF-MESSAGE ', what))) return SCAN_NONE;
  if (is(line, rest, colon, 'milter-reject')) return SCAN_REJECTED;
  if (is(line, rest, colon, 'warning')) return SCAN_REJECT_WARNING;
  return refusalKind(line, rest, colon);
}

/** Writes the line's queue id ([body, wordEnd)) as a key into `out`. */
function scanKey(line: string, body: number, wordEnd: number, out: Int32Array, at: number): void {
  const key = queueKey(line, body, wordEnd);
  if (typeof key === 'string') {
    out[at + KEY_HIGH] = -1;
    return;
  }
  const high = Math.floor(key / KEY_PART);
  out[at + KEY_HIGH] = high;
  out[at + KEY_LOW] = key - high * KEY_PART;
}

/**
 * Reads what PostfixTally counts in one line of a "postfix/..." program (the range of `line` from
 * the prefix's columns to `lineEnd`), writing it into `out` from `at` (SCAN_FIELDS numbers). It
 * needs nothing of the lines before: a thread that cuts the lines can read it for the tally.
 */
export function scanPostfixLine(line: string, prefix: LinePrefix, lineEnd: number, out: Int32Array, at: number): void {
  out[at + KIND] = SCAN_NONE;
  const programEnd = prefix.programEnd;
  // The command: what follows the last '/' of the program ("postfix/submission/smtpd" is smtpd).
  // (A loop: lastIndexOf is a call into the runtime, dearer than a few character tests.)
  let commandAt = programEnd;
  while (commandAt > prefix.programStart && line.charCodeAt(commandAt - 1) !== 47 /* / */) commandAt--;
  const body = prefix.body;
  // The first word after the tag: a queue id, NOQUEUE, or warning/fatal/panic.
  let wordEnd = body;
  for (let c = line.charCodeAt(wordEnd); wordEnd < lineEnd && c !== 58 && c !== 32; c = line.charCodeAt(++wordEnd));
  out[at + WORD_END] = wordEnd;
  const command = commandOf(line, commandAt, programEnd);
  const smtpd = command === 'smtpd';
  if (wordEnd >= lineEnd || line.charCodeAt(wordEnd) !== 58 /* : */) {
    if (smtpd && wordEnd < lineEnd && line.charCodeAt(wordEnd) === 32) {
      if (line.startsWith('connect from ', body)) out[at + KIND] = SCAN_CONNECT;
      else if (line.startsWith('disconnect from ', body)) out[at + KIND] = SCAN_DISCONNECT;
    }
    return;
  }
  const rest = wordEnd + 2;
  if (command === 'cleanup') {
    const kind = cleanupActionKind(line, rest, lineEnd);
    if (kind !== SCAN_NONE) {
      out[at + KIND] = kind;
      return;
    }
  }
  switch (line.charCodeAt(body)) {
    case 119 /* w */:
    case 102 /* f */:
    case 112 /* p */: {
      const level = is(line, body, wordEnd, 'warning') ? SCAN_WARNING : is(line, body, wordEnd, 'fatal') ? SCAN_FATAL : is(line, body, wordEnd, 'panic') ? SCAN_PANIC : SCAN_NONE;
      if (level !== SCAN_NONE) {
        out[at + KIND] = level;
        out[at + F0] = commandAt;
        out[at + F1] = rest;
        return;
      }
      break;
    }
    case 114 /* r */:
    case 104 /* h */:
    case 100 /* d */: {
      const kind = refusalKind(line, body, wordEnd);
      if (kind !== SCAN_NONE) {
        out[at + KIND] = kind;
        return;
      }
      break;
    }
  }
  if (command === 'master') return;
  if (smtpd || command === 'postscreen') {
    if (line.charCodeAt(programEnd) !== 91 /* [ */) return;
    if (rest < lineEnd && line.startsWith('client=', rest)) {
      let end = findWithin(line, ',', rest + 7, lineEnd);
      if (end < 0) end = lineEnd;
      out[at + KIND] = SCAN_RECEIVED;
      scanKey(line, body, wordEnd, out, at);
      out[at + F0] = rest + 7;
      out[at + F1] = end;
      return;
    }
    const colon = find(line, ': ', rest, lineEnd);
    if (colon >= 0) out[at + KIND] = refusalKind(line, rest, colon);
    return;
  }
  if (rest >= lineEnd) return;
  const c = line.charCodeAt(rest);
  if (c === 102 /* f */ && line.startsWith('from=<', rest)) scanSender(line, rest + 6, lineEnd, out, at);
  else if (c === 116 /* t */ && line.startsWith('to=<', rest)) scanDelivery(line, rest + 4, lineEnd, out, at);
  else if (c === 114 /* r */ && line.startsWith('removed', rest)) out[at + KIND] = SCAN_REMOVED;
  else if (command === 'pickup' && (line.startsWith('uid=', rest) || line.startsWith('sender=', rest))) {
    out[at + KIND] = SCAN_RECEIVED;
    out[at + F0] = -1;
  } else return;
  if (out[at + KIND] !== SCAN_NONE) scanKey(line, body, wordEnd, out, at);
}

/**
 * qmgr: "from=<a>, size=N, nrcpt=1 (queue active)" (the first one counts the sender and the bytes
 * received) or "from=<a>, status=expired, returned to sender" (an expiry).
 */
function scanSender(line: string, at: number, lineEnd: number, out: Int32Array, row: number): void {
  const close = find(line, '>, ', at - 1, lineEnd);
  if (close < 0) return;
  // "size=" most often: told from "status=" by its second letter before either is compared whole.
  if (line.charCodeAt(close + 4) === 116 /* t */ && line.startsWith('status=expired', close + 3)) {
    out[row + KIND] = SCAN_SENDER_EXPIRED;
    return;
  }
  if (line.charCodeAt(close + 4) !== 105 /* i */ || !line.startsWith('size=', close + 3)) return;
  let i = close + 8;
  for (let c = line.charCodeAt(i); c >= 48 && c <= 57; c = line.charCodeAt(++i));
  if (i === close + 8) return;
  out[row + KIND] = SCAN_SENDER_SIZE;
  out[row + F0] = at;
  out[row + F1] = close;
  out[row + F2] = i;
}

/** "to=<b>, [orig_to=<c>, ]relay=..., [conn_use=..., ]delay=..., [delays=..., ][dsn=..., ]status=S ...". */
function scanDelivery(line: string, at: number, lineEnd: number, out: Int32Array, row: number): void {
  const close = find(line, '>, ', at - 1, lineEnd);
  if (close < 0) return;
  let pos = close + 3;
  let plain = true;
  // Each optional field is told by its first letter before its name is compared (a call each).
  if (line.charCodeAt(pos) === 111 /* o */ && line.startsWith('orig_to=<', pos)) {
    const end = find(line, '>, ', pos, lineEnd);
    if (end < 0) return;
    pos = end + 3;
    plain = false;
  }
  if (!line.startsWith('relay=', pos)) return;
  pos = find(line, ', ', pos, lineEnd) + 2;
  if (pos < 2) return;
  if (line.charCodeAt(pos) === 99 /* c */ && line.startsWith('conn_use=', pos)) pos = find(line, ', ', pos, lineEnd) + 2;
  if (pos < 2 || !line.startsWith('delay=', pos)) return;
  const delayAt = pos + 6;
  pos = find(line, ', ', pos, lineEnd) + 2;
  if (pos < 2) return;
  out[row + KIND] = SCAN_DELIVERY_OTHER;
  out[row + F0] = at;
  out[row + F1] = close;
  out[row + F2] = delayAt;
  out[row + F3] = pos - 2;
  out[row + F4] = -1;
  if (line.charCodeAt(pos + 5) === 115 /* s */ && line.startsWith('delays=', pos)) pos = find(line, ', ', pos, lineEnd) + 2;
  const reasonAt = pos;
  if (pos >= 2 && line.charCodeAt(pos + 1) === 115 /* s */ && line.startsWith('dsn=', pos)) pos = find(line, ', ', pos, lineEnd) + 2;
  if (pos < 2 || !line.startsWith('status=', pos)) return;
  const statusAt = pos + 7;
  let statusEnd = statusAt;
  while (statusEnd < lineEnd && line.charCodeAt(statusEnd) !== 32) statusEnd++;
  let kind: number;
  if (is(line, statusAt, statusEnd, 'sent')) {
    out[row + KIND] = findWithin(line, 'forwarded as ', statusEnd, lineEnd) >= 0 ? SCAN_FORWARDED : SCAN_SENT;
    return;
  }
  if (is(line, statusAt, statusEnd, 'deferred')) kind = SCAN_DEFERRED;
  else if (is(line, statusAt, statusEnd, 'bounced')) kind = SCAN_BOUNCED;
  // "status=expired, returned to sender" on a recipient's line: no total of pflogsumm's, an expiry of ours.
  else if (line.startsWith('expired', statusAt)) kind = SCAN_EXPIRED;
  else return;
  out[row + KIND] = kind;
  // Where the recipient and the reason stand, when the recipient has no '>' in it.
  if (plain && line.indexOf('>', at) === close) out[row + F4] = reasonAt;
}

export class PostfixTally {
  readonly counts: PostfixCounts = {
    received: 0, delivered: 0, forwarded: 0, deferred: 0, deferrals: 0, bounced: 0, rejected: 0, rejectWarnings: 0,
    held: 0, discarded: 0, bytesReceived: 0, bytesDelivered: 0,
  };
  private readonly queue = new Map<QueueKey, QueueEntry>();
  /** The delay= of the last delivery line read (seconds), or -1. */
  lastDelay = -1;
  /**
   * Of the last line read, when it was a delivery deferred, bounced or expired with no orig_to= and a recipient
   * with no '>' in it (its fields then stand where Postfix's delivery reader finds them): where its
   * recipient is and where its dsn= (or status=, when it has no dsn=) starts; else reasonAt is -1.
   */
  lastRecipientStart = -1;
  lastRecipientEnd = -1;
  lastReasonAt = -1;
  /** The scan of a line read here (not read by a thread that cuts the lines). */
  private readonly scan = new Int32Array(SCAN_FIELDS);

  constructor(private readonly listener: PostfixTallyListener = {}, readonly clientDomains = new ClientDomains()) {}

  /**
   * Reads one line of a "postfix/..." program, the range of `line` from the prefix's columns to
   * `lineEnd` (a line cut out of a piece of text, or in place in it); returns what it counted it as
   * (or undefined).
   */
  line(line: string, prefix: LinePrefix, lineEnd = line.length): PostfixLineKind {
    scanPostfixLine(line, prefix, lineEnd, this.scan, 0);
    return this.scanned(line, prefix, lineEnd, this.scan, 0);
  }

  /** line() for a line whose scanPostfixLine is in `scan` from `at` (read by the thread that cut the lines). */
  scanned(line: string, prefix: LinePrefix, lineEnd: number, scan: Int32Array, at: number): PostfixLineKind {
    this.lastReasonAt = -1;
    const kind = scan[at + KIND];
    switch (kind) {
      case SCAN_NONE: return undefined;
      case SCAN_CONNECT: return 'connect';
      case SCAN_DISCONNECT: return 'disconnect';
      case SCAN_REJECTED:
        this.counts.rejected++;
        return 'rejected';
      case SCAN_REJECT_WARNING:
        this.counts.rejectWarnings++;
        return 'rejectWarning';
      case SCAN_HELD:
        this.counts.held++;
        return 'held';
      case SCAN_DISCARDED:
        this.counts.discarded++;
        return 'discarded';
      case SCAN_WARNING:
      case SCAN_FATAL:
      case SCAN_PANIC:
        this.listener.warning?.(line.slice(scan[at + F0], prefix.programEnd), kind === SCAN_WARNING ? 'warning' : kind === SCAN_FATAL ? 'fatal' : 'panic', line.slice(scan[at + F1], lineEnd));
        return undefined;
      case SCAN_SENDER_EXPIRED: return 'expired';
    }
    const high = scan[at + KEY_HIGH];
    const id: QueueKey = high >= 0 ? high * KEY_PART + scan[at + KEY_LOW] : line.slice(prefix.body, scan[at + WORD_END]);
    switch (kind) {
      case SCAN_RECEIVED:
        this.received(id, scan[at + F0] < 0 ? 'pickup' : line.slice(scan[at + F0], scan[at + F1]));
        return 'received';
      case SCAN_REMOVED:
        this.queue.delete(id);
        return undefined;
      case SCAN_SENDER_SIZE:
        return this.sender(line, id, scan[at + F0], scan[at + F1], scan[at + F2]);
    }
    // A delivery line.
    const delayAt = scan[at + F2];
    this.lastDelay = decimal(line, delayAt, scan[at + F3]);
    const recipientAt = scan[at + F0];
    const close = scan[at + F1];
    switch (kind) {
      case SCAN_SENT: {
        this.counts.delivered++;
        const address = lowerDomain(line.slice(recipientAt, close));
        const entry = this.queue.get(id);
        const size = entry?.sized ? entry.size : 0;
        this.counts.bytesDelivered += size;
        this.listener.recipient?.(address, address.slice(address.indexOf('@') + 1), size);
        return 'delivered';
      }
      case SCAN_FORWARDED:
        this.counts.forwarded++;
        return 'forwarded';
      case SCAN_DEFERRED: {
        this.counts.deferrals++;
        const entry = this.entry(id);
        if (!entry.deferred) {
          entry.deferred = true;
          this.counts.deferred++;
          const address = line.slice(recipientAt, close);
          entry.deferredTo = address.slice(address.indexOf('@') + 1).toLowerCase();
        }
        this.problemFields(recipientAt, close, scan[at + F4]);
        return 'deferred';
      }
      case SCAN_BOUNCED:
        this.counts.bounced++;
        this.problemFields(recipientAt, close, scan[at + F4]);
        return 'bounced';
      case SCAN_EXPIRED:
        this.problemFields(recipientAt, close, scan[at + F4]);
        return 'expired';
      default:
        return undefined;
    }
  }

  /** The recipient domain of the message's first deferral, while it is in flight (what an expiry was waiting for). */
  deferredDomain(id: string): string | undefined {
    return this.queue.get(queueKey(id, 0, id.length))?.deferredTo;
  }

  private entry(id: QueueKey): QueueEntry {
    let entry = this.queue.get(id);
    if (!entry) {
      entry = { origin: undefined, size: 0, sized: false, deferred: false, deferredTo: undefined };
      this.queue.set(id, entry);
      if (this.queue.size > MAX_QUEUED) this.queue.delete(this.queue.keys().next().value as QueueKey);
    }
    return entry;
  }

  private received(id: QueueKey, origin: string): void {
    this.counts.received++;
    this.entry(id).origin = origin;
  }

  /** "from=<a>, size=N": the first one of a message counts the sender and the bytes received. */
  private sender(line: string, id: QueueKey, at: number, close: number, digitsEnd: number): PostfixLineKind {
    let size = 0;
    for (let i = close + 8; i < digitsEnd; i++) size = size * 10 + (line.charCodeAt(i) - 48);
    const entry = this.entry(id);
    if (entry.sized && entry.size !== 0) return undefined;
    entry.sized = true;
    entry.size = size;
    if (entry.origin === undefined) return undefined;
    let address = line.slice(at, close);
    if (address === '') address = 'from=<>';
    else address = lowerDomain(address);
    const atSign = address.indexOf('@');
    const domain = atSign > 0 ? address.slice(atSign + 1) : entry.origin === 'pickup' ? address : this.clientDomains.of(entry.origin);
    this.counts.bytesReceived += size;
    this.listener.sender?.(address, domain, size);
    // Counted once: the next from= line of the message (after a deferral) is no new reception.
    entry.origin = undefined;
    return undefined;
  }

  /** Keeps where a deferred or bounced line's recipient and reason stand (reasonAt -1: they do not stand where they are looked for). */
  private problemFields(at: number, close: number, reasonAt: number): void {
    if (reasonAt < 0) return;
    this.lastRecipientStart = at;
    this.lastRecipientEnd = close;
    this.lastReasonAt = reasonAt;
  }
}

/**
 * The number written at [start, end) of `line`, as Number() reads it: "0.73" is read digit by digit
 * (an integer divided by a power of ten is rounded as the decimal is), anything else by Number().
 */
function decimal(line: string, start: number, end: number): number {
  let whole = 0;
  let scale = 1;
  let point = false;
  if (end <= start || end - start > 15) return Number(line.slice(start, end));
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      whole = whole * 10 + (c - 48);
      if (point) scale *= 10;
    } else if (c === 46 /* . */ && !point && i > start && i < end - 1) point = true;
    else return Number(line.slice(start, end));
  }
  return whole / scale;
}

/** "Alice@Example.COM" -> "Alice@example.com": the domain of an address is case-blind, its local part is not. */
export function lowerDomain(address: string): string {
  const at = address.indexOf('@');
  if (at < 0) return address;
  // Most domains are written in lower case already: no new string then.
  for (let i = at + 1; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c >= 128) return address.slice(0, at) + address.slice(at).toLowerCase();
  }
  return address;
}

/**
 * The domains of the clients one report has seen lately: a busy log names the same few thousand
 * clients again and again. Each report has its own (two reports read at once share nothing).
 */
export class ClientDomains {
  private readonly known = new Map<string, string>();

  /** clientDomain(client), worked out once per client. */
  of(client: string): string {
    let domain = this.known.get(client);
    if (domain === undefined) {
      domain = clientDomain(client);
      if (this.known.size >= 10_000) this.known.clear();
      this.known.set(detached(client), domain);
    }
    return domain;
  }
}

/**
 * The domain a client stands for, as pflogsumm groups clients: "mail.example.co.uk[192.0.2.1]" ->
 * "example.co.uk", "unknown[192.0.2.1]" -> "192.0.2.1".
 */
export function clientDomain(client: string): string {
  const open = client.search(/[[(/]/);
  let host = open >= 0 ? client.slice(0, open) : client;
  const close = open >= 0 ? client.slice(open + 1).search(/[\])]/) : -1;
  const ip = open >= 0 ? client.slice(open + 1, close >= 0 ? open + 1 + close : undefined) : '';
  if (host === '' || host === 'unknown') return ip;
  const m = /^(.*)\.([^.]+)\.([^.]{3}|[^.]{2,3}\.[^.]{2})$/.exec(host);
  if (m) host = `${m[2]}.${m[3]}`.toLowerCase();
  return host;
}
