// text.maillog: MTA logs. Postfix, Sendmail and Dovecot through syslog (BSD or RFC 5424 time
// stamps), Exim mainlog/rejectlog, Exchange protocol logs (CSV), and the odd formats fail2ban and
// CrowdSec test with (Kerio, Domino, Zimbra). A line's prefix is one begin rule; what follows is
// the message, whose first token (queue id, Exim message id and flag, Postfix verbose > / <) is
// recognised at \G.
import { R, alt, ahead, block, cap, include, includes, match, opt, seq } from './regex.mjs';
import { CODE, ENH, ENH_END, HOSTNAME, IPV4, IPV6_LITERAL, TS_ISO, TS_SYSLOG, commonRepository } from './common.mjs';
import { S } from './scopes.mjs';

const EXIM_ID = R`[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}`;
/** A queue id at the start of a message: 5 to 20 letters and digits with at least one digit. */
const QUEUE_ID_START = R`(?=[A-Za-z]{0,19}\d)[0-9A-Za-z]{5,20}`;
/** Postfix queue ids anywhere: short (hex) or long (no vowels) form, followed by a colon. */
const POSTFIX_QUEUE_ID = R`[0-9A-F]{6,12}|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{10,16}`;
/** Start of a key=value pair: line start or a separator (consumed, unscoped). */
const KEY_START = R`(?:^|[ \t,;(])`;
const PROGRAM = R`[A-Za-z0-9_][A-Za-z0-9_./-]*`;

const pid = seq(cap(R`\[`, S.pidBegin), cap(R`\d+`, S.pid), cap(R`\]`, S.pidEnd));

