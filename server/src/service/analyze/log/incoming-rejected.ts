import type { Catalog, Language } from '../../catalog';
import type { LogEvent, LogModel } from '../../parse/log/model';
import type { Finding, Rule } from '../finding';
import { eventMeaning, markSpan, replyData, textNotes } from './describe';

/** The refused command as an operator names it: RCPT TO:<bob@example.org>, MAIL FROM:<a>, the connection ... */
function commandLabel(event: LogEvent, catalog: Catalog, lang: Language): string {
  switch (event.command) {
    // A refusal that names no address (Postfix writes no to= when it has none) invents none.
    case 'RCPT': return event.recipient === undefined ? 'RCPT TO' : `RCPT TO:<${event.recipient}>`;
    case 'MAIL': return event.sender === undefined ? 'MAIL FROM' : `MAIL FROM:<${event.sender}>`;
    case 'CONNECT': return catalog.message('diagnostic.connection', lang);
    case undefined: return catalog.message('log.someCommand', lang);
    default: return event.command;
  }
}

/**
 * This server refused a client (Postfix smtpd/postscreen/cleanup reject, Exim rejected RCPT/MAIL/
 * after DATA/connection and authenticator failures, Sendmail check_* rulesets): one finding per
 * refusal, naming the command, the client and the reason.
 */
export const incomingRejected: Rule<LogModel> = {
  id: 'smtp.incoming-rejected',
  defaultSeverity: 'warning',
  check(model, { catalog, language }): Finding[] {
    return model.rejections.map((event) => {
      const notes = textNotes(event, catalog, language);
      return {
        id: 'smtp.incoming-rejected',
        severity: 'warning',
        span: markSpan(event),
        message: catalog.message('diagnostic.log.rejected', language, commandLabel(event, catalog, language),
          event.peer || catalog.message('log.unknownClient', language), eventMeaning(event, catalog, language), notes.quoted + notes.listed),
        data: { recipient: event.recipient, sender: event.sender, ...replyData(event, notes) },
      };
    });
  },
};
