import { recipientSummaryRule } from './summary';

/** A delay notice: not delivered yet, and the MTA keeps trying (RFC 3464 Action: delayed). */
export const deliveryDelayed = recipientSummaryRule('smtp.delivery-delayed', 'information', 'diagnostic.delayed',
  ({ recipient }) => recipient.action === 'delayed');
