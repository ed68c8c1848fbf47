// The SMTP protocol rules shared by all three grammars: reply codes, enhanced status codes,
// commands and their parameters, addresses, hosts, IPs, the transcript dialects and the prose in
// which MTAs quote SMTP replies. Each grammar gets a copy of this repository (the grammars stay
// self-contained: no cross-grammar includes, so each loads and tokenizes on its own).
//
// Conventions that keep the grammars fast and checkable:
// - Content rules are anchored with \G (the end of the prefix that opened the line), so a line is
//   classified once, at its start, instead of by unanchored searches.
// - Unanchored patterns start with a literal, a \b before a bounded run, or a one-character
//   negative lookbehind, so a failed search cannot restart inside a run it already scanned.
// - No nested unbounded quantifiers over overlapping character sets.
import { R, alt, ahead, block, cap, include, includes, match, opt, plain, seq } from './regex.mjs';
import { S } from './scopes.mjs';

// ---------------------------------------------------------------------------------------------
// Atoms

export const CODE = alt(
  cap(R`2\d\d`, S.reply2),
  cap(R`3\d\d`, S.reply3),
  cap(R`4\d\d`, S.reply4),
  cap(R`5\d\d`, S.reply5),
);

export const ENH = alt(
  cap(R`2\.\d{1,3}\.\d{1,3}`, S.enhanced2),
  cap(R`4\.\d{1,3}\.\d{1,3}`, S.enhanced4),
  cap(R`5\.\d{1,3}\.\d{1,3}`, S.enhanced5),
);
/** After an enhanced code: not followed by a word character or by `.digit` (an IP, a version). */
export const ENH_END = R`(?!\w|\.\d)`;

export const IPV4 = R`\d{1,3}(?:\.\d{1,3}){3}`;
/** Outside brackets an IPv6 address needs three colons, so a time (12:30:45) is not one. */
export const IPV6 = R`[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){3,7}`;
/** Inside brackets: hex digits around at least one colon (the first colon is unambiguous). */
export const IPV6_LITERAL = R`(?:IPv6:)?[0-9A-Fa-f]*:[0-9A-Fa-f:]*`;
/** A host name or a dotted token: at least one dot. */
export const DOMAIN = R`[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+\.?`;
export const HOSTNAME = R`[A-Za-z0-9][A-Za-z0-9.-]*`;
export const B64 = R`[A-Za-z0-9+/]+={0,2}`;
export const TS_ISO = R`\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?`;
export const TS_SYSLOG = R`(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[ ]{1,2}\d{1,2}[ ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?`;
export const TS_TIME = R`\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?`;

/** EHLO keywords (RFC 5321 and extensions, plus common vendor ones). */
const EXTENSIONS = [
  '8BITMIME', 'ATRN', 'AUTH', 'BINARYMIME', 'BURL', 'CHUNKING', 'CONNEG', 'CONPERM', 'DELIVERBY',
  'DSN', 'ENHANCEDSTATUSCODES', 'ETRN', 'EXPN', 'FUTURERELEASE', 'HELP', 'LIMITS', 'MT-PRIORITY',
  'MTRK', 'NO-SOLICITING', 'ONEX', 'PIPELINING', 'PRDR', 'REQUIRETLS', 'RRVS', 'SIZE', 'SMTPUTF8',
  'STARTTLS', 'UTF8SMTP', 'VERB', 'VRFY', 'X-ANONYMOUSTLS', 'X-EXPS', 'X-LINK2STATE', 'XCLIENT',
  'XEXCH50', 'XFORWARD', 'XOORG', 'XRCPTFORWARD', 'XUSR', 'XVERP',
];
const EXTENSION = `(?:${EXTENSIONS.join('|')})`;
const MECHANISMS = R`(?:CRAM-MD5|CRAM-SHA1|DIGEST-MD5|SCRAM-SHA-1(?:-PLUS)?|SCRAM-SHA-256(?:-PLUS)?|XOAUTH2|OAUTHBEARER|GSSAPI|NTLM|PLAIN|LOGIN|ANONYMOUS|EXTERNAL|KERBEROS_V4)`;

