/**
 * Seeded generators of realistic inputs for the benchmarks: many SMTP sessions with pipelining,
 * failures and AUTH, in the dialects people paste. The same seed gives the same text.
 */

/** Mulberry32: small, fast, good enough to vary synthetic traffic repeatably. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'];
const DOMAINS = ['example.org', 'example.net', 'example.com', 'mail.example.jp', 'corp.example.de'];
const FAILURES = [
  '550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in virtual mailbox table',
  '452 4.2.2 <{rcpt}>: Mailbox full, try again later',
  '550 5.7.1 Relaying denied',
  '451 4.7.1 <{rcpt}>: Recipient address rejected: Greylisted, try again in 300 seconds',
  '554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org',
  '550 5.7.26 Unauthenticated email from example.com is not accepted due to domain DMARC policy',
];

type Side = 'C' | 'S';
type Writer = (side: Side, text: string) => void;

/** One session: greeting, EHLO, optional AUTH, a pipelined transaction with a few recipients, QUIT. */
function session(write: Writer, rnd: () => number, n: number): void {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const host = `mx${n % 97}.${pick(DOMAINS)}`;
  write('S', `220 ${host} ESMTP Postfix`);
  write('C', `EHLO client${n}.example.com`);
  for (const line of [`250-${host}`, '250-PIPELINING', '250-SIZE 10240000', '250-AUTH PLAIN LOGIN', '250-ENHANCEDSTATUSCODES', '250-8BITMIME', '250 CHUNKING']) write('S', line);
  if (rnd() < 0.3) {
    write('C', 'AUTH LOGIN');
    write('S', '334 VXNlcm5hbWU6');
    write('C', 'YWxpY2VAZXhhbXBsZS5jb20=');
    write('S', '334 UGFzc3dvcmQ6');
    write('C', rnd() < 0.5 ? 'c2VjcmV0' : '/* secret */');
    write('S', rnd() < 0.9 ? '235 2.7.0 Authentication successful' : '535 5.7.8 Error: authentication failed');
  }
  const recipients = 1 + Math.floor(rnd() * 4);
  const rcpts = Array.from({ length: recipients }, () => `${pick(USERS)}@${pick(DOMAINS)}`);
  write('C', `MAIL FROM:<${pick(USERS)}@example.com> SIZE=${1000 + Math.floor(rnd() * 90000)}`);
  for (const rcpt of rcpts) write('C', `RCPT TO:<${rcpt}>`);
  write('C', 'DATA');
  write('S', '250 2.1.0 Ok');
  let accepted = 0;
  for (const rcpt of rcpts) {
    if (rnd() < 0.25) write('S', pick(FAILURES).replace('{rcpt}', rcpt));
    else { write('S', '250 2.1.5 Ok'); accepted++; }
  }
  if (accepted === 0) {
    write('S', '554 5.5.1 Error: no valid recipients');
  } else {
    write('S', '354 End data with <CR><LF>.<CR><LF>');
    write('C', `Subject: report ${n}`);
    write('C', `Message-ID: <${n}.${Math.floor(rnd() * 1e9)}@example.com>`);
    write('C', '');
    for (let i = 0; i < 3 + Math.floor(rnd() * 8); i++) write('C', 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.');
    write('C', '.');
    write('S', `250 2.0.0 Ok: queued as ${(n * 7919).toString(16).toUpperCase().padStart(10, '0')}`);
  }
  write('C', 'QUIT');
  write('S', '221 2.0.0 Bye');
}

/** About `bytes` of transcript: plain C:/S: sessions, a fifth of them in swaks' notation. */
export function transcript(bytes: number, seed = 1): string {
  const rnd = random(seed);
  const parts: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    const swaks = n % 5 === 4;
    const write: Writer = (side, text) => {
      const line = swaks ? `${side === 'C' ? ' -> ' : '<-  '}${text}` : `${side}: ${text}`;
      parts.push(line);
      size += line.length + 2;
    };
    if (swaks) parts.push(`=== Trying ${n}.example.net:25...`);
    session(write, rnd, n);
  }
  return parts.join('\r\n') + '\r\n';
}

