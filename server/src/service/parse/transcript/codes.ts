import type { DialectId, Direction, LineKind } from '../model';

/**
 * The small numbers the transcript store keeps in its typed arrays instead of strings: one byte
 * for a line's kind, direction and dialect, one for a command's verb.
 */

export const LINE_KINDS: readonly LineKind[] = ['command', 'reply', 'data', 'data-end', 'auth-response', 'tls', 'meta', 'text', 'blank'];
export const KIND_COMMAND = 0;
export const KIND_REPLY = 1;
export const KIND_DATA = 2;
export const KIND_DATA_END = 3;
export const KIND_AUTH_RESPONSE = 4;
export const KIND_TLS = 5;
export const KIND_META = 6;
export const KIND_TEXT = 7;
export const KIND_BLANK = 8;

/** Kinds that are SMTP traffic, as opposed to notes around it. */
export function isTrafficKind(kind: number): boolean {
  return kind <= KIND_AUTH_RESPONSE;
}

export const DIRECTIONS: readonly Direction[] = ['meta', 'client', 'server'];
export const DIRECTION_CLIENT = 1;
export const DIRECTION_SERVER = 2;

export const DIALECT_IDS: readonly DialectId[] = [
  'plain', 'swaks', 'sendmail', 'exim-client', 'exim-debug', 'postfix-inout', 'postfix-verbose',
  'smtplib', 'phpmailer', 'curl', 'exchange-csv', 'rfc821', 'unprefixed',
];
const DIALECT_NUMBERS = new Map<DialectId, number>(DIALECT_IDS.map((d, i) => [d, i]));
export const DIALECT_UNPREFIXED = DIALECT_IDS.indexOf('unprefixed');

export function dialectNumber(dialect: DialectId): number {
  return DIALECT_NUMBERS.get(dialect) ?? DIALECT_UNPREFIXED;
}

/**
 * Verbs the readers recognise as SMTP commands (RFC 5321 and its extensions, plus vendor ones).
 * Index 0 stands for any other verb.
 */
export const VERBS = [
  '', 'HELO', 'EHLO', 'LHLO', 'MAIL', 'RCPT', 'DATA', 'BDAT', 'RSET', 'VRFY', 'EXPN', 'HELP', 'NOOP', 'QUIT',
  'STARTTLS', 'AUTH', 'ETRN', 'ATRN', 'BURL', 'XCLIENT', 'XFORWARD', 'TURN', 'SEND', 'SOML', 'SAML',
] as const;
export const VERB_OTHER = 0;
export const VERB_HELO = 1;
export const VERB_EHLO = 2;
export const VERB_LHLO = 3;
export const VERB_MAIL = 4;
export const VERB_RCPT = 5;
export const VERB_DATA = 6;
export const VERB_BDAT = 7;
export const VERB_RSET = 8;
export const VERB_VRFY = 9;
export const VERB_EXPN = 10;
export const VERB_QUIT = 13;
export const VERB_STARTTLS = 14;
export const VERB_AUTH = 15;
export const VERB_ATRN = 17;
export const VERB_BURL = 18;
export const VERB_XCLIENT = 19;
export const VERB_TURN = 21;
export const VERB_SEND = 22;
export const VERB_SOML = 23;
export const VERB_SAML = 24;

const VERB_NUMBERS = new Map<string, number>(VERBS.map((v, i) => [v, i]));

/** The number of an upper-case verb; VERB_OTHER for one no reader knows. */
export function verbNumber(upper: string): number {
  return (upper !== '' && VERB_NUMBERS.get(upper)) || VERB_OTHER;
}

/** Upper-case verbs the readers recognise as SMTP commands. */
export const KNOWN_VERBS: ReadonlySet<string> = new Set(VERBS.slice(1));

/** MAIL, or RFC 821's SEND, SOML and SAML (§3.4: the same transaction, delivered to a terminal too): a reverse-path opens a transaction. */
export function opensTransaction(verb: number): boolean {
  return verb === VERB_MAIL || verb === VERB_SEND || verb === VERB_SOML || verb === VERB_SAML;
}

/** A command that opens a new greeting (EHLO, HELO, LHLO) and so ends any open transaction, as RSET does. */
export function endsTransaction(verb: number): boolean {
  return verb === VERB_RSET || verb === VERB_HELO || verb === VERB_EHLO || verb === VERB_LHLO;
}
