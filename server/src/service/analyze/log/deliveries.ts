import type { DeliveryStatus, LogEvent, LogMessage, LogModel, LogRecipient } from '../../parse/log/model';
import { explainingDelivery as explaining, lastDelivery } from '../../parse/log/outcome';
import type { Finding, Rule, RuleContext, Severity } from '../finding';
import { counted, eventMeaning, markSpan, recipientList, replyData, textNotes } from './describe';

/** Which final status a delivery rule reports, and in which words. */
export interface DeliveryRuleSpec {
  id: string;
  defaultSeverity: Severity;
  status: DeliveryStatus;
  /** Message key: {0} message id, {1} recipients, {2} meaning, {3} deferrals note, {4} quoted reason and blocklist. */
  message: string;
}

/**
 * A rule over the final status of each message's recipients: one finding per message (not per
 * retry line), on the line that settled it, naming the recipients and the reply that explains it.
 */
export function deliveryRule(spec: DeliveryRuleSpec): Rule<LogModel> {
  return {
    id: spec.id,
    defaultSeverity: spec.defaultSeverity,
    check(model: LogModel, context: RuleContext): Finding[] {
      const findings: Finding[] = [];
      const table = model.messages;
      for (let i = 0; i < table.length; i++) {
        // The first pass noted the final statuses: only messages with one of this rule's are read again.
        if (!table.has(i, spec.status)) continue;
        // Its delivery and expiry lines say all the finding tells: its other lines are not read.
        const message = table.settled(i);
        const recipients = message.recipients.filter((r) => r.status === spec.status);
        const expiredWhole = spec.status === 'expired' ? message.events.find((e) => e.kind === 'expired') : undefined;
        if (recipients.length === 0 && !expiredWhole) continue;
        findings.push(deliveryFinding(spec, message, recipients, expiredWhole, context));
      }
      return findings;
    },
  };
}

function deliveryFinding(spec: DeliveryRuleSpec, message: LogMessage, recipients: LogRecipient[], expiredWhole: LogEvent | undefined, context: RuleContext): Finding {
  const { catalog, language } = context;
  const first = recipients[0];
  // The line that settled it: the message's expiry, else the first such recipient's last attempt.
  const anchor = expiredWhole ?? (first ? lastDelivery(first) : undefined) ?? message.events[0];
  const reason = (first ? explaining(first) : undefined) ?? anchor;
  const deferrals = recipients.reduce((most, r) => Math.max(most, r.deferrals), 0);
  const retries = deferrals > 0 ? counted(catalog, language, 'log.retries', deferrals) : '';
  // The message names the recipients that failed for the same reason as the first; the others are counted.
  const meaning = eventMeaning(reason, catalog, language);
  const alike = recipients.filter((r, i) => i === 0 || eventMeaning(explaining(r) ?? reason, catalog, language) === meaning);
  const others = recipients.length - alike.length;
  const othersNote = others > 0 ? counted(catalog, language, 'log.otherReasons', others) : '';
  const notes = textNotes(reason, catalog, language);
  const finding: Finding = {
    id: spec.id,
    severity: spec.defaultSeverity,
    span: anchor ? markSpan(anchor) : { line: message.lines[0], start: message.columns[0], end: message.columns[0] + message.id.length },
    message: catalog.message(spec.message, language, message.id, recipientList(alike.map((r) => r.address), catalog, language),
      meaning, retries, notes.quoted + notes.listed + othersNote),
    data: {
      queueId: message.id,
      status: spec.status,
      recipients: recipients.map((r) => r.address),
      deferrals,
      ...replyData(reason, notes),
    },
  };
  const related = recipients.slice(1).flatMap((r) => {
    const event = lastDelivery(r);
    return event ? [{ span: markSpan(event), message: `${r.address}: ${eventMeaning(explaining(r) ?? event, catalog, language)}` }] : [];
  });
  if (reason !== anchor) related.unshift({ span: markSpan(reason), message: eventMeaning(reason, catalog, language) });
  if (related.length > 0) finding.related = related;
  return finding;
}
