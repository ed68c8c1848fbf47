import type { Catalog, Language } from '../../catalog';
import { classifyMessage, type ClassifiedRecipient } from '../../bounce/classify';
import type { MailMessage, MessageModel } from '../../parse/message/model';
import type { Span } from '../../parse';
import type { Finding, Rule, RuleContext, Severity } from '../finding';

/** "RCPT TO", "MAIL FROM", "the connection": how a summary names the command a recipient failed at. */
export function commandLabel(command: string | undefined, catalog: Catalog, lang: Language): string | undefined {
  if (!command) return undefined;
  if (command === 'RCPT') return 'RCPT TO';
  if (command === 'MAIL') return 'MAIL FROM';
  if (command === 'CONNECT') return catalog.message('diagnostic.connection', lang);
  return command;
}

/** "550 5.1.1, RCPT TO at mx.example.org": what the bounce tells about where the recipient failed. */
export function failureDetails(item: ClassifiedRecipient, catalog: Catalog, lang: Language): string {
  const { recipient } = item;
  const codes = [recipient.replyCode, recipient.status].filter(Boolean).join(' ');
  const command = commandLabel(recipient.command, catalog, lang);
  const where = command && recipient.remoteMta ? catalog.message('bounce.commandAt', lang, command, recipient.remoteMta) : command ?? recipient.remoteMta;
  return [codes, where].filter(Boolean).join(', ');
}

/** The reason's name as it reads inside a sentence: "user unknown" (a name such as "STARTTLS failed" keeps its case). */
export function reasonPhrase(item: ClassifiedRecipient, catalog: Catalog, lang: Language): string {
  const name = catalog.text(item.classification.reason.name, lang);
  return /^[A-Z][a-z]/.test(name) ? name[0].toLowerCase() + name.slice(1) : name;
}

/** Where a message's summaries stand: its first header field, the top of the bounce. */
export function topOf(message: MailMessage): Span {
  return message.root.headers[0]?.nameSpan ?? { line: message.startLine, start: 0, end: 0 };
}

/**
 * A rule that puts, at the top of each bounce, one finding per recipient that `pick` chooses:
 * "Hard bounce: bob@example.org — user unknown (550 5.1.1, RCPT TO at mx.example.org)".
 */
export function recipientSummaryRule(id: string, defaultSeverity: Severity, message: string, pick: (item: ClassifiedRecipient) => boolean): Rule<MessageModel> {
  return {
    id,
    defaultSeverity,
    check(model: MessageModel, { catalog, language }: RuleContext): Finding[] {
      const findings: Finding[] = [];
      for (const mail of model.messages) {
        for (const item of classifyMessage(mail, catalog)) {
          if (!pick(item)) continue;
          const { recipient, classification } = item;
          const details = failureDetails(item, catalog, language);
          const address = recipient.address || catalog.message('bounce.noRecipient', language);
          const finding: Finding = {
            id, severity: defaultSeverity, span: topOf(mail),
            message: details
              ? catalog.message(message, language, address, reasonPhrase(item, catalog, language), details)
              : catalog.message(`${message}Bare`, language, address, reasonPhrase(item, catalog, language)),
            data: {
              recipient: recipient.address, reason: classification.reason.id, bounce: classification.bounce, action: recipient.action,
              status: recipient.status, replyCode: recipient.replyCode, command: recipient.command, remoteMta: recipient.remoteMta,
              line: recipient.addressSpan?.line ?? recipient.startLine,
            },
          };
          const at = recipient.diagnosticSpan ?? recipient.addressSpan;
          if (at) finding.related = [{ span: at, message: shorten(recipient.diagnostic || recipient.address) }];
          findings.push(finding);
        }
      }
      return findings;
    },
  };
}

function shorten(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
