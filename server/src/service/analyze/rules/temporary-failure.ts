import { failureRule, isTransient } from '../failures';

/** A 4xx reply to anything: not done now, may succeed later (greylisting, throttling, full disk ...). */
export const temporaryFailure = failureRule({
  id: 'smtp.temporary-failure', defaultSeverity: 'warning', message: 'diagnostic.deferred',
  matches: (reply, command) => isTransient(reply) && (command !== undefined || reply.answers === 'connection'),
});
