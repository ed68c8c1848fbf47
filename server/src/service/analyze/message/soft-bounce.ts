import { recipientSummaryRule } from './summary';

/** A recipient that failed for a reason that may pass: mailbox full, blocked, spam, expired ... */
export const softBounce = recipientSummaryRule('smtp.soft-bounce', 'warning', 'diagnostic.softBounce',
  ({ recipient, classification }) => recipient.action === 'failed' && classification.bounce === 'soft');
