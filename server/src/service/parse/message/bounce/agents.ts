import type { BounceFormat, HeaderField } from '../model';
import type { Notice } from './notice';

/** Who wrote a bounce, as its own words, its sender and its headers give away. */
interface Agent {
  format: BounceFormat;
  name: string;
  /** A phrase of its text, tested on the notice's first lines. */
  text?: RegExp;
  /** Tested on "From: ... Subject: ..." and the X- headers it adds. */
  header?: RegExp;
}

const AGENTS: readonly Agent[] = [
  { format: 'postfix', name: 'Postfix', text: /^This is the mail system at host|^The (?:Postfix|mail) program at host/i, header: /^x-postfix-/i },
  { format: 'exim', name: 'Exim', text: /^This message was created automatically by mail delivery software\.?$/i },
  { format: 'qmail', name: 'qmail', text: /^Hi\. This is the qmail|This is the qmail-send program/i },
  { format: 'sendmail', name: 'Sendmail', text: /^-+ ?Transcript of session follows|^The original message was received at/i },
  { format: 'office365', name: 'Microsoft 365', text: /^Delivery has failed to these recipients or groups|^Your message to .* couldn't be delivered|Generating server: .*(?:outlook|office365|prod\.outlook)/i },
  { format: 'exchange', name: 'Microsoft Exchange', text: /^Your message did not reach some or all of the intended recipients|MSEXCH:|did not reach the following recipient/i, header: /^x-ms-exchange-/i },
  { format: 'gmail', name: 'Gmail', text: /^Delivery to the following recipient (?:failed permanently|has been delayed)|^Technical details of (?:permanent|temporary) failure|Google tried to deliver your message/i, header: /^From:.*@googlemail\.com|^From:.*@google\.com/im },
  { format: 'yahoo', name: 'Yahoo', text: /^Sorry, we were unable to deliver your message to the following address/i },
  { format: 'amazon-ses', name: 'Amazon SES', header: /^From:.*(?:amazonses\.com|sns\.amazonaws\.com)/im },
  { format: 'dragonfly', name: 'DragonFly Mail Agent', text: /^This is the DragonFly Mail Agent/i },
  { format: 'opensmtpd', name: 'OpenSMTPD', text: /^This is the MAILER-DAEMON, please DO NOT REPLY|^An error has occurred while attempting to deliver a message for the following list/i },
  { format: 'domino', name: 'HCL Domino', text: /^was not delivered to:$|Domino Directory/i },
  { format: 'courier', name: 'Courier', text: /^This is a delivery status notification from|Courier mail server/i },
];

/**
 * Each agent's phrase with the multiline flag, for the opening lines joined by line breaks. The same
 * as testing line by line because the phrases use no \s, \W, \D or negated class, the only parts that
 * could match a line break.
 */
const TEXT_BY_LINE = new Map(AGENTS.filter((a) => a.text).map((a) => [a, new RegExp(a.text!.source, `${a.text!.flags}m`)]));

/** How many lines of each notice are looked at: agents announce themselves at the top. */
const SNIFF = 40;

/**
 * Each agent's header pattern with the multiline flag, for the header names joined by line breaks:
 * one search of all names instead of one a name. The same, because a name holds no line break and
 * the patterns' "." and literals match none.
 */
const NAMES_BY_LINE = new Map(AGENTS.filter((a) => a.header).map((a) => [a, new RegExp(a.header!.source, `${a.header!.flags.replace('m', '')}m`)]));

export function agentOf(headers: readonly HeaderField[], own: readonly Notice[], hasDsn: boolean): { format: BounceFormat; name?: string } {
  let headerText = '';
  let names = '';
  for (const h of headers) {
    if (h.key === 'from' || h.key === 'subject') headerText += `${headerText === '' ? '' : '\n'}${h.name}: ${h.value}`;
    names += `${h.name}\n`;
  }
  // The opening lines, trimmed, as one text that each agent's phrase searches once, line by line
  // (TEXT_BY_LINE: "^" and "$" at each line, and no phrase can match a line break).
  let opening = '';
  let first = true;
  for (const n of own) {
    const end = Math.min(n.to + 1, n.from + SNIFF, n.view.lines.length);
    for (let i = n.from; i < end; i++) {
      opening += first ? n.view.lines[i].trim() : `\n${n.view.lines[i].trim()}`;
      first = false;
    }
  }
  for (const agent of AGENTS) {
    if (agent.header && (agent.header.test(headerText) || NAMES_BY_LINE.get(agent)!.test(names))) return { format: agent.format, name: agent.name };
    if (agent.text && TEXT_BY_LINE.get(agent)!.test(opening)) return { format: agent.format, name: agent.name };
  }
  return hasDsn ? { format: 'dsn' } : { format: 'generic' };
}
