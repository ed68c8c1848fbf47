import { verbs } from '../../parse';
import { failureRule, isPermanent } from '../failures';

/** Authentication refused: 5xx to AUTH (535 bad credentials, 534 too weak, 504 unknown mechanism ...). */
export const authFailed = failureRule({
  id: 'smtp.auth-failed', defaultSeverity: 'error', message: 'diagnostic.authFailed',
  matches: (reply) => isPermanent(reply) && reply.verb === verbs.AUTH,
});
