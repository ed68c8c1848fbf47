// text.eml: RFC 5322 messages, MIME parts, mbox separators, and delivery status notifications
// (RFC 3464) with the SMTP text that bounces quote.
//
// Header fields are recognised wherever a line looks like `Name: value` (outside a header block
// too), because bounces nest header blocks in their body: MIME part headers, the per-message and
// per-recipient DSN groups, the returned message's headers. Each field is a begin/end rule that
// runs over its folded continuation lines, so a value keeps its highlighting on every line.
import { R, alt, ahead, block, cap, include, includes, match, opt, seq } from './regex.mjs';
import { CODE, ENH, ENH_END, HOSTNAME, IPV4, commonRepository } from './common.mjs';
import { S } from './scopes.mjs';

const FIELD_END = R`^(?![ \t]+\S)`;

function field(names, nameScope, patterns) {
  return block({
    name: S.header,
    begin: seq('^', cap(names, nameScope), R`[ \t]*`, cap(':', S.headerSep)),
    end: FIELD_END,
    patterns,
  });
}

/** `type;` at the start of a DSN value (rfc822; dns; smtp; X-Postfix;). */
const DSN_TYPE = seq(R`\G[ \t]*`, cap(R`[A-Za-z][\w-]*`, S.dsnType), R`[ \t]*`, cap(';', S.dsnTypeSep));

const repository = {
  'mbox-from': match(
    seq('^', cap('From', S.mboxKeyword), ' ', cap(R`\S+`, S.address), R`[ ]+`, cap(R`(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[ ].*`, S.emlTimestamp), '$'),
    S.mboxFrom,
  ),
  boundary: {
    patterns: [
      match(
        seq('^', cap('--', S.boundaryDashes), cap(R`[0-9A-Za-z'()+_,./:=?-]{1,70}`, S.boundary), cap('--', S.boundaryClose), R`[ \t]*$`),
        S.boundaryLine,
      ),
      match(seq('^', cap('--', S.boundaryDashes), cap(R`[0-9A-Za-z'()+_,./:=?-]{1,70}`, S.boundary), R`[ \t]*$`), S.boundaryLine),
    ],
  },
  'dsn-action': field(R`(?i:Action)`, S.dsnName, [
    match(
      seq(
        R`\b`,
        alt(
          cap(R`(?i:failed)`, S.actionFailed),
          cap(R`(?i:delayed)`, S.actionDelayed),
          cap(R`(?i:delivered)`, S.actionDelivered),
          cap(R`(?i:relayed)`, S.actionRelayed),
          cap(R`(?i:expanded)`, S.actionExpanded),
        ),
        R`\b`,
      ),
    ),
  ]),
  'dsn-status': field(R`(?i:Status)`, S.dsnName, [match(seq(R`\b`, ENH, ENH_END)), include('#inline')]),
  'dsn-diagnostic': field(R`(?i:Diagnostic-Code)`, S.dsnName, [
    match(seq(DSN_TYPE, opt(seq(R`[ \t]*`, CODE, alt(cap('-', S.continuation), ahead(R`[ \t]|$`)), opt(seq(R`[ \t]*`, ENH, ENH_END)))))),
    match(seq(R`^[ \t]+`, CODE, alt(cap('-', S.continuation), ahead(R`[ \t]|$`)), opt(seq(R`[ \t]*`, ENH, ENH_END)))),
    include('#prose'),
  ]),
  'dsn-recipient': field(R`(?i:Final-Recipient|Original-Recipient|X-Actual-Recipient|X-Postfix-Sender)`, S.dsnName, [
    match(DSN_TYPE),
    include('#path'),
    include('#bare-address'),
  ]),
  'dsn-mta': field(R`(?i:Reporting-MTA|Remote-MTA|Received-From-MTA|DSN-Gateway)`, S.dsnName, [
    match(seq(DSN_TYPE, opt(seq(R`[ \t]*`, alt(cap(IPV4, S.ip), cap(HOSTNAME, S.domain)))))),
    include('#inline'),
  ]),
  'dsn-other': field(
    R`(?i:Arrival-Date|Last-Attempt-Date|Will-Retry-Until|Original-Envelope-Id|X-Postfix-Queue-ID|X-Failed-Recipients)`,
    S.dsnName,
    [include('#inline')],
  ),
  'header-address': field(
    R`(?i:(?:Resent-)?(?:From|To|Cc|Bcc|Sender)|Reply-To|Return-Path|Delivered-To|Envelope-To|X-Original-To|Errors-To|Disposition-Notification-To|X-Envelope-(?:From|To))`,
    S.headerName,
    includes('#header-value'),
  ),
  'header-message-id': field(
    R`(?i:Message-ID|In-Reply-To|References|Resent-Message-ID|Content-ID|X-Original-Message-ID)`,
    S.headerName,
    [
      match(seq(cap('<', S.messageIdBegin), cap(R`[^<>\s]+`, S.messageId), cap('>', S.messageIdEnd))),
      include('#encoded-word'),
    ],
  ),
  'header-content': field(R`(?i:Content-Type|Content-Disposition)`, S.headerName, [
    match(seq(R`\G[ \t]*`, cap(R`[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+|(?i:inline|attachment)`, S.mediaType))),
    match(
      seq(
        alt(seq(cap(';', S.mimeSep), R`[ \t]*`), R`^[ \t]+`),
        cap(R`[A-Za-z][\w.*-]*`, S.mimeParam),
        R`[ \t]*`,
        cap('=', S.mimeAssign),
        R`[ \t]*`,
        alt(seq(cap('"', S.quoteBegin), cap(R`[^"\n]*`, S.displayName), cap('"', S.quoteEnd)), cap(R`[^;\s"]+`, S.mimeValue)),
      ),
    ),
    match(cap(';', S.mimeSep)),
    include('#encoded-word'),
  ]),
  'header-transfer-encoding': field(R`(?i:Content-Transfer-Encoding)`, S.headerName, [
    match(R`(?i:\b(?:base64|quoted-printable|7bit|8bit|binary)\b)`, S.transferEncoding),
  ]),
  'header-received': field(R`(?i:Received|X-Received|ARC-Seal|Authentication-Results)`, S.headerName, [
    match(seq(R`\b`, cap(R`from|by`, S.receivedKeyword), R`[ \t]+`, cap(HOSTNAME, S.domain), R`(?![@\w.-])`)),
    match(R`\b(?:via|with|id|for)\b`, S.receivedKeyword),
    include('#inline'),
  ]),
  'header-generic': field(R`[A-Za-z][\w-]*(?=[ \t]*:(?!//))`, S.headerName, includes('#header-value')),
  'header-field': {
    patterns: includes(
      '#dsn-action',
      '#dsn-status',
      '#dsn-diagnostic',
      '#dsn-recipient',
      '#dsn-mta',
      '#dsn-other',
      '#header-address',
      '#header-message-id',
      '#header-content',
      '#header-transfer-encoding',
      '#header-received',
      '#header-generic',
    ),
  },
  // SMTP text quoted in bounce bodies: sendmail and Postfix transcripts, reply lines, prose.
  'quoted-smtp': {
    patterns: [
      include('#sendmail-lines'),
      include('#postfix-lines'),
      block({ begin: R`^[ \t]*(?=[2-5]\d\d(?:[ -]|$))`, end: '$', patterns: [include('#reply-content'), include('#prose')] }),
    ],
  },
};

export function emlGrammar() {
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'eml',
    scopeName: 'text.eml',
    patterns: includes('#mbox-from', '#boundary', '#quoted-smtp', '#header-field', '#prose'),
    repository: { ...commonRepository(), ...repository },
  };
}
