import { deliveryRule } from './deliveries';

/**
 * The message waited in the queue past its lifetime and went back to the sender (Postfix
 * status=expired, Exim "retry timeout exceeded", Sendmail "Cannot send message for ...", X.4.7).
 */
export const deliveryExpired = deliveryRule({
  id: 'smtp.delivery-expired',
  defaultSeverity: 'error',
  status: 'expired',
  message: 'diagnostic.log.expired',
});
