import type { Reply, Session } from '../parse';
import { memoOn } from '../parse/memo';

const CONSEQUENCES = Symbol('consequences');

/**
 * Replies that only follow from an earlier refusal in the same transaction, so they are no problem of
 * their own: the 503 or 554 to DATA (or BDAT) when every recipient was refused, which a pipelining
 * client meets as a matter of course (RFC 2920 §3.1), and the 503 to RCPT after MAIL was refused.
 * Read in the order replies arrived, which under PIPELINING is the order of the commands.
 */
export function consequenceReplies(session: Session): ReadonlySet<Reply> {
  return memoOn(session, CONSEQUENCES, findConsequences);
}

function findConsequences(session: Session): Set<Reply> {
  const found = new Set<Reply>();
  let mailRefused = false;
  let accepted = 0;
  let refused = 0;
  for (const reply of session.replies) {
    const verb = reply.implied ?? (reply.answers === 'connection' ? undefined : reply.answers?.verb);
    const failed = reply.code[0] === '4' || reply.code[0] === '5';
    if (verb === 'MAIL' || verb === 'RSET' || verb === 'EHLO' || verb === 'HELO' || verb === 'LHLO') {
      mailRefused = verb === 'MAIL' && failed;
      accepted = 0;
      refused = 0;
    } else if (verb === 'RCPT') {
      if (reply.code === '503' && mailRefused) found.add(reply);
      else if (reply.code[0] === '2') accepted++;
      else if (failed) refused++;
    } else if ((verb === 'DATA' || verb === 'BDAT') && (reply.code === '503' || reply.code === '554')) {
      if (accepted === 0 && (refused > 0 || mailRefused)) found.add(reply);
    }
  }
  return found;
}
