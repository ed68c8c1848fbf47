import { LineEnd, type DialectId } from '../model';

/**
 * Who wrote a line, as far as its prefix tells. 'either' means the prefix only says "SMTP text": the
 * line's `flow` (and the session's first line that reads as a reply or a command) or else the text
 * decides. Exim debug, Postfix In:/Out: and verbose lines and Exchange logs name the direction from
 * the logging side, which may be the client or the server.
 */
export type Side = 'client' | 'server' | 'either' | 'meta';

/** One piece of a written line that carries several sent lines. */
export interface LinePart {
  column: number;
  text: string;
  /** How the sent line ended on the wire, when the dialect shows the bytes (smtplib's b'...\r\n'). */
  end?: LineEnd;
}

export interface DialectMatch {
  dialect: DialectId;
  side: Side;
  /** Column where the SMTP text starts. */
  column: number;
  /** SMTP text with quoting undone. */
  text: string;
  /** `text` is the line from `column` on, unchanged: the reader need not compare the two to know. */
  verbatim?: boolean;
  /**
   * For 'either' lines: whether the logging program received ('in') or sent ('out') the line. Within
   * one session the server is always on the same side, so the first line that reads as a reply or a
   * command settles every other.
   */
  flow?: 'in' | 'out';
  /** The dialect marks the line as sent inside TLS. */
  tls?: boolean;
  /** Session id carried by the line (Exchange CSV, nodemailer loggers). */
  sessionId?: string;
  /** Meta line that opens a new connection (swaks "=== Trying", exim client "Connecting to"). */
  opensSession?: boolean;
  /**
   * Lines of one conversation within a log that nests several: Exim's debug output indents a
   * callout's dialogue (and a delivery's) more than the incoming session it happens in.
   */
  channel?: string;
  /**
   * The prefix is shared with debug output (Exim prints ">>> " before its own notes): a client line
   * counts as a command only when its text reads as one, unless the session shows the sendmail or
   * Exim test client dialogue around it.
   */
  loose?: boolean;
  /** A sendmail-style server line, "??? " or "... while talking to": ">>> " lines here are all sent text. */
  sendmailDialogue?: boolean;
  /**
   * A meta line that says the document marks directions (sendmail's "Transcript of session follows"):
   * a bare line with a reply code after it is the tool's own note, not the server.
   */
  marksPrefixed?: boolean;
  /** How the sent line ended on the wire, when the dialect shows its bytes rather than the document's line end. */
  end?: LineEnd;
  /** The dialect never shows message content (Exim debug, Postfix and Exchange logs): no BDAT chunk lines follow. */
  noContent?: boolean;
  /**
   * Several sent lines written on one line: the Exim test client joins pipelined commands with a
   * literal "\r\n"; smtplib prints a whole send() call. Each part is read as if it stood alone.
   */
  parts?: LinePart[];
}

interface Dialect {
  id: DialectId;
  match(line: string): DialectMatch | undefined;
}

function at(dialect: DialectId, side: Side, line: string, column: number, extra: Partial<DialectMatch> = {}): DialectMatch {
  return { dialect, side, column, text: line.slice(column), verbatim: true, ...extra };
}

/**
 * swaks: " -> " client, "<-  " server, "<** " error reply, " ~> "/"<~  " inside TLS, "=== "/"*** " notes.
 * Every marker is four characters: looked up as such, without a regular expression's match per line.
 */
const SWAKS_MARKERS = new Set([' -> ', ' ~> ', '<-  ', '<~  ', '<** ', '<~* ', '=== ', '*** ']);
const swaks: Dialect = {
  id: 'swaks',
  match(line) {
    const c = line[0];
    if (c !== ' ' && c !== '<' && c !== '=' && c !== '*') return undefined;
    const marker = line.length >= 4 ? line.slice(0, 4) : '';
    if (!SWAKS_MARKERS.has(marker)) {
      // swaks writes an empty received line as "<-  " or, with trailing blanks trimmed, "<-".
      if (line === '<-' || line === '<- ' || line === '<~' || line === '<~ ') return { dialect: 'swaks', side: 'server', column: line.length, text: '', tls: line[1] === '~' };
      return undefined;
    }
    const tls = marker.includes('~');
    if (marker === '=== ' || marker === '*** ') {
      return at('swaks', 'meta', line, 4, { opensSession: line.startsWith('=== Trying') });
    }
    // Written out rather than through at(): a spread of its `extra` cost twice the rest of the match.
    return { dialect: 'swaks', side: marker.startsWith('<') ? 'server' : 'client', column: 4, text: line.slice(4), verbatim: true, tls };
  },
};