/** Where a command's own rule stops: end of line, or before a Python repr's `\r\n'` / closing quote. */
const CMD_END = R`$|(?=\\r|\\n|['"][ \t]*$)`;
/** What may follow a token that ends at a word: space, end of line, or a Python escape/quote. */
const TOKEN_END = R`(?=[ \t]|$|\\|['"][ \t]*$)`;

// ---------------------------------------------------------------------------------------------
// Inline rules: addresses, hosts, IPs, TLS words and reply codes quoted inside text.

const inline = {
  'null-path': match('<>', S.nullPath),
  path: match(
    seq(cap('<', S.addressBegin), cap(R`[^<>\s@]+@[^<>\s]*|(?i:postmaster|abuse)`, S.address), cap('>', S.addressEnd)),
  ),
  'bare-address': match(R`(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*`, S.address),
  // host[ip]:port as Postfix writes it; the bracket may also hold `unknown` or `private/lmtp`.
  // (No capture is re-tokenized with `patterns`: vscode-textmate copies the line up to the capture
  // for that, which is quadratic on long lines; see the grammar-source test.)
  'host-ip': match(
    seq(
      R`(?<![\w.-])`,
      alt(seq(cap(IPV4, S.ip), ahead(R`\[`)), cap(HOSTNAME, S.domain)),
      cap(R`\[`, S.addressBegin),
      alt(cap(alt(IPV4, IPV6_LITERAL), S.ip), R`[^\]\[\s]*`),
      cap(R`\]`, S.addressEnd),
      opt(seq(cap(':', S.commandSep), cap(R`\d+`, S.port))),
    ),
  ),
  'ip-literal': match(
    seq(R`\[`, cap(alt(IPV4, IPV6_LITERAL), S.ip), R`\]`, opt(seq(cap(':', S.commandSep), cap(R`\d+`, S.port)))),
  ),
  ipv4: match(seq(R`\b`, cap(IPV4, S.ip), R`\b`, opt(seq(cap(':', S.commandSep), cap(R`\d{1,5}\b`, S.port)))), undefined),
  ipv6: match(seq(R`\b`, cap(IPV6, S.ip), R`\b`)),
  mechanism: match(seq(R`\b`, MECHANISMS, R`\b(?!-)`), S.mechanism),
  tls: match(R`\b(?:STARTTLS|TLSv1(?:\.[0-3])?|TLS1\.[0-3]|TLS|SSLv[23]|SSL)\b`, S.tls),
  'reply-inline': match(seq(R`\b`, CODE, alt(cap('-', S.continuation), ' '), ENH, ENH_END)),
  inline: {
    patterns: includes(
      '#null-path',
      '#path',
      '#host-ip',
      '#ip-literal',
      '#bare-address',
      '#ipv4',
      '#ipv6',
      '#reply-inline',
      '#mechanism',
      '#tls',
    ),
  },
};

// ---------------------------------------------------------------------------------------------
// Line content: a reply or a command, recognised at \G (where the prefix ended).

const replyStart = seq(R`\G[ \t]*`, CODE, alt(cap('-', S.continuation), R`[ \t]+`, '$', ahead(R`\\|['"]`)));

