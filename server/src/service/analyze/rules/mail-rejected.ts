import { verbs } from '../../parse';
import { failureRule, isPermanent } from '../failures';

/** The sender refused for good: 5xx to MAIL. */
export const mailRejected = failureRule({
  id: 'smtp.mail-rejected', defaultSeverity: 'error', message: 'diagnostic.rejected',
  matches: (reply) => isPermanent(reply) && reply.verb === verbs.MAIL,
});
