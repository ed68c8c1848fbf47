import { deliveryRule } from './deliveries';

/**
 * A recipient still waits in the queue at the end of the log: its last attempt was deferred. One
 * finding per message with the number of attempts, not one per retry line; a delivery that got
 * through after deferrals is no finding (the message's hover tells its story).
 */
export const deliveryDeferred = deliveryRule({
  id: 'smtp.delivery-deferred',
  defaultSeverity: 'warning',
  status: 'deferred',
  message: 'diagnostic.log.deferred',
});
