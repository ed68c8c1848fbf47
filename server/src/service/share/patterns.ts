/**
 * What a share-safe copy looks for in text: mail addresses and IP addresses, wherever they stand
 * (a log line, a reply's text, a DSN field, a header).
 */

/**
 * A mail address: a quoted or dot-atom local part, "@", a domain or an address literal. "=" and
 * quotes are left out of the local part: in logs they join keys to values (`to=bob@...`, `b'...'`).
 */
export function addressPattern(): RegExp {
  return /(?:("(?:[^"\\\r\n]|\\.){1,64}")|([A-Za-z0-9!#$%&*+?^_~\u0080-\uffff-](?:[A-Za-z0-9!#$%&*+?^_~.\u0080-\uffff-]{0,126}[A-Za-z0-9!#$%&*+?^_~\u0080-\uffff-])?))@(\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9\u0080-\uffff](?:[A-Za-z0-9\u0080-\uffff-]{0,62}[A-Za-z0-9\u0080-\uffff])?(?:\.[A-Za-z0-9\u0080-\uffff](?:[A-Za-z0-9\u0080-\uffff-]{0,62}[A-Za-z0-9\u0080-\uffff])?)*)/g;
}

/**
 * Mailboxes that belong to a role, not a person (RFC 2142, RFC 5321's postmaster, the senders of
 * bounces): kept as they are, and a bounce still reads as one.
 */
const ROLE_ACCOUNTS = new Set([
  'postmaster', 'post_master', 'mailer-daemon', 'mailer_daemon', 'mdaemon', 'maildelivery', 'mail.delivery', 'abuse',
  'hostmaster', 'webmaster', 'noc', 'security', 'root', 'double-bounce', 'noreply', 'no-reply',
]);

export function isRoleAccount(local: string): boolean {
  return ROLE_ACCOUNTS.has(local.toLowerCase());
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

/** A dotted IPv4 address that is not part of a longer dotted number (a version, an OID). */
export function ipv4Pattern(): RegExp {
  return new RegExp(`(?<![\\d.]|\\d\\.)${OCTET}(?:\\.${OCTET}){3}(?!\\.?\\d)`, 'g');
}

/** 192.0.2.77 → 192.0.2.0 (its /24). */
export function reduceIPv4(ip: string): string {
  return ip.replace(/\.\d+$/, '.0');
}

/**
 * Each IPv6 address in a line replaced by what `replace` makes of it. A candidate is a run of hex
 * digits and colons standing alone (not the end of a word: "Username::"), checked to be an address.
 */
export function ipv6Candidates(line: string, replace: (ip: string) => string): string {
  if (!line.includes(':')) return line;
  return line.replace(/(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:.])/g, (candidate) => (isIPv6(candidate) ? replace(candidate) : candidate));
}

/** The eight groups of an IPv6 address, or undefined when it is none. */
function groupsOf(ip: string): number[] | undefined {
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const read = (half: string): number[] | undefined => {
    if (half === '') return [];
    const groups = half.split(':');
    return groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g)) ? groups.map((g) => parseInt(g, 16)) : undefined;
  };
  const head = read(halves[0]);
  const tail = halves.length === 2 ? read(halves[1]) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : undefined;
}

function isIPv6(candidate: string): boolean {
  return /[0-9A-Fa-f]/.test(candidate) && groupsOf(candidate) !== undefined;
}

/** 2001:db8:1234:5678::9 → 2001:db8:1234:: (its /48). */
export function reduceIPv6(ip: string): string {
  const groups = groupsOf(ip);
  if (!groups) return ip;
  const kept = groups.slice(0, 3);
  while (kept.length > 0 && kept[kept.length - 1] === 0) kept.pop();
  return `${kept.map((g) => g.toString(16)).join(':')}::`;
}
