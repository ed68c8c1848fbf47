import type { DialectId } from '../model';

/**
 * Who wrote a line, as far as its prefix tells. 'either' means the prefix only says "SMTP text" and
 * the text decides (a reply code means the server): Exim debug, Postfix In:/Out: and verbose lines,
 * curl and Exchange logs name the direction from the logging side, which may be client or server.
 */
export type Side = 'client' | 'server' | 'either' | 'meta';

export interface DialectMatch {
  dialect: DialectId;
  side: Side;
  /** Column where the SMTP text starts. */
  column: number;
  /** SMTP text with quoting undone. */
  text: string;
  /** The dialect marks the line as sent inside TLS. */
  tls?: boolean;
  /** Session id carried by the line (Exchange CSV, nodemailer loggers). */
  sessionId?: string;
  /** Meta line that opens a new connection (swaks "=== Trying", exim client "Connecting to"). */
  opensSession?: boolean;
  /**
   * The prefix is shared with debug output (Exim prints ">>> " before its own notes): a client line
   * counts as a command only when its text reads as one.
   */
  loose?: boolean;
  /** Several commands on one line joined by a literal "\r\n" (the Exim test client's pipelining). */
  joined?: boolean;
}

interface Dialect {
  id: DialectId;
  match(line: string): DialectMatch | undefined;
}

function at(dialect: DialectId, side: Side, line: string, column: number, extra: Partial<DialectMatch> = {}): DialectMatch {
  return { dialect, side, column, text: line.slice(column), ...extra };
}

/** swaks: " -> " client, "<-  " server, "<** " error reply, " ~> "/"<~  " inside TLS, "=== "/"*** " notes. */
const SWAKS = /^(?: -> | ~> |<- {2}|<~ {2}|<\*\* |<~\* |=== |\*\*\* )/;
const swaks: Dialect = {
  id: 'swaks',
  match(line) {
    const m = SWAKS.exec(line);
    if (!m) return undefined;
    const marker = m[0];
    const tls = marker.includes('~');
    if (marker === '=== ' || marker === '*** ') {
      return at('swaks', 'meta', line, 4, { opensSession: line.startsWith('=== Trying') });
    }
    return at('swaks', marker.startsWith('<') ? 'server' : 'client', line, 4, { tls });
  },
};

/** Timestamps, log levels and [session ids] that loggers put before C:/S: (nodemailer, smtp-server). */
const PLAIN = /^((?:\[[^\]]*\]\s*|\d{4}-\d\d-\d\d[T ][\d:.]+Z?\s+|[A-Z]{4,5}\s+)*)([CS]):(?: |$)/;
const plain: Dialect = {
  id: 'plain',
  match(line) {
    const m = PLAIN.exec(line);
    if (!m) return undefined;
    const ids = [...m[1].matchAll(/\[([^\]]*)\]/g)].map((x) => x[1]).filter((id) => !/^\d{4}-/.test(id));
    return at('plain', m[2] === 'C' ? 'client' : 'server', line, m[0].length, {
      sessionId: ids.length > 0 ? ids[ids.length - 1] : undefined,
    });
  },
};

/** sendmail transcripts in bounces and the Exim test client: ">>> " sent, "<<< " received. */
const sendmail: Dialect = {
  id: 'sendmail',
  match(line) {
    if (line.startsWith('>>> ') || line === '>>>') return at('sendmail', 'client', line, Math.min(4, line.length), { loose: true, joined: true });
    if (line.startsWith('<<< ') || line === '<<<') return at('sendmail', 'server', line, Math.min(4, line.length));
    if (line.startsWith('??? ')) return at('exim-client', 'meta', line, 4);
    if (/^Connecting to \S/.test(line)) return at('exim-client', 'meta', line, 0, { opensSession: true });
    if (line.startsWith('... while talking to ')) return at('sendmail', 'meta', line, 0, { opensSession: true });
    return undefined;
  },
};

/** Exim debug output: "SMTP>> " sent, "SMTP<< " received, "SMTP|> " pipelined; the text tells the side. */
const EXIM_DEBUG = /^\s*SMTP(?:>>|<<|\|>)\s?/;
const eximDebug: Dialect = {
  id: 'exim-debug',
  match(line) {
    const m = EXIM_DEBUG.exec(line);
    return m ? at('exim-debug', 'either', line, m[0].length) : undefined;
  },
};

/** Postfix bounce transcripts: "In: " what Postfix read, "Out: " what it wrote. */
const POSTFIX_INOUT = /^\s*(In|Out):\s+/;
const postfixInOut: Dialect = {
  id: 'postfix-inout',
  match(line) {
    const m = POSTFIX_INOUT.exec(line);
    return m ? at('postfix-inout', 'either', line, m[0].length) : undefined;
  },
};

