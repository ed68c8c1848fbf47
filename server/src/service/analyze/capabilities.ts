import type { Command, Reply, Session } from '../parse';
import { capabilitiesOf } from '../parse/transcript/views';
import { memoOn } from '../parse/memo';

/** What the server had advertised when a command was sent: the last successful EHLO before it. */
export interface CapabilitiesAt {
  keywords: Map<string, string[]>;
  reply: Reply;
}

export function capabilitiesAt(session: Session, command: Command): CapabilitiesAt | undefined {
  return timeline(session).filter((c) => c.from <= command.index).at(-1)?.capabilities;
}

/** Where in a session the advertised capabilities change: each EHLO reply, and STARTTLS forgetting them. */
interface CapabilityChange {
  /** Index of the first command it applies to. */
  from: number;
  capabilities?: CapabilitiesAt;
}

/**
 * Kept on the session's command list, not the session: a large document's sessions let their
 * objects go when unused (parse/transcript/session.ts), and the timeline, which holds replies, goes with them.
 */
const TIMELINE = Symbol('capability timeline');

/** Built once per session: rules ask for every command, and EHLO replies are parsed once. */
function timeline(session: Session): CapabilityChange[] {
  return memoOn(session.commands, TIMELINE, () => readTimeline(session));
}

function readTimeline(session: Session): CapabilityChange[] {
  const changes: CapabilityChange[] = [];
  for (const c of session.commands) {
    if (c.verb === 'STARTTLS' && c.replies[0]?.code === '220') changes.push({ from: c.index + 1 });
    if (c.verb !== 'EHLO' && c.verb !== 'LHLO') continue;
    const reply = c.replies.at(-1);
    // The reader already parsed the session's last EHLO reply: reuse it rather than parse it again.
    const keywords = reply === session.capabilitiesReply ? session.capabilities : reply && capabilitiesOf(reply);
    if (reply?.code.startsWith('2') && keywords) changes.push({ from: c.index + 1, capabilities: { keywords, reply } });
  }
  return changes;
}

/** The AUTH mechanisms an EHLO reply offered ("AUTH PLAIN LOGIN" and the old "AUTH=LOGIN" form). */
export function advertisedMechanisms(caps: CapabilitiesAt): string[] {
  return [...caps.keywords.entries()]
    .filter(([keyword]) => keyword === 'AUTH' || keyword.startsWith('AUTH='))
    .flatMap(([keyword, params]) => (keyword === 'AUTH' ? params : [keyword.slice(5), ...params]))
    .map((m) => m.toUpperCase())
    .filter((m, i, all) => m !== '' && all.indexOf(m) === i);
}