/**
 * Timestamps, log levels and [session ids] that loggers put before C:/S: (nodemailer, smtp-server),
 * and the indentation of examples in RFCs and READMEs.
 */
const PLAIN = /^(\s*(?:\[[^\]]*\]\s*|\d{4}-\d\d-\d\d[T ][\d:.]+Z?\s+|[A-Z]{4,5}\s+)*)([CSP]):(?: |$)/;
const SESSION_ID = /\[([^\]]*)\]/g;
/** A logger's own note about a connection: "[date] INFO  [id] Connection established ...". */
const LOGGER_NOTE = /^\[[^\]]*\] [A-Z]{4,5} +\[([^\]#][^\]]*)\] /;
const plain: Dialect = {
  id: 'plain',
  match(line) {
    // Most lines of a plain capture start "C: " or "S: ": what PLAIN finds there, without running it.
    // RFC 2645 (ODMR) calls the server the provider: "P: ".
    const side = line[0] === 'C' ? 'client' : line[0] === 'S' || line[0] === 'P' ? 'server' : undefined;
    if (side && line[1] === ':' && (line.length === 2 || line[2] === ' ')) {
      const column = Math.min(3, line.length);
      return { dialect: 'plain', side, column, text: line.slice(column), verbatim: true };
    }
    const m = PLAIN.exec(line);
    if (!m) {
      const note = line[0] === '[' ? LOGGER_NOTE.exec(line) : null;
      return note ? at('plain', 'meta', line, note[0].length, { sessionId: note[1] }) : undefined;
    }
    let sessionId: string | undefined;
    if (m[1].includes('[')) {
      for (const id of m[1].matchAll(SESSION_ID)) if (!/^\d{4}-/.test(id[1])) sessionId = id[1];
    }
    return at('plain', m[2] === 'C' ? 'client' : 'server', line, m[0].length, { sessionId });
  },
};

/** The line above a sendmail transcript in a bounce: what follows is marked, bare lines are sendmail's own. */
const TRANSCRIPT_HEADER = /^\s*-{3,} ?Transcript of session follows ?-{3,}\s*$/i;

/** sendmail transcripts in bounces and the Exim test client: ">>> " sent, "<<< " received. */
const sendmail: Dialect = {
  id: 'sendmail',
  match(line) {
    if (line.startsWith('>>> ') || line === '>>>') {
      const found = at('sendmail', 'client', line, Math.min(4, line.length), { loose: true });
      if (found.text.includes('\\r\\n')) found.parts = splitEscaped(found.text, found.column, '\\r\\n', false);
      return found;
    }
    if (line.startsWith('<<< ') || line === '<<<') return at('sendmail', 'server', line, Math.min(4, line.length), { sendmailDialogue: true });
    if (line.startsWith('??? ')) return at('exim-client', 'meta', line, 4, { sendmailDialogue: true });
    if (line.startsWith('+++ ') || line.startsWith('### ') || line === 'End of script') return at('exim-client', 'meta', line, 0);
    if (/^\s*Connecting to \S/.test(line)) return at('exim-client', 'meta', line, 0, { opensSession: true });
    // sendmail writes "... while talking to host.:"; older versions "While talking to host:".
    if (line.startsWith('... while talking to ') || line.startsWith('While talking to ')) return at('sendmail', 'meta', line, 0, { opensSession: true, sendmailDialogue: true });
    if (TRANSCRIPT_HEADER.test(line)) return at('sendmail', 'meta', line, 0, { sendmailDialogue: true, marksPrefixed: true });
    return undefined;
  },
};

/**
 * Exim debug output (-d): "SMTP>> " sent, "SMTP<< " received, "SMTP|> " and "SMTP+> " sent while
 * pipelining, "SMTP>| " a reply sent with more to come; "SMTP>- ◀flush▶", "SMTP(close)>>" and the like
 * are notes. The text (or the session's first reply) tells which side Exim is on. The message itself
 * is never shown: "(writing message)" stands for it. With -d+timestamp and -d+pid the time of day
 * and the process id come first ("15:16:55  9275 SMTP>> 220 ...").
 */
const EXIM_DEBUG = /^(?:\d\d:\d\d:\d\d(?:\.\d{1,9})? )?(?: {1,4}\d{1,4} |\d{5,7} )?\s*SMTP(\([^)]*\))?(>>|<<|\|>|\+>|>\||>-) ?/;
const eximDebug: Dialect = {
  id: 'exim-debug',
  match(line) {
    const m = EXIM_DEBUG.exec(line);
    if (!m) return undefined;
    const column = m[0].length;
    const channel = 'exim-debug:' + line.indexOf('SMTP');
    if (m[1] !== undefined || m[2] === '>-' || line.startsWith('(writing message)', column)) return at('exim-debug', 'meta', line, column, { channel });
    return at('exim-debug', 'either', line, column, { flow: m[2] === '<<' ? 'in' : 'out', noContent: true, channel });
  },
};

/** Postfix bounce transcripts: "In: " what Postfix read, "Out: " what it wrote. */
const POSTFIX_INOUT = /^\s*(In|Out):\s+/;
const postfixInOut: Dialect = {
  id: 'postfix-inout',
  match(line) {
    const m = POSTFIX_INOUT.exec(line);
    return m ? at('postfix-inout', 'either', line, m[0].length, { flow: m[1] === 'In' ? 'in' : 'out', noContent: true }) : undefined;
  },
};

/**
 * Postfix verbose logging (debug_peer_list): "postfix/smtp[123]: > host[1.2.3.4]:25: EHLO x" and
 * "< host[2001:db8::1]:25: 250 ...". Each process talks to one peer at a time: its pid keeps the
 * lines of one conversation together when several processes log at once.
 */
const POSTFIX_VERBOSE = /^.*?\bpostfix(?:\/[\w-]+)+\[(\d+)\]: ([<>]) (?:[^\s[:]*\[[^\]\s]*\]|[^\s:]+)(?::\d+)?: /;
const postfixVerbose: Dialect = {
  id: 'postfix-verbose',
  match(line) {
    if (!line.includes('postfix')) return undefined;
    const m = POSTFIX_VERBOSE.exec(line);
    return m ? at('postfix-verbose', 'either', line, m[0].length, { flow: m[2] === '<' ? 'in' : 'out', noContent: true, channel: 'postfix:' + m[1] }) : undefined;
  },
};

/**
 * Python smtplib debug: send: 'EHLO x\r\n' and reply: b'250-...\r\n'; "reply: retcode (250); Msg: ...",
 * "data: (354, ...)" and "connect: (host, port)" are notes. One send() may carry many lines (the
 * whole message after DATA): each becomes a part.
 */
const SMTPLIB = /^(send|reply): (b?)(['"])/;
/** Debug level 2 writes the time of day first: "15:05:47.999294 send: ...". */
const SMTPLIB_TIME = /^\d\d:\d\d:\d\d\.\d{6} /;
const smtplib: Dialect = {
  id: 'smtplib',
  match(line) {
    let start = 0;
    let c = line[0];
    if (c >= '0' && c <= '9') {
      if (!SMTPLIB_TIME.test(line)) return undefined;
      start = 16;
      c = line[start];
    }
    if (c !== 's' && c !== 'r' && c !== 'c' && c !== 'd') return undefined;
    if (line.startsWith('reply: retcode', start) || line.startsWith('data: (', start)) return at('smtplib', 'meta', line, start);
    if (line.startsWith('connect: ', start)) return at('smtplib', 'meta', line, start, { opensSession: line.startsWith('connect: to ', start) });
    const m = SMTPLIB.exec(start > 0 ? line.slice(start) : line);
    if (!m) return undefined;
    const column = start + m[0].length;
    const quote = m[3];
    let body = line.slice(column);
    if (body.endsWith(quote)) body = body.slice(0, -1);
    // The bytes themselves: "\r\n" ends a line, and so does a bare "\n" or "\r" (RFC 5321 §2.3.8:
    // what SMTP smuggling sends inside the data), each with the end it had on the wire.
    const parts = splitPythonLines(body, column).map((p) => ({ column: p.column, text: unescapePython(p.text), end: p.end }));
    const side = m[1] === 'send' ? 'client' : 'server';
    if (parts.length === 1) return { dialect: 'smtplib', side, column, text: parts[0].text, end: parts[0].end };
    return { dialect: 'smtplib', side, column, text: parts[0]?.text ?? '', parts };
  },
};

/** Cuts a Python bytes literal's text at its escaped line ends (\r\n, \n, \r), each part with its end. */
function splitPythonLines(text: string, column: number): LinePart[] {
  const parts: LinePart[] = [];
  let from = 0;
  let at = text.indexOf('\\', from);
  while (at >= 0) {
    const next = text[at + 1];
    if (next === 'r' || next === 'n') {
      const crlf = next === 'r' && text.startsWith('\\n', at + 2);
      parts.push({ column: column + from, text: text.slice(from, at), end: crlf ? LineEnd.CRLF : next === 'r' ? LineEnd.CR : LineEnd.LF });
      from = at + (crlf ? 4 : 2);
      at = text.indexOf('\\', from);
    } else {
      // Another escape (\\, \x00, \'): skip it whole.
      at = text.indexOf('\\', at + 2);
    }
  }
  if (from < text.length || parts.length === 0) parts.push({ column: column + from, text: text.slice(from) });
  return parts;
}

/** Cuts text at a literal separator; `dropLast` drops the empty piece after a final separator. */
function splitEscaped(text: string, column: number, separator: string, dropLast: boolean): LinePart[] {
  const parts: LinePart[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf(separator, from);
    if (at < 0) break;
    parts.push({ column: column + from, text: text.slice(from, at) });
    from = at + separator.length;
  }
  if (!dropLast || from < text.length || parts.length === 0) parts.push({ column: column + from, text: text.slice(from) });
  return parts;
}

function unescapePython(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(x[0-9a-fA-F]{2}|t|r|n|'|"|\\)/g, (_, esc: string) => {
    if (esc === 't') return '\t';
    if (esc === 'r') return '\r';
    if (esc === 'n') return '\n';
    if (esc.startsWith('x')) return String.fromCharCode(parseInt(esc.slice(1), 16));
    return esc;
  });
}

/**
 * PHPMailer SMTPDebug: "CLIENT -> SERVER: EHLO x", "SERVER -> CLIENT: 220 ..." after an optional
 * timestamp. With the default 'echo' output the further lines of a multi-line reply follow on lines
 * of their own, indented: the reader takes them as continuation lines. The 'html' output escapes the
 * text (htmlentities: "CLIENT -&gt; SERVER: MAIL FROM:&lt;a@b&gt;"), ends each line with "<br>" and
 * runs the lines of a multi-line reply together ("250-a250-SIZE 52428800250 HELP"): each becomes a part.
 */
const PHPMAILER = /^(?:[\d\-: .T/()]+\s)?(CLIENT|SERVER) (->|-&gt;) (?:SERVER|CLIENT): ?/;
const phpmailer: Dialect = {
  id: 'phpmailer',
  match(line) {
    const html = line.includes(' -&gt; ');
    if (!html && !line.includes(' -> ')) return undefined;
    const m = PHPMAILER.exec(line);
    if (!m) return undefined;
    const side = m[1] === 'CLIENT' ? 'client' : 'server';
    const column = m[0].length;
    if (m[2] === '->') return at('phpmailer', side, line, column);
    let body = line.slice(column);
    if (body.endsWith('<br>')) body = body.slice(0, -4);
    const joined = side === 'server' ? splitJoinedReply(body, column) : undefined;
    if (!joined) return { dialect: 'phpmailer', side, column, text: decodeHtmlEntities(body) };
    const parts = joined.map((p) => ({ column: p.column, text: decodeHtmlEntities(p.text) }));
    return { dialect: 'phpmailer', side, column, text: parts[0].text, parts };
  },
};

/**
 * The lines of a multi-line reply written with no break between them ("250-a250-b250 c"): a new
 * line starts where the reply's code comes again followed by "-" or " ", the one with " " the last.
 */
function splitJoinedReply(body: string, column: number): LinePart[] | undefined {
  if (!/^\d{3}-/.test(body)) return undefined;
  const code = body.slice(0, 3);
  const parts: LinePart[] = [];
  let from = 0;
  for (let i = body.indexOf(code, 4); i >= 0; i = body.indexOf(code, i + 1)) {
    const next = body[i + 3];
    if ((next !== '-' && next !== ' ' && next !== undefined) || i < from + 4) continue;
    parts.push({ column: column + from, text: body.slice(from, i) });
    from = i;
    if (next !== '-') break;
  }
  if (parts.length === 0) return undefined;
  parts.push({ column: column + from, text: body.slice(from) });
  return parts;
}

const HTML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Undoes PHP's htmlentities for what SMTP text holds: <, >, &, quotes and numeric references; other names stay as written. */
function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-z]{2,5});/g, (whole, name: string) => {
    if (name[0] !== '#') return HTML_ENTITIES[name] ?? whole;
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** curl -v: "> " sent by curl, "< " received, "* " notes, "} [n bytes data]" uploads. */
const curl: Dialect = {
  id: 'curl',
  match(line) {
    if (line.startsWith('> ')) return at('curl', 'client', line, 2);
    if (line.startsWith('< ')) return at('curl', 'server', line, 2);
    if (line.startsWith('* ')) return at('curl', 'meta', line, 2, { opensSession: /^\* +Trying\b/.test(line) });
    if (line.startsWith('} [') || line.startsWith('{ [')) return at('curl', 'meta', line, 2);
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
    if (line[10] !== 'T' || line[4] !== '-') return undefined;
    const m = EXCHANGE.exec(line);
    if (!m) return undefined;
    const event = m[2];
    let [column, text] = csvField(line, m[0].length);
    if (text === '' && event !== '<' && event !== '>') {
      // Notes often leave data empty and say what happened in the context field.
      const next = column + (line[column] === '"' ? 2 : 0) + 1;
      if (next < line.length) [column, text] = csvField(line, next);
    }
    if (event === '<' || event === '>') {
      return { dialect: 'exchange-csv', side: 'either', flow: event === '<' ? 'in' : 'out', column, text, sessionId: m[1], noContent: true };
    }
    return { dialect: 'exchange-csv', side: 'meta', column, text, sessionId: m[1], opensSession: event === '+' };
  },
};

/** A CSV field starting at `from`: its text (quotes undone) and the column where that text starts. */
function csvField(line: string, from: number): [number, string] {
  if (line[from] === '"') {
    let close = line.indexOf('"', from + 1);
    while (close >= 0 && line[close + 1] === '"') close = line.indexOf('"', close + 2);
    const raw = line.slice(from + 1, close < 0 ? undefined : close);
    return [from + 1, raw.includes('""') ? raw.replace(/""/g, '"') : raw];
  }
  const comma = line.indexOf(',', from);
  return [from, line.slice(from, comma < 0 ? undefined : comma)];
}

/** In the order they are tried: the more specific prefixes first. */
export const DIALECTS: readonly Dialect[] = [exchange, swaks, phpmailer, smtplib, postfixVerbose, eximDebug, postfixInOut, sendmail, plain, curl];

const RFC821_MARK = /^(\s*)([RS]):(?: |$)/;

/**
 * RFC 821's own marks (its examples, and texts written after them): "S:" is the sender-SMTP, the
 * client, and "R:" the receiver-SMTP, the server. Read only where the document's lines say so
 * (documentMarksReceiver): everywhere else "S:" is the server of C:/S:, so this dialect is never
 * tried on a line by itself.
 */
const rfc821: Dialect = {
  id: 'rfc821',
  match(line) {
    const m = RFC821_MARK.exec(line);
    return m ? at('rfc821', m[2] === 'R' ? 'server' : 'client', line, m[0].length) : undefined;
  },
};

/** A line marked "C:" (the client of C:/S:) or "S:" with a reply code (its server), after any indentation. */
const CLIENT_SERVER_MARK = /^\s*(?:C:(?: |$)|S: [2-5]\d\d(?:[ -]|$))/;
/** A reply marked "R:": RFC 821's receiver (Exim's debug output has "R: router" lines, no reply codes). */
const RECEIVER_REPLY = /^\s*R: [2-5]\d\d(?:[ -]|$)/;

/**
 * Whether lines [from, to) mark directions as RFC 821 does: among the first `limit` non-blank ones,
 * replies are marked "R:", and no line is marked "C:" nor carries a reply marked "S:". Then "S:" is the client.
 */
export function documentMarksReceiver(lineAt: (line: number) => string | undefined, from: number, to: number, limit: number): boolean {
  let receiver = false;
  let seen = 0;
  for (let i = from; i < to && seen < limit; i++) {
    const line = lineAt(i) ?? '';
    if (line.trim() === '') continue;
    seen++;
    if (CLIENT_SERVER_MARK.test(line)) return false;
    if (!receiver && RECEIVER_REPLY.test(line)) receiver = true;
  }
  return receiver;
}

/** The first dialect whose prefix the line carries, or undefined for an unprefixed line. */
const DIALECT_BY_ID = new Map<DialectId, Dialect>([...DIALECTS, rfc821].map((d) => [d.id, d]));

export function matchDialect(line: string, preferred?: DialectId): DialectMatch | undefined {
  if (preferred) {
    const first = DIALECT_BY_ID.get(preferred)?.match(line);
    if (first) return first;
  }
  for (const dialect of DIALECTS) {
    const found = dialect.match(line);
    if (found) return found;
  }
  return undefined;
}

/** Postfix wraps long transcript lines and indents the rest: the indented lines after an In:/Out: line. */
export function isWrappedContinuation(line: string): boolean {
  return (line.startsWith('  ') || line.startsWith('\t')) && line.trim() !== '' && !POSTFIX_INOUT.test(line);
}
