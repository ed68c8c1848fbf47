/**
 * How bounces name the SMTP command that was refused and the host that refused it, in their own
 * words. Each pattern keeps what it found in group 1; the first that matches wins.
 */

/** "RCPT TO", "end of data", "initial connection" ... to the verb the catalog knows. */
export function commandVerb(words: string): string | undefined {
  const w = words.toUpperCase().replace(/[\s_]+/g, ' ').trim();
  if (/^(?:RCPT|RCPT TO|RECIPIENT|RCPT TO RESPONSE)$/.test(w)) return 'RCPT';
  if (/^(?:MAIL|MAIL FROM|SENDER)$/.test(w)) return 'MAIL';
  if (/^(?:DATA|END OF DATA|FINAL DATA|DATA BLOCK|TEXT|MESSAGE|FINAL DOT|BDAT|END OF MESSAGE)$/.test(w)) return w === 'BDAT' ? 'BDAT' : 'DATA';
  if (/^(?:INITIAL CONNECTION|CONNECT|CONNECTION|GREETING|BANNER|INITIAL GREETING)$/.test(w)) return 'CONNECT';
  if (/^(?:EHLO|HELO|LHLO|STARTTLS|AUTH|RSET|QUIT|XCLIENT|XFORWARD)$/.test(w)) return w;
  return undefined;
}

const VERBS = String.raw`RCPT TO|MAIL FROM|RCPT|MAIL|end of data|final DATA|DATA|TEXT|BDAT|initial connection|EHLO|HELO|LHLO|STARTTLS|AUTH|XCLIENT|XFORWARD`;

export const COMMAND_PATTERNS: readonly RegExp[] = [
  // Postfix: "(in reply to RCPT TO command)", "(in reply to end of DATA command)".
  new RegExp(`in reply to (${VERBS}|end of DATA|MAIL FROM|RCPT TO) command`, 'i'),
  // Exim: "SMTP error from remote mail server after RCPT TO:<x>:", "after end of data", "after initial connection".
  new RegExp(`\\bafter (?:pipelined )?(${VERBS})\\b`, 'i'),
  // DragonFly: "did not like our RCPT TO:", "did not like our final DATA:".
  new RegExp(`did not like our (${VERBS})`, 'i'),
  // qmail: "most progress was RCPT TO response".
  new RegExp(`(${VERBS}) response\\b`, 'i'),
  // Yahoo: "[RCPT_TO]"; 1&1: "for TEXT command".
  /\[(RCPT_TO|MAIL_FROM|DATA|BDAT)\]/,
  new RegExp(`\\bfor (${VERBS}) command`, 'i'),
  // Exchange and others: "while sending RCPT TO", "during the DATA phase".
  new RegExp(`(?:while sending|during(?: the)?|upon|when sending(?: the)?) (${VERBS})\\b`, 'i'),
  // A quoted transcript: the last client line before the refusal.
  /^\s*>>> (RCPT|MAIL|DATA|EHLO|HELO|BDAT|STARTTLS|AUTH)\b/im,
];

/** qmail's own sentences: what the remote host did not like. */
export const QMAIL_COMMANDS: ReadonlyArray<[RegExp, string]> = [
  [/does not like recipient\b/i, 'RCPT'],
  [/does not like sender\b/i, 'MAIL'],
  [/failed after I sent the message\b/i, 'DATA'],
  [/failed on DATA command\b/i, 'DATA'],
  [/(?:no SMTP connection got far enough|refused to talk to me|Connected to [^\s]+ but greeting failed)/i, 'CONNECT'],
  [/Connected to [^\s]+ but my name was rejected/i, 'HELO'],
  [/Connected to [^\s]+ but sender was rejected/i, 'MAIL'],
];

const HOST = String.raw`[A-Za-z0-9](?:[A-Za-z0-9.-]{0,253}[A-Za-z0-9])?\.?`;
const IP = String.raw`\[?(?:IPv6:)?[0-9A-Fa-f.:]{3,45}\]?`;

export const REMOTE_MTA_PATTERNS: readonly RegExp[] = [
  // Postfix: "host mx.example.org[192.0.2.1] said:"; Exim: "host mx.example.org [192.0.2.1]:".
  new RegExp(`\\bhost (${HOST}) ?\\[[0-9A-Fa-f.:]{3,45}\\]`, 'i'),
  // GMX and 1&1: "host: mx.example.jp", "host: smtp-in.orange.fr (193.252.22.65)".
  new RegExp(`\\bhost: (${HOST})`, 'i'),
  // DragonFly: "mx.example.jp [192.0.2.1] did not like our RCPT TO:".
  new RegExp(`^\\s*(${HOST}) \\[[0-9A-Fa-f.:]{3,45}\\] did not like`, 'im'),
  // qmail: "remote host 192.0.2.1 said:", "192.0.2.1 does not like recipient.", "Giving up on 192.0.2.1.".
  new RegExp(`\\bremote host (${HOST}|${IP}) said`, 'i'),
  new RegExp(`^\\s*(${IP}) (?:does not like|failed after)`, 'im'),
  // Gmail: "rejected by the server for the recipient domain x by mx.example.jp. [192.0.2.2]."
  new RegExp(`\\bby (${HOST}) \\[[0-9A-Fa-f.:]{3,45}\\]`, 'i'),
  // sendmail: "... while talking to mx.example.org.:".
  new RegExp(`while talking to (${HOST}):?`, 'i'),
  new RegExp(`\\bRemote[- ]MTA:\\s*(?:dns;\\s*)?(${HOST})`, 'i'),
  new RegExp(`\\bremote (?:server|mail server|host) (${HOST}) (?:said|replied|returned)`, 'i'),
];