const content = {
  'reply-base64': match(seq(R`\G[ \t]*`, cap('334', S.reply3), R`[ \t]+`, cap(B64, S.base64), R`[ \t]*` , alt('$', ahead(R`\\r|['"]`)))),
  reply: match(
    seq(
      replyStart,
      opt(seq(ENH, ENH_END, R`[ \t]*`)),
      opt(alt(seq(cap(EXTENSION, S.extension), ahead(R`[ =]|$|\\`)), seq(cap(DOMAIN, S.domain), ahead(TOKEN_END)))),
    ),
  ),
  'command-mail': block({
    begin: seq(
      R`\G[ \t]*`,
      cap(R`(?i:MAIL)`, S.command),
      R`[ \t]+`,
      cap(R`(?i:FROM)`, S.command),
      R`[ \t]*`,
      cap(':', S.commandSep),
    ),
    end: CMD_END,
    patterns: [include('#command-parameters')],
  }),
  'command-rcpt': block({
    begin: seq(R`\G[ \t]*`, cap(R`(?i:RCPT)`, S.command), R`[ \t]+`, cap(R`(?i:TO)`, S.command), R`[ \t]*`, cap(':', S.commandSep)),
    end: CMD_END,
    patterns: [include('#command-parameters')],
  }),
  'command-parameters': {
    patterns: [
      include('#null-path'),
      include('#path'),
      include('#bare-address'),
      match(
        seq(R`[ \t]`, cap(R`[A-Za-z][A-Za-z0-9-]*`, S.param), cap('=', S.assign), cap(R`\d+`, S.paramNumber), ahead(R`[ \t]|$|\\`)),
      ),
      match(seq(R`[ \t]`, cap(R`[A-Za-z][A-Za-z0-9-]*`, S.param), cap('=', S.assign), cap(R`[^\s'"\\]*`, S.paramValue))),
      match(seq(R`[ \t]`, cap(R`SMTPUTF8|REQUIRETLS|(?i:smtputf8|requiretls)`, S.param), R`\b`)),
    ],
  },
  // EHLO takes one argument: a line with more words ("Helo command rejected") is not a command
  'command-hello': match(
    seq(
      R`\G[ \t]*`,
      cap(R`(?i:EHLO|HELO|LHLO)`, S.command),
      opt(
        seq(
          R`[ \t]+`,
          alt(seq(R`\[`, cap(alt(IPV4, IPV6_LITERAL), S.ip), R`\]`), cap(R`[^\s\[\]'"\\]+`, S.domain)),
        ),
      ),
      ahead(R`[ \t]*(?:$|\\|['"])`),
    ),
  ),
  'command-auth': match(
    seq(
      R`\G[ \t]*`,
      cap(R`(?i:AUTH)`, S.command),
      R`[ \t]+`,
      cap(R`[A-Za-z0-9_-]+`, S.mechanism),
      opt(seq(R`[ \t]+`, cap(alt(B64, '='), S.base64))),
      ahead(R`[ \t]*(?:$|\\|['"])`),
    ),
  ),
  'command-bdat': match(
    seq(R`\G[ \t]*`, cap(R`(?i:BDAT)`, S.command), R`[ \t]+`, cap(R`\d+`, S.paramNumber), opt(seq(R`[ \t]+`, cap(R`(?i:LAST)`, S.command))), R`\b`),
  ),
  'command-xclient': block({
    begin: seq(R`\G[ \t]*`, cap(R`(?i:XCLIENT|XFORWARD)`, S.command), R`\b`),
    end: CMD_END,
    patterns: [match(seq(R`[ \t]`, cap(R`[A-Za-z][A-Za-z0-9_-]*`, S.param), cap('=', S.assign), cap(R`[^\s'"\\]*`, S.paramValue)))],
  }),
  // commands that stand alone on their line (so "Data file written" is not DATA)
  'command-alone': match(
    seq(R`\G[ \t]*`, cap(R`(?i:DATA|QUIT|RSET|STARTTLS|TURN)`, S.command), ahead(R`[ \t]*(?:$|\\|['"])`)),
  ),
  'command-other': block({
    begin: seq(R`\G[ \t]*`, cap(R`(?i:NOOP|HELP|VRFY|EXPN|ETRN|ATRN|BURL)`, S.command), R`\b`),
    end: CMD_END,
    patterns: [include('#inline')],
  }),
  content: {
    patterns: includes(
      '#reply-base64',
      '#reply',
      '#command-mail',
      '#command-rcpt',
      '#command-hello',
      '#command-auth',
      '#command-bdat',
      '#command-xclient',
      '#command-alone',
      '#command-other',
      '#inline',
    ),
  },
  /** Replies only (for bounce bodies and for the server side of unprefixed sessions in DATA). */
  'reply-content': { patterns: includes('#reply-base64', '#reply', '#inline') },
};

// ---------------------------------------------------------------------------------------------
// Prose: how MTAs quote SMTP replies in logs and bounce messages.

