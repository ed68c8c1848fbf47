import { verbs } from '../../parse';
import { failureRule, isPermanent } from '../failures';

/** The message refused for good: 5xx to DATA (before 354 or after the final dot) or BDAT. */
export const dataRejected = failureRule({
  id: 'smtp.data-rejected', defaultSeverity: 'error', message: 'diagnostic.rejected',
  matches: (reply) => isPermanent(reply) && (reply.verb === verbs.DATA || reply.verb === verbs.BDAT || reply.verb === verbs.BURL),
});
