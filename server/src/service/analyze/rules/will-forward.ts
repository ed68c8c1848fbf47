import { verbs } from '../../parse';
import { failureRule } from '../failures';

/** 251 after RCPT: accepted, but the server relays to another address it names. */
export const willForward = failureRule({
  id: 'smtp.will-forward', defaultSeverity: 'information', message: 'diagnostic.willForward',
  matches: (reply) => reply.code === 251 && reply.verb === verbs.RCPT && !reply.implied,
});
