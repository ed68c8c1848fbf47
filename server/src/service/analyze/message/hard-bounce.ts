import { recipientSummaryRule } from './summary';

/** A recipient whose address will not work: user unknown, host unknown, moved, domain accepts no mail. */
export const hardBounce = recipientSummaryRule('smtp.hard-bounce', 'error', 'diagnostic.hardBounce',
  ({ recipient, classification }) => recipient.action === 'failed' && classification.bounce === 'hard');
