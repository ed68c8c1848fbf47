import { recipientSummaryRule } from './summary';

/**
 * A recipient that failed for a reason the bounce does not tell: neither a hard nor a soft bounce,
 * said as such so nobody suppresses (or keeps) the address on a guess.
 */
export const undeterminedBounce = recipientSummaryRule('smtp.undetermined-bounce', 'warning', 'diagnostic.undeterminedBounce',
  ({ recipient, classification }) => recipient.action === 'failed' && classification.bounce === 'undetermined');
