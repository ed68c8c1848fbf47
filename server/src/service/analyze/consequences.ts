import { columnsOf, verbs, type Session } from '../parse';
import { memoOn } from '../parse/memo';

const CONSEQUENCES = Symbol('consequences');

/**
 * Replies (by number) that only follow from an earlier refusal in the same transaction, so they are
 * no problem of their own: the 503 or 554 to DATA (or BDAT) when every recipient was refused, which a
 * pipelining client meets as a matter of course (RFC 2920 §3.1), and the 503 to RCPT after MAIL was
 * refused. Read in the order replies arrived, which under PIPELINING is the order of the commands.
 * Kept with the session's objects, which an edit makes anew (reply numbers move with it).
 */
export function consequenceReplies(session: Session): ReadonlySet<number> {
  const columns = columnsOf(session);
  return memoOn(columns.objects, CONSEQUENCES, () => findConsequences(session));
}

function findConsequences(session: Session): Set<number> {
  const columns = columnsOf(session);
  const found = new Set<number>();
  let mailRefused = false;
  let accepted = 0;
  let refused = 0;
  for (let r = columns.firstReply; r < columns.replyEnd; r++) {
    const verb = columns.answeredVerb(r);
    const code = columns.code(r);
    const failed = code >= 400 && code < 600;
    if (verb === verbs.MAIL || verb === verbs.RSET || verb === verbs.EHLO || verb === verbs.HELO || verb === verbs.LHLO) {
      mailRefused = verb === verbs.MAIL && failed;
      accepted = 0;
      refused = 0;
    } else if (verb === verbs.RCPT) {
      if (code === 503 && mailRefused) found.add(r);
      else if (code >= 200 && code < 300) accepted++;
      else if (failed) refused++;
    } else if ((verb === verbs.DATA || verb === verbs.BDAT) && (code === 503 || code === 554)) {
      if (accepted === 0 && (refused > 0 || mailRefused)) found.add(r);
    }
  }
  return found;
}
