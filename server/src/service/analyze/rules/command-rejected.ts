import { verbs } from '../../parse';
import { failureRule, isPermanent } from '../failures';

const OWN_RULES = new Set([verbs.RCPT, verbs.MAIL, verbs.DATA, verbs.BDAT, verbs.BURL, verbs.AUTH]);

/** Any other command refused for good: EHLO, STARTTLS, VRFY, ETRN ... */
export const commandRejected = failureRule({
  id: 'smtp.command-rejected', defaultSeverity: 'error', message: 'diagnostic.rejected',
  matches: (reply) => isPermanent(reply) && reply.verb >= 0 && !reply.implied && !OWN_RULES.has(reply.verb),
});
