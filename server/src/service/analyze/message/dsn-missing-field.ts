import type { MessageModel } from '../../parse/message/model';
import type { Finding, Rule } from '../finding';
import { dsnField } from './dsn-groups';

/** RFC 3464 §2.2 and §2.3: the fields every report, and every recipient group, must have. */
const REQUIRED_PER_MESSAGE = ['Reporting-MTA'];
const REQUIRED_PER_RECIPIENT = ['Final-Recipient', 'Action', 'Status'];

/** A delivery-status part without a field RFC 3464 requires. */
export const dsnMissingField: Rule<MessageModel> = {
  id: 'smtp.dsn-missing-field',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const mail of model.messages) {
      for (const report of mail.reports) {
        if (report.partId === undefined) continue;
        const groups = [{ group: report.perMessage, required: REQUIRED_PER_MESSAGE, where: 'dsn.perMessage' }, ...report.recipients.map((group) => ({ group, required: REQUIRED_PER_RECIPIENT, where: 'dsn.perRecipient' }))];
        for (const { group, required, where } of groups) {
          const anchor = group.fields[0]?.nameSpan ?? report.recipients[0]?.fields[0]?.nameSpan;
          if (!anchor) continue;
          for (const name of required) {
            if (dsnField(group, name.toLowerCase())) continue;
            findings.push({
              id: this.id, severity: this.defaultSeverity, span: anchor,
              message: catalog.message('diagnostic.dsnMissingField', language, name, catalog.message(where, language)),
              data: { field: name, group: where === 'dsn.perMessage' ? 'message' : 'recipient' },
            });
          }
        }
      }
    }
    return findings;
  },
};
