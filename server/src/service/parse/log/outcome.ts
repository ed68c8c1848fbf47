import type { DeliveryStatus, LogEvent, LogMessage, LogRecipient } from './model';
import { secondsBetween } from './time';

/** Where a message ended up, as far as the log shows: a delivery status, refused, or still waiting for news. */
export type MessageOutcome = DeliveryStatus | 'rejected' | 'received';

/** Worst first: what an operator needs to see before the rest. */
const RANK: Record<DeliveryStatus, number> = { bounced: 0, expired: 1, deferred: 2, discarded: 3, sent: 4 };

/**
 * The message's outcome: the worst final status among its recipients (one bounce makes the message
 * a bounced one), "rejected" when a refusal is all it got, "received" when no delivery is logged.
 */
export function messageOutcome(message: LogMessage): MessageOutcome {
  let worst: DeliveryStatus | undefined;
  for (const recipient of message.recipients) {
    const status = recipient.status;
    if (status !== undefined && (worst === undefined || RANK[status] < RANK[worst])) worst = status;
  }
  if (worst) return worst;
  if (message.events.some((e) => e.kind === 'expired')) return 'expired';
  if (message.events.some((e) => e.kind === 'rejected')) return 'rejected';
  return 'received';
}

/**
 * Seconds from arrival to the last news: the largest delay= a line gives (Postfix, Sendmail count
 * from arrival), else the time between the message's first and last lines.
 */
export function messageDelay(message: LogMessage): number | undefined {
  let delay: number | undefined;
  for (const event of message.events) {
    if (event.delay !== undefined && (delay === undefined || event.delay > delay)) delay = event.delay;
  }
  return delay ?? secondsBetween(message.start, message.end);
}

/** The last delivery event of a recipient. */
export function lastDelivery(recipient: LogRecipient): LogEvent | undefined {
  return recipient.deliveries[recipient.deliveries.length - 1];
}

/**
 * The delivery that says why a recipient fared as it did: its last attempt with a reply or a reason
 * of its own (an expiry line says only that time ran out, so the deferral before it explains).
 */
export function explainingDelivery(recipient: LogRecipient): LogEvent | undefined {
  for (let i = recipient.deliveries.length - 1; i >= 0; i--) {
    const event = recipient.deliveries[i];
    if (event.code || event.enhanced || event.dsn || (event.text && event.status !== 'expired')) return event;
  }
  return lastDelivery(recipient);
}
