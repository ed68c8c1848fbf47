import type { MessageModel } from '../../parse/message/model';
import type { Finding, Rule } from '../finding';
import { ACTIONS, actionWord, dsnField, reportGroups, statusCode } from './dsn-groups';

/** An Action that is none of the five RFC 3464 names, or a Status that is no enhanced status code. */
export const dsnInvalidField: Rule<MessageModel> = {
  id: 'smtp.dsn-invalid-field',
  defaultSeverity: 'warning',
  check(model, { catalog, language }) {
    const findings: Finding[] = [];
    for (const { group } of reportGroups(model)) {
      const action = dsnField(group, 'action');
      if (action && !ACTIONS.has(actionWord(action))) {
        findings.push({
          id: this.id, severity: this.defaultSeverity, span: action.textSpan,
          message: catalog.message('diagnostic.dsnInvalidField', language, action.name, action.text, catalog.message('dsn.validActions', language)),
          data: { field: 'Action', value: action.text },
        });
      }
      const status = dsnField(group, 'status');
      if (status && !statusCode(status)) {
        findings.push({
          id: this.id, severity: this.defaultSeverity, span: status.textSpan,
          message: catalog.message('diagnostic.dsnInvalidField', language, status.name, status.text, catalog.message('dsn.validStatus', language)),
          data: { field: 'Status', value: status.text },
        });
      }
    }
    return findings;
  },
};
