import { failureRule, isPermanent } from '../failures';

/** The server refused the connection itself: 554 or 521 instead of the 220 greeting. */
export const connectionRefused = failureRule({
  id: 'smtp.connection-refused', defaultSeverity: 'error', message: 'diagnostic.connectionRefused',
  matches: (reply) => isPermanent(reply) && reply.connection,
});
