import { verbs } from '../../parse';
import { failureRule } from '../failures';

/** 252 after VRFY or EXPN: the server would not confirm the address but will try to deliver to it. */
export const cannotVerify = failureRule({
  id: 'smtp.cannot-verify', defaultSeverity: 'information', message: 'diagnostic.cannotVerify',
  matches: (reply) => reply.code === 252 && (reply.verb === verbs.VRFY || reply.verb === verbs.EXPN),
});
