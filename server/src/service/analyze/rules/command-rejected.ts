import { failureRule, isPermanent } from '../failures';

const OWN_RULES = new Set(['RCPT', 'MAIL', 'DATA', 'BDAT', 'BURL', 'AUTH']);

/** Any other command refused for good: EHLO, STARTTLS, VRFY, ETRN ... */
export const commandRejected = failureRule({
  id: 'smtp.command-rejected', defaultSeverity: 'error', message: 'diagnostic.rejected',
  matches: (reply, command) => isPermanent(reply) && command !== undefined && !OWN_RULES.has(command.verb),
});
