import { verbs } from '../../parse';
import { failureRule, isPermanent } from '../failures';

/** A recipient refused for good: 5xx to RCPT. */
export const rcptRejected = failureRule({
  id: 'smtp.rcpt-rejected', defaultSeverity: 'error', message: 'diagnostic.rejected',
  matches: (reply) => isPermanent(reply) && reply.verb === verbs.RCPT,
});
