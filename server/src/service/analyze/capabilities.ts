import type { Command, Reply, Session } from '../parse';
import { capabilitiesOf } from '../parse/transcript/reader';

/** What the server had advertised when a command was sent: the last successful EHLO before it. */
export interface CapabilitiesAt {
  keywords: Map<string, string[]>;
  reply: Reply;
}

export function capabilitiesAt(session: Session, command: Command): CapabilitiesAt | undefined {
  let found: CapabilitiesAt | undefined;
  for (const c of session.commands) {
    if (c.index >= command.index) break;
    if (c.verb === 'STARTTLS' && c.replies[0]?.code === '220') found = undefined;
    if (c.verb !== 'EHLO' && c.verb !== 'LHLO') continue;
    const reply = c.replies.at(-1);
    if (reply?.code.startsWith('2')) found = { keywords: capabilitiesOf(reply), reply };
  }
  return found;
}

/** The AUTH mechanisms an EHLO reply offered ("AUTH PLAIN LOGIN" and the old "AUTH=LOGIN" form). */
export function advertisedMechanisms(caps: CapabilitiesAt): string[] {
  return [...caps.keywords.entries()]
    .filter(([keyword]) => keyword === 'AUTH' || keyword.startsWith('AUTH='))
    .flatMap(([keyword, params]) => (keyword === 'AUTH' ? params : [keyword.slice(5), ...params]))
    .map((m) => m.toUpperCase())
    .filter((m, i, all) => m !== '' && all.indexOf(m) === i);
}