const prose = {
  said: match(
    seq(
      R`\b`,
      cap('said', S.said),
      cap(':?', S.commandSep),
      R`[ \t]+`,
      CODE,
      alt(cap('-', S.continuation), ahead(R`[ \t]|$`)),
      opt(seq(R`[ \t]*`, ENH, ENH_END)),
    ),
  ),
  'in-reply-to': match(
    seq(
      R`\(`,
      cap('in reply to', S.inReplyTo),
      ' ',
      cap(R`(?:end of )?(?:DATA|RCPT TO|MAIL FROM|EHLO|HELO|LHLO|BDAT|STARTTLS|AUTH|QUIT|RSET|XFORWARD|XCLIENT|VRFY|ETRN)`, S.command),
      ' ',
      cap('command', S.inReplyTo),
      R`\)`,
    ),
  ),
  'smtp-error': match(
    seq(
      R`\b`,
      cap(R`SMTP error from remote (?:mail server|mailer)(?: after)?`, S.smtpError),
      opt(seq(' ', cap(R`RCPT TO|MAIL FROM|EHLO|HELO|LHLO|DATA|BDAT|STARTTLS|AUTH|QUIT|RSET|end of data|initial connection|pipelined [A-Z]+`, S.command))),
    ),
  ),
  'colon-reply': match(
    seq(R`:[ \t]+`, CODE, alt(cap('-', S.continuation), ahead(R`[ \t]|$`)), opt(seq(R`[ \t]*`, ENH, ENH_END))),
  ),
  'colon-enhanced': match(seq(R`:[ \t]+`, ENH, ENH_END)),
  /** Postfix wraps "said: 550" and puts the enhanced code at the start of the next, indented line. */
  'wrapped-enhanced': match(seq(R`^[ \t]+`, ENH, R`(?=[ \t])`)),
  prose: {
    patterns: includes('#said', '#in-reply-to', '#smtp-error', '#colon-reply', '#colon-enhanced', '#wrapped-enhanced', '#inline'),
  },
};

// ---------------------------------------------------------------------------------------------
// RFC 5322 header values (used by the .eml grammar and inside SMTP DATA).

const headerValue = {
  'encoded-word': match(
    seq(
      cap(R`=\?`, S.encodedWordBegin),
      cap(R`[^?\s]+`, S.charset),
      cap(R`\?`, S.encodedWordSep),
      cap('[BbQq]', S.encoding),
      cap(R`\?`, S.encodedWordSep),
      cap(R`[^?\s]*`, S.encodedText),
      cap(R`\?=`, S.encodedWordEnd),
    ),
    S.encodedWord,
  ),
  'quoted-string': block({
    name: S.displayName,
    begin: cap('"', S.quoteBegin),
    end: alt(cap('"', S.quoteEnd), '$'),
    patterns: [match(R`\\.`, S.emlEscape)],
  }),
  'header-value': { patterns: includes('#encoded-word', '#quoted-string', '#inline') },
};

// ---------------------------------------------------------------------------------------------
// Transcript dialects. Each dialect says how a client line, a server line and its info lines
// start; from that come its line rules, its DATA block and its AUTH block.

const DOT = R`\.`;
const NON354 = R`[ \t]*(?!354)[2-5]\d\d(?:[ -]|$)`;
const NON334 = R`[ \t]*(?!334)[2-5]\d\d(?:[ -]|$)`;
const NEXT_COMMAND = R`[ \t]*(?i:MAIL|RCPT|EHLO|HELO|LHLO|QUIT|RSET|STARTTLS)\b`;

// [2024-03-01 10:15:02] DEBUG [#12] [Kx9mC2aQ3P] C: ...   (level padded to five characters)
const nodemailerHead = seq(
  cap(R`\[\d{4}-\d\d-\d\d[ T][\d:.]+Z?\]`, S.timestamp),
  R`[ ]`,
  cap(R`TRACE|DEBUG|INFO|WARN|ERROR|FATAL`, S.logLevel),
  R`[ ]+`,
  cap(R`(?:\[[^\[\]\s]+\][ ])*`, { patterns: [match(R`\[[^\[\]\s]+\]`, S.sessionId)] }),
);
const phpTime = opt(seq(cap(R`\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}`, S.timestamp), R`[ \t]+`));

/**
 * client/server: [marker, separator] fragments, written without `^`; the prefix is both.
 * data: whether DATA/AUTH blocks are built (the prefix must mark every line of the exchange).
 * info: extra line rules for the dialect's tool messages.
 */
