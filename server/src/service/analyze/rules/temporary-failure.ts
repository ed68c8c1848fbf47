import { verbs } from '../../parse';
import { failureRule, isTransient } from '../failures';

/**
 * A 4xx reply to anything: not done now, may succeed later (greylisting, throttling, full disk ...).
 * QUIT's 421 is no failure: the connection closes either way.
 */
export const temporaryFailure = failureRule({
  id: 'smtp.temporary-failure', defaultSeverity: 'warning', message: 'diagnostic.deferred',
  matches: (reply) => isTransient(reply) && reply.verb !== verbs.QUIT && (reply.verb >= 0 || reply.connection),
});