const repository = {
  'log-comment': match(seq('^', cap('#', S.logCommentPunct), '.*$'), S.logComment),

  // ---- first token of a message -------------------------------------------------------------
  'message-start': {
    patterns: [
      // Exim: [pid] message-id flag
      match(
        seq(
          R`\G`,
          opt(seq(R`[ \t]+`, pid)),
          R`[ \t]+`,
          cap(EXIM_ID, S.queueId),
          R`\b`,
          opt(
            seq(
              R`[ \t]+`,
              alt(
                cap('<=', S.flagArrival),
                cap(R`=>|->|\*>|>>`, S.flagDelivery),
                cap('==', S.flagDeferred),
                cap(R`\*\*`, S.flagFailed),
              ),
              ahead(R`[ \t]`),
            ),
          ),
        ),
      ),
      match(seq(R`\G[ \t]+`, pid)),
      // a nested syslog program (wietse[100]: postfix/smtpd[2206]: ...)
      match(seq(R`\G[ \t]+`, cap(R`postfix(?:-[\w-]+)?/[\w./-]+`, S.program), opt(pid), cap(':', S.logSep))),
      match(seq(R`\G[ \t]*`, cap('NOQUEUE', S.noQueue), cap(':', S.logSep))),
      match(seq(R`\G[ \t]*`, cap(QUEUE_ID_START, S.queueId), cap(':', S.logSep), ahead(R`[ \t]|$`))),
      // Postfix verbose SMTP chat: `> host[ip]:25: MAIL FROM:<...>` / `< host[ip]:25: 250 2.1.0 Ok`
      block({
        begin: seq(
          R`\G[ \t]*`,
          alt(cap('>', S.dirSent), cap('<', S.dirReceived)),
          R`[ \t]+`,
          cap(HOSTNAME, S.domain),
          cap(R`\[`, S.addressBegin),
          alt(cap(IPV4, S.ip), cap(IPV6_LITERAL, S.ip), R`[^\]\[\s]*`),
          cap(R`\]`, S.addressEnd),
          opt(seq(cap(':', S.logSep), cap(R`\d{1,5}`, S.port))),
          cap(':', S.logSep),
          R`[ \t]`,
        ),
        end: '$',
        patterns: [include('#content')],
      }),
    ],
  },

  // ---- key=value pairs -----------------------------------------------------------------------
  status: match(
    seq(
      KEY_START,
      cap('status', S.key),
      cap('=', S.keyAssign),
      alt(
        cap(R`sent|deliverable`, S.statusSent),
        cap(R`deferred|SOFTBOUNCE`, S.statusDeferred),
        cap('bounced', S.statusBounced),
        cap('expired', S.statusExpired),
        cap(R`undeliverable(?:-but-not-cached)?`, S.statusUndeliverable),
      ),
      R`\b`,
    ),
  ),
  dsn: match(seq(KEY_START, cap('dsn', S.key), cap('=', S.keyAssign), ENH, ENH_END)),
  // Sendmail: reject=550 5.7.1 ..., stat=Sent / stat=Deferred: ...
  'key-reply': match(
    seq(
      KEY_START,
      cap(R`reject|reply|response`, S.key),
      cap('=', S.keyAssign),
      CODE,
      alt(cap('-', S.continuation), R`[ ]+`, '$'),
      opt(seq(ENH, ENH_END)),
    ),
  ),
  'sendmail-stat': match(
    seq(
      KEY_START,
      cap('stat', S.key),
      cap('=', S.keyAssign),
      alt(cap('Sent', S.statusSent), cap('Deferred', S.statusDeferred)),
      R`\b`,
    ),
  ),
  'key-host': match(
    seq(
      KEY_START,
      cap(R`relay|H|host|client`, S.key),
      cap('=', S.keyAssign),
      opt(alt(cap(IPV4, S.ip), cap(HOSTNAME, S.domain))),
    ),
  ),
  'key-value': match(
    seq(
      KEY_START,
      cap(R`[A-Za-z_][\w.-]*`, S.key),
      cap('=', S.keyAssign),
      opt(alt(seq(cap(IPV4, S.ip), ahead(R`[,;)\s]|$`)), seq(cap(R`\d+(?:[./]\d+)*`, S.number), ahead(R`[,;)\s]|$`)))),
    ),
  ),

  // ---- outcomes ------------------------------------------------------------------------------
  outcome: {
    patterns: [
      match(seq(R`\b`, cap(R`reject|milter-reject`, S.reject), cap(':', S.logSep))),
      match(seq(R`\b`, cap('reject_warning', S.rejectWarning), cap(':', S.logSep))),
      match(seq(R`\b`, cap('warning', S.levelWarning), cap(':', S.logSep))),
      match(seq(R`\b`, cap(R`error|fatal|panic`, S.levelError), cap(':', S.logSep))),
      match(
        seq(
          R`\b`,
          alt(cap('temporarily rejected', S.rejectedTemporarily), cap('rejected', S.rejected)),
          opt(seq(' ', cap(R`(?:after )?(?:RCPT|MAIL|EHLO|HELO|DATA|ATRN|AUTH|VRFY|EXPN|STARTTLS|BDAT)`, S.command))),
        ),
      ),
      match(
        seq(
          R`\b`,
          cap(R`CONNECT|HELO|EHLO|MAIL|RCPT|DATA|BDAT|END-OF-MESSAGE|VRFY|ETRN|AUTH|STARTTLS`, S.command),
          ' ',
          cap('from', S.event),
          ' ',
        ),
      ),
      match(seq(R`\b`, cap(R`(?:dis)?connect(?= from\b| to\b)|lost connection`, S.event), R`\b`)),
      // Exim's confirmation C="250 OK id=..."
      block({
        begin: seq(KEY_START, cap('C', S.key), cap('=', S.keyAssign), cap('"', S.stringBegin)),
        end: alt(cap('"', S.stringEnd), '$'),
        patterns: [include('#reply'), include('#inline')],
      }),
    ],
  },

  message: {
    patterns: [
      include('#message-start'),
      match(seq(R`\b`, cap(POSTFIX_QUEUE_ID, S.queueId), cap(':', S.logSep), ahead(R`[ \t]`))),
      match(seq(R`\b`, cap(EXIM_ID, S.queueId), R`\b`)),
      include('#status'),
      include('#dsn'),
      include('#key-reply'),
      include('#sendmail-stat'),
      include('#key-host'),
      include('#outcome'),
      include('#key-value'),
      include('#prose'),
    ],
  },

  // ---- line prefixes -------------------------------------------------------------------------
  'exchange-line': block({
    begin: seq(
      '^',
      cap(TS_ISO, S.logTimestamp),
      cap(',', S.exchangeSep),
      cap(R`[^,\n]*`, S.connector),
      cap(',', S.exchangeSep),
      cap(R`[^,\n]*`, S.exchangeSession),
      cap(',', S.exchangeSep),
      cap(R`[^,\n]*`, S.sequence),
      cap(',', S.exchangeSep),
      cap(R`[^,\n]*`, { patterns: [include('#inline')] }),
      cap(',', S.exchangeSep),
      cap(R`[^,\n]*`, { patterns: [include('#inline')] }),
      cap(',', S.exchangeSep),
      alt(cap('<', S.dirReceived), cap('>', S.dirSent), cap(R`[-+*]`, S.dirInfo)),
      cap(',', S.exchangeSep),
    ),
    end: '$',
    patterns: [include('#content')],
  }),
  'syslog-line': block({
    begin: seq(
      '^',
      cap(alt(TS_SYSLOG, TS_ISO), S.logTimestamp),
      R`[ \t]+`,
      cap(R`[^\s\[\]]+`, S.logHost),
      R`[ \t]+`,
      cap(PROGRAM, S.program),
      opt(pid),
      cap(':', S.logSep),
    ),
    end: '$',
    patterns: [include('#message')],
  }),
  'iso-line': block({
    begin: seq('^', cap(TS_ISO, S.logTimestamp)),
    end: '$',
    patterns: [
      match(seq(R`\G[ \t]+`, cap(R`TRACE|DEBUG|INFO|NOTICE`, S.level), R`\b`)),
      match(seq(R`\G[ \t]+`, cap(R`WARN|WARNING`, S.levelWarning), R`\b`)),
      match(seq(R`\G[ \t]+`, cap(R`ERROR|CRIT|CRITICAL|FATAL|ALERT|EMERG|PANIC`, S.levelError), R`\b`)),
      include('#message'),
    ],
  }),
  'other-ts-line': block({
    begin: seq(
      '^',
      alt(
        // Kerio [17/Jun/2011 17:00:45]
        seq(R`\[`, cap(R`\d{1,2}/[A-Za-z]{3}/\d{4}[ :]\d{2}:\d{2}:\d{2}(?:[ ][+-]\d{4})?`, S.logTimestamp), R`\]`),
        // Domino 03-07-2005 23:07:20, optionally after [pid:thread]
        seq(opt(seq(R`\[[\d:-]+\]`, R`[ ]+`)), cap(R`\d{2}-\d{2}-\d{4}[ ]\d{2}:\d{2}:\d{2}`, S.logTimestamp)),
      ),
    ),
    end: '$',
    patterns: [include('#message')],
  }),
  'bare-line': block({ begin: R`^[ \t]*(?=\S)`, end: '$', patterns: [include('#message')] }),
};

export function maillogGrammar() {
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'maillog',
    scopeName: 'text.maillog',
    patterns: includes('#log-comment', '#exchange-line', '#syslog-line', '#iso-line', '#other-ts-line', '#bare-line'),
    repository: { ...commonRepository(), ...repository },
  };
}