// RFC 821's examples: "S:" is the sender-SMTP (the client), "R:" the receiver (the server). A line
// cannot see the rest of the document, so a command verb after "S:" and a reply code after "R:" tell
// them from the usual C:/S: marks, where a server line never starts with a verb. Inside DATA every
// "S:" line is the message's; `dataClient` is that marker without the verb.
const RFC821_VERB = R`(?i:HELO|MAIL|RCPT|DATA|SEND|SOML|SAML|RSET|VRFY|EXPN|HELP|NOOP|QUIT|TURN)\b`;
const DIALECTS = [
  {
    id: 'rfc821',
    client: [seq(R`[ \t]*`, cap('S:', S.dirClient)), seq(R`[ ]?`, ahead(seq(R`[ \t]*`, RFC821_VERB)))],
    dataClient: [seq(R`[ \t]*`, cap('S:', S.dirClient)), R`[ ]?`],
    server: [seq(R`[ \t]*`, cap('R:', S.dirServer)), seq(R`[ ]?`, ahead(R`[2-5]\d\d(?:[ -]|$)`))],
    data: true,
  },
  {
    id: 'plain',
    client: [seq(R`[ \t]*`, cap('C:', S.dirClient)), R`[ ]?`],
    server: [seq(R`[ \t]*`, cap('S:', S.dirServer)), R`[ ]?`],
    data: true,
  },
  {
    id: 'nodemailer',
    client: [seq(nodemailerHead, cap('C:', S.dirClient)), R`[ ]`],
    server: [seq(nodemailerHead, cap('S:', S.dirServer)), R`[ ]`],
    data: true,
    info: [block({ name: S.lineInfo, begin: seq('^', nodemailerHead), end: '$', patterns: [include('#inline')] })],
  },
  {
    id: 'swaks',
    client: [seq(' ', alt(cap('->', S.dirClient), cap('~>', S.dirClientTls))), ' '],
    server: [alt(cap('<-', S.dirServer), cap('<~', S.dirServerTls), cap(R`<\*\*|<~\*`, S.dirServerError)), R`[ ]{1,2}`],
    data: true,
    info: [
      block({ name: S.lineInfo, begin: seq('^', cap('===', S.dirInfo), R`(?=[ ]|$)`), end: '$', patterns: [include('#inline')] }),
      block({
        name: S.lineError,
        begin: seq('^', cap(R`\*\*\*`, S.dirError), R`(?=[ ]|$)`),
        end: '$',
        contentName: S.errorText,
        patterns: [include('#inline')],
      }),
    ],
  },
  {
    id: 'sendmail',
    client: [seq(R`[ \t]*`, cap('>>>', S.dirClient)), R`[ ]?`],
    server: [seq(R`[ \t]*`, cap('<<<', S.dirServer)), R`[ ]?`],
    data: true,
    info: [
      // Exim's test harness: what the script expects the server to say
      block({ name: S.lineExpect, begin: seq('^', cap(R`\?\?\?\??`, S.dirExpect), R`[ ]?`), end: '$', patterns: [include('#reply-content')] }),
      match(
        seq(
          R`^[ \t]*`,
          cap(R`\.\.\.`, S.dirInfo),
          R`[ \t]+`,
          cap('while talking to', S.session),
          R`[ \t]+`,
          cap(R`[A-Za-z0-9.-]+`, S.domain),
          cap(':', S.commandSep),
        ),
        S.lineInfo,
      ),
    ],
  },
  {
    id: 'postfix',
    client: [seq(R`[ \t]*`, cap('In:', S.dirClient)), R`[ ]?`],
    server: [seq(R`[ \t]*`, cap('Out:', S.dirServer)), R`[ ]?`],
    data: true,
  },
  {
    id: 'phpmailer',
    client: [seq(phpTime, cap('CLIENT -> SERVER:', S.dirClient)), R`[ ]?`],
    server: [seq(phpTime, cap(R`SERVER -> CLIENT:|SMTP -> FROM SERVER:`, S.dirServer)), R`[ ]?`],
    data: true,
  },
  {
    id: 'curl',
    client: [cap('>', S.dirClient), ' '],
    server: [cap('<', S.dirServer), ' '],
    data: true,
    info: [block({ name: S.lineInfo, begin: seq('^', cap(R`\*`, S.dirInfo), R`(?=[ ]|$)`), end: '$', patterns: [include('#inline')] })],
  },
  {
    id: 'exim-debug',
    client: [seq(R`[ \t]*`, cap(R`SMTP(?:>>|>\||>-|\|>|\+>)`, S.dirSent)), R`[ ]?`],
    server: [seq(R`[ \t]*`, cap('SMTP<<', S.dirReceived)), R`[ ]?`],
    lineNames: [S.lineSent, S.lineReceived],
    data: false,
    info: [block({ name: S.lineInfo, begin: seq('^', cap(R`\*\*\*\*`, S.dirInfo)), end: '$', patterns: [include('#inline')] })],
  },
];

