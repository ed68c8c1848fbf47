import { failureRule, isPermanent } from '../failures';

/** The message refused for good: 5xx to DATA (before 354 or after the final dot) or BDAT. */
export const dataRejected = failureRule({
  id: 'smtp.data-rejected', defaultSeverity: 'error', message: 'diagnostic.rejected',
  matches: (reply, command) => isPermanent(reply) && (command?.verb === 'DATA' || command?.verb === 'BDAT' || command?.verb === 'BURL'),
});
