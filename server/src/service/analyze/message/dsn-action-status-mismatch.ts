import type { MessageModel } from '../../parse/message/model';
import type { Finding, Rule } from '../finding';
import { actionWord, dsnField, reportGroups, statusCode } from './dsn-groups';

/** The status class each action goes with (RFC 3464 §2.3.3 and §2.3.4, RFC 3463 §3.1). */
const CLASS_OF_ACTION: Record<string, string> = { failed: '5', delayed: '4', delivered: '2', relayed: '2', expanded: '2' };

/** A DSN that contradicts itself: "Action: failed" with a 2.x.x or 4.x.x Status, "delivered" with 5.x.x ... */
export const dsnActionStatusMismatch: Rule<MessageModel> = {
  id: 'smtp.dsn-action-status-mismatch',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const { group } of reportGroups(model)) {
      const action = dsnField(group, 'action');
      const status = dsnField(group, 'status');
      if (!action || !status) continue;
      const word = actionWord(action);
      const code = statusCode(status);
      const expected = CLASS_OF_ACTION[word];
      if (!expected || !code || code[0] === expected) continue;
      findings.push({
        id: this.id, severity: this.defaultSeverity, span: status.textSpan,
        message: catalog.message('diagnostic.dsnActionStatus', language, word, code, expected),
        data: { action: word, status: code, expectedClass: expected },
        related: [{ span: action.textSpan, message: `Action: ${word}` }],
      });
    }
    return findings;
  },
};