function dialectRules(dialect) {
  const d = { ...dialect, client: seq(...dialect.client), server: seq(...dialect.server) };
  const clientMarker = plain(dialect.client[0]);
  const [clientName, serverName] = d.lineNames ?? [S.lineClient, S.lineServer];
  const repo = {};
  const clientLine = block({ name: clientName, begin: seq('^', d.client), end: '$', patterns: [include('#content')] });
  const serverLine = block({ name: serverName, begin: seq('^', d.server), end: '$', patterns: [include('#content')] });
  repo[`${d.id}-lines`] = { patterns: [serverLine, clientLine, ...(d.info ?? [])] };
  const patterns = [];
  if (d.data) {
    // Inside DATA and AUTH the client's lines are the message's and the credentials: any client mark.
    const client = dialect.dataClient ? seq(...dialect.dataClient) : d.client;
    const clientPlain = plain(client);
    const serverPlain = plain(d.server);
    const dataEnd = alt(
      seq('^', client, cap(DOT, S.endOfData), R`[ \t]*$`),
      ahead(seq('^', serverPlain, NON354)),
    );
    const prefixOnly = match(seq('^', client));
    const dotStuffed = match(seq('^', client, cap(DOT, S.dotStuffing), ahead(DOT)));
    const headerField = block({
      name: S.header,
      begin: seq('^', client, cap(R`[A-Za-z][\w-]*`, S.headerName), R`[ \t]*`, cap(':', S.headerSep)),
      // a folded line: the marker, the usual single space, then more white space
      end: `^(?!${clientMarker}[ ][ \\t]+\\S)`,
      patterns: [prefixOnly, include('#header-value')],
    });
    const body = block({
      contentName: S.dataBody,
      begin: seq('^', client, R`[ \t]*$`),
      end: ahead(alt(seq('^', clientPlain, DOT, R`[ \t]*$`), seq('^', serverPlain, NON354))),
      patterns: [serverLine, dotStuffed, prefixOnly, ...(d.info ?? [])],
    });
    repo[`${d.id}-data`] = block({
      name: S.data,
      begin: seq('^', d.client, R`[ \t]*`, cap(R`(?i:DATA)`, S.command), R`[ \t]*$`),
      end: dataEnd,
      patterns: [serverLine, body, headerField, dotStuffed, prefixOnly, ...(d.info ?? [])],
    });
    repo[`${d.id}-auth`] = block({
      name: S.auth,
      begin: seq('^', d.client, ahead(R`[ \t]*(?i:AUTH)[ \t]`)),
      end: ahead(alt(seq('^', serverPlain, NON334), seq('^', clientPlain, NEXT_COMMAND))),
      patterns: [
        // the AUTH command line itself: the begin consumed only the prefix
        include('#command-auth'),
        serverLine,
        match(seq('^', client, R`[ \t]*`, cap(alt(B64, R`\*`), S.base64), R`[ \t]*$`)),
        clientLine,
        ...(d.info ?? []),
      ],
    });
    patterns.push(include(`#${d.id}-data`), include(`#${d.id}-auth`));
  }
  patterns.push(include(`#${d.id}-lines`));
  repo[d.id] = { patterns };
  return repo;
}