/** Postfix verbose logging: "postfix/smtp[123]: > host[1.2.3.4]:25: EHLO x" and "< host[...]: 250 ...". */
const POSTFIX_VERBOSE = /^.*?\bpostfix(?:\/[\w-]+)+\[\d+\]: [<>] [^\s:]+(?::\d+)?: /;
const postfixVerbose: Dialect = {
  id: 'postfix-verbose',
  match(line) {
    const m = POSTFIX_VERBOSE.exec(line);
    return m ? at('postfix-verbose', 'either', line, m[0].length) : undefined;
  },
};

/** Python smtplib debug: send: 'EHLO x\r\n' and reply: b'250-...\r\n'; "reply: retcode (250); Msg: ..." is a note. */
const SMTPLIB = /^(send|reply): (b?)(['"])/;
const smtplib: Dialect = {
  id: 'smtplib',
  match(line) {
    if (line.startsWith('reply: retcode')) return at('smtplib', 'meta', line, 0);
    const m = SMTPLIB.exec(line);
    if (!m) return undefined;
    const column = m[0].length;
    const quote = m[3];
    let body = line.slice(column);
    if (body.endsWith(quote)) body = body.slice(0, -1);
    // Only the first \r\n-separated piece keeps its columns; a DATA block sent in one call is rare in hovers.
    const first = body.split(/\\r\\n|\\n/)[0];
    return { dialect: 'smtplib', side: m[1] === 'send' ? 'client' : 'server', column, text: unescapePython(first) };
  },
};

function unescapePython(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|t|'|"|\\)/g, (_, esc: string) => {
    if (esc === 't') return '\t';
    if (esc.startsWith('x')) return String.fromCharCode(parseInt(esc.slice(1), 16));
    return esc;
  });
}

/** PHPMailer SMTPDebug: "CLIENT -> SERVER: EHLO x", "SERVER -> CLIENT: 220 ..." after an optional timestamp. */
const PHPMAILER = /^(?:[\d\-: .T]+\s)?(CLIENT -> SERVER|SERVER -> CLIENT): ?/;
const phpmailer: Dialect = {
  id: 'phpmailer',
  match(line) {
    const m = PHPMAILER.exec(line);
    if (!m) return undefined;
    return at('phpmailer', m[1].startsWith('CLIENT') ? 'client' : 'server', line, m[0].length);
  },
};

/** curl -v: "> " sent by curl, "< " received, "* " notes. */
const curl: Dialect = {
  id: 'curl',
  match(line) {
    if (line.startsWith('> ')) return at('curl', 'client', line, 2);
    if (line.startsWith('< ')) return at('curl', 'server', line, 2);
    if (line.startsWith('* ')) return at('curl', 'meta', line, 2, { opensSession: /^\* {1,2}(Trying|Connected to)\b/.test(line) && line.includes('Trying') });
    return undefined;
  },
};

/**
 * Exchange protocol log (CSV): date-time,connector-id,session-id,sequence-number,local-endpoint,
 * remote-endpoint,event,data,context. Event "<" was received and ">" sent by Exchange; "+"/"-" are
 * connect and disconnect, "*" a note.
 */
const EXCHANGE = /^\d{4}-\d\d-\d\dT[\d:.]+Z,[^,]*,([^,]*),\d*,[^,]*,[^,]*,([<>+*-]),/;
const exchange: Dialect = {
  id: 'exchange-csv',
  match(line) {
    const m = EXCHANGE.exec(line);
    if (!m) return undefined;
    let column = m[0].length;
    let text = line.slice(column);
    if (text.startsWith('"')) {
      const close = text.indexOf('"', 1);
      text = text.slice(1, close < 0 ? undefined : close);
      column += 1;
    } else {
      const comma = text.indexOf(',');
      if (comma >= 0) text = text.slice(0, comma);
    }
    const event = m[2];
    const side: Side = event === '<' || event === '>' ? 'either' : 'meta';
    return { dialect: 'exchange-csv', side, column, text, sessionId: m[1], opensSession: event === '+' };
  },
};

/** In the order they are tried: the more specific prefixes first. */
export const DIALECTS: readonly Dialect[] = [exchange, swaks, phpmailer, smtplib, postfixVerbose, eximDebug, postfixInOut, sendmail, plain, curl];

/** The first dialect whose prefix the line carries, or undefined for an unprefixed line. */
export function matchDialect(line: string, preferred?: DialectId): DialectMatch | undefined {
  if (preferred) {
    const first = DIALECTS.find((d) => d.id === preferred)?.match(line);
    if (first) return first;
  }
  for (const dialect of DIALECTS) {
    const found = dialect.match(line);
    if (found) return found;
  }
  return undefined;
}
