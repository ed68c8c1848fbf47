import { deliveryRule } from './deliveries';

/** A recipient's delivery failed for good (Postfix status=bounced, Exim **, Sendmail stat=<failure>, Exchange FAIL). */
export const deliveryBounced = deliveryRule({
  id: 'smtp.delivery-bounced',
  defaultSeverity: 'error',
  status: 'bounced',
  message: 'diagnostic.log.bounced',
});