// Unprefixed sessions (telnet, openssl s_client, RFC and README examples): a line that starts with a
// reply code is the server, anything else the client.
const bareServerLine = block({ begin: R`^[ \t]*(?=[2-5]\d\d(?:[ -]|$))`, end: '$', patterns: [include('#reply-content')] });
const bare = {
  'bare-lines': {
    patterns: [bareServerLine, block({ begin: R`^[ \t]*(?=\S)`, end: '$', patterns: [include('#content')] })],
  },
  'bare-data': block({
    name: S.data,
    begin: seq(R`^[ \t]*`, cap(R`(?i:DATA)`, S.command), R`[ \t]*$`),
    end: alt(seq('^', cap(DOT, S.endOfData), R`[ \t]*$`), ahead(seq('^', NON354))),
    patterns: [
      bareServerLine,
      block({
        contentName: S.dataBody,
        begin: R`^[ \t]*$`,
        end: ahead(alt(seq('^', DOT, R`[ \t]*$`), seq('^', NON354))),
        patterns: [bareServerLine, match(seq('^', cap(DOT, S.dotStuffing), ahead(DOT)))],
      }),
      block({
        name: S.header,
        begin: seq('^', cap(R`[A-Za-z][\w-]*`, S.headerName), R`[ \t]*`, cap(':', S.headerSep)),
        end: R`^(?![ \t]+\S)`,
        patterns: [include('#header-value')],
      }),
      match(seq('^', cap(DOT, S.dotStuffing), ahead(DOT))),
    ],
  }),
  'bare-auth': block({
    name: S.auth,
    begin: R`^(?=[ \t]*(?i:AUTH)[ \t])`,
    end: ahead(alt(seq('^', NON334), seq('^', NEXT_COMMAND))),
    patterns: [
      bareServerLine,
      match(seq(R`^[ \t]*`, cap(alt(B64, R`\*`), S.base64), R`[ \t]*$`)),
      include('#bare-lines'),
    ],
  }),
  bare: { patterns: includes('#bare-data', '#bare-auth', '#bare-lines') },
};

// Python smtplib (set_debuglevel): send: 'ehlo x\r\n' / reply: b'250-...\r\n' / reply: retcode (250); Msg: b'...'
const pyTime = opt(seq(cap(TS_TIME, S.timestamp), ' '));
const pyEscape = match(R`\\(?:x[0-9A-Fa-f]{2}|[rnt'"\\])`, S.escape);
function pyQuoted(head, name) {
  const begin = seq('^', pyTime, head, R`[ ]`, cap('b?', S.bytesPrefix), cap(`['"]`, S.stringBegin));
  return block({
    name,
    begin,
    end: alt(cap(`\\${begin.n}`, S.stringEnd), '$'),
    patterns: [pyEscape, include('#content')],
  });
}
const python = {
  python: {
    patterns: [
      block({
        name: S.lineServer,
        begin: seq(
          '^',
          pyTime,
          cap('reply:', S.dirServer),
          R`[ ]`,
          cap('retcode', S.loggerKeyword),
          R`[ ]\(`,
          CODE,
          R`\);[ ]`,
          cap('Msg:', S.loggerKeyword),
          R`[ ]`,
          cap('b?', S.bytesPrefix),
          cap(`'`, S.stringBegin),
        ),
        end: alt(cap(`'`, S.stringEnd), '$'),
        patterns: [pyEscape, include('#inline')],
      }),
      block({
        name: S.lineServer,
        begin: seq('^', pyTime, cap('data:', S.dirServer), R`[ ]\(`, CODE, R`,[ ]`, cap('b?', S.bytesPrefix), cap(`'`, S.stringBegin)),
        end: alt(cap(`'`, S.stringEnd), '$'),
        patterns: [pyEscape, include('#inline')],
      }),
      pyQuoted(cap('send:', S.dirClient), S.lineClient),
      pyQuoted(cap('reply:', S.dirServer), S.lineServer),
      block({ name: S.lineInfo, begin: seq('^', pyTime, cap(R`connect:|send_message:|quit:`, S.dirInfo)), end: '$', patterns: [include('#inline')] }),
    ],
  },
};

const comment = {
  comment: match(seq('^', cap('#', S.commentPunct), '.*$'), S.comment),
};

export function commonRepository() {
  const repo = { ...comment, ...inline, ...content, ...prose, ...headerValue, ...python, ...bare };
  for (const d of DIALECTS) Object.assign(repo, dialectRules(d));
  repo.transcript = {
    patterns: [
      include('#comment'),
      include('#python'),
      ...DIALECTS.map((d) => include(`#${d.id}`)),
      include('#bare'),
    ],
  };
  return repo;
}

export { S };