const HOSTS = ['mx.example.org', 'mail.example.net', 'smtp.example.com', 'mx1.example.jp', 'in.example.de'];
const STATUSES: Array<[number, (rcpt: string) => string]> = [
  [0.72, () => 'status=sent (250 2.0.0 Ok: queued as 4F2A81C0042)'],
  [0.12, (rcpt) => `status=bounced (host mx.example.org[192.0.2.25] said: 550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))`],
  [0.1, () => 'status=deferred (host mx.example.net[198.51.100.7] said: 451 4.7.1 Greylisted, try again later (in reply to RCPT TO command))'],
  [0.03, () => 'status=deferred (connect to mx.example.jp[203.0.113.9]:25: Connection timed out)'],
  [0.03, () => 'status=expired, returned to sender'],
];

/** The time of day `second` seconds into a generated log that starts at 10:00 (HH:MM:SS, wrapping after 14 hours). */
function clock(second: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(10 + Math.floor(second / 3600) % 14)}:${two(Math.floor(second / 60) % 60)}:${two(second % 60)}`;
}

/** What a generated log's entry is written with: its number, when it happens, the seeded dice, and the output. */
interface LogEntryWriter {
  n: number;
  /** Seconds since the log's first line. */
  second: number;
  /** The line prefix the log's format gives that moment. */
  time: string;
  rnd: () => number;
  pick: <T>(list: readonly T[]) => T;
  push: (line: string) => void;
}

/** About `bytes` of log: entries one after another, each a few seconds after the one before. */
function generateLog(bytes: number, seed: number, stamp: (clock: string) => string, entry: (out: LogEntryWriter) => void): string {
  const parts: string[] = [];
  generateLogLines(bytes, seed, stamp, entry, (line) => parts.push(line));
  return parts.join('\n') + '\n';
}

/** The lines of generateLog handed over one by one: a log larger than a string can hold. */
function generateLogLines(bytes: number, seed: number, stamp: (clock: string) => string, entry: (out: LogEntryWriter) => void, emit: (line: string) => void): void {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  let size = 0;
  const push = (line: string) => { emit(line); size += line.length + 1; };
  let second = 0;
  for (let n = 0; size < bytes; n++) {
    second += Math.floor(rnd() * 3);
    entry({ n, second, time: stamp(clock(second)), rnd, pick, push });
  }
}

/** About `bytes` of Postfix syslog: smtpd connections and rejections, cleanup, qmgr, smtp deliveries. */
export function postfixLog(bytes: number, seed = 1): string {
  return generateLog(bytes, seed, postfixStamp, postfixEntry);
}

/** postfixLog's lines one by one, for logs larger than a string (the 600 MB of the streaming benchmark). */
export function postfixLogLines(bytes: number, seed: number, emit: (line: string) => void): void {
  generateLogLines(bytes, seed, postfixStamp, postfixEntry, emit);
}

/** The classic syslog stamp of a generated Postfix log. */
function postfixStamp(clock: string): string {
  return `Nov 28 ${clock}`;
}

const postfixEntry = ({ n, time, rnd, pick, push }: LogEntryWriter): void => {
  const id = (0x10000000 + n * 7919).toString(16).toUpperCase();
  const pid = 1000 + (n % 500);
  const client = `client${n % 300}.example.com[192.0.2.${n % 250}]`;
  if (rnd() < 0.08) {
    push(`${time} mx postfix/smtpd[${pid}]: NOQUEUE: reject: RCPT from ${client}: 554 5.7.1 Service unavailable; Client host [192.0.2.${n % 250}] blocked using zen.spamhaus.org; from=<spam@example.biz> to=<${pick(USERS)}@example.org> proto=ESMTP helo=<spam.example.biz>`);
    return;
  }
  const from = `${pick(USERS)}@example.com`;
  const rcpt = `${pick(USERS)}@${pick(DOMAINS)}`;
  push(`${time} mx postfix/smtpd[${pid}]: connect from ${client}`);
  push(`${time} mx postfix/smtpd[${pid}]: ${id}: client=${client}`);
  push(`${time} mx postfix/cleanup[${pid + 1}]: ${id}: message-id=<${n}.${Math.floor(rnd() * 1e9)}@example.com>`);
  push(`${time} mx postfix/qmgr[99]: ${id}: from=<${from}>, size=${1000 + Math.floor(rnd() * 90000)}, nrcpt=1 (queue active)`);
  let r = rnd();
  let status = STATUSES[0][1];
  for (const [p, s] of STATUSES) { if (r < p) { status = s; break; } r -= p; }
  const dsn = /said: (\d)\d\d (\d\.\d\.\d)/.exec(status(rcpt))?.[2] ?? (status(rcpt).startsWith('status=sent') ? '2.0.0' : '4.4.1');
  push(`${time} mx postfix/smtp[${pid + 2}]: ${id}: to=<${rcpt}>, relay=${pick(HOSTS)}[198.51.100.${n % 250}]:25, delay=${(rnd() * 3).toFixed(2)}, delays=0.01/0/0.3/0.2, dsn=${dsn}, ${status(rcpt)}`);
  push(`${time} mx postfix/qmgr[99]: ${id}: removed`);
  push(`${time} mx postfix/smtpd[${pid}]: disconnect from ${client} ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5`);
};

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `value` in `width` base-62 digits, as Exim writes the parts of its message ids. */
function base62(value: number, width: number): string {
  let out = '';
  for (let v = Math.floor(value), i = 0; i < width; i++, v = Math.floor(v / 62)) out = BASE62[v % 62] + out;
  return out;
}

const EXIM_FAILURES: Array<[number, string, (rcpt: string) => string]> = [
  [0.12, '**', (rcpt) => `R=dnslookup T=remote_smtp H=mx.example.org [192.0.2.25]: SMTP error from remote mail server after RCPT TO:<${rcpt}>: 550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown`],
  [0.1, '==', (rcpt) => `R=dnslookup T=remote_smtp defer (-44) H=mx.example.net [198.51.100.7]: SMTP error from remote mail server after RCPT TO:<${rcpt}>: 451 4.7.1 Greylisted, try again later`],
  [0.03, '**', () => 'retry timeout exceeded'],
];

/** About `bytes` of Exim mainlog: arrivals, deliveries, deferrals and bounces, completions, and ACL refusals. */
export function eximLog(bytes: number, seed = 1): string {
  return generateLog(bytes, seed, (clock) => `2026-11-28 ${clock}`, ({ n, second, time, rnd, pick, push }) => {
    const client = `client${n % 300}.example.com [192.0.2.${n % 250}]`;
    if (rnd() < 0.08) {
      push(`${time} H=spam.example.biz [192.0.2.${n % 250}] F=<spam@example.biz> rejected RCPT <${pick(USERS)}@example.org>: 554 5.7.1 Service unavailable; Client host [192.0.2.${n % 250}] blocked using zen.spamhaus.org`);
      return;
    }
    const id = `${base62(1e9 + second, 6)}-${base62(n, 11)}-0000`;
    const rcpt = `${pick(USERS)}@${pick(DOMAINS)}`;
    push(`${time} ${id} <= ${pick(USERS)}@example.com H=${client} P=esmtps S=${1000 + Math.floor(rnd() * 90000)} id=${n}.${Math.floor(rnd() * 1e9)}@example.com`);
    let r = rnd();
    let attempt = `=> ${rcpt} R=dnslookup T=remote_smtp H=${pick(HOSTS)} [198.51.100.${n % 250}] C="250 2.0.0 Ok: queued as 4F2A81C0042"`;
    for (const [p, op, reason] of EXIM_FAILURES) {
      if (r < p) { attempt = `${op} ${rcpt} ${reason(rcpt)}`; break; }
      r -= p;
    }
    push(`${time} ${id} ${attempt}`);
    if (!attempt.startsWith('==')) push(`${time} ${id} Completed`);
  });
}
