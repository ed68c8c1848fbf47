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
 * A rule that puts each recipient's problem on its evidence: the Final-Recipient line of its DSN
 * group (or the line of the notice's text that names it), with its Status, Diagnostic-Code and the
 * text's own words as related information. A recipient with no place of its own (a header's list)
 * stands at the top of the bounce. "Hard bounce: bob@example.org — user unknown (550 5.1.1, RCPT TO
 * at mx.example.org)".
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
            id, severity: defaultSeverity, span: evidenceOf(item, mail),
            message: details
              ? catalog.message(message, language, address, reasonPhrase(item, catalog, language), details)
              : catalog.message(`${message}Bare`, language, address, reasonPhrase(item, catalog, language)),
            data: {
              recipient: recipient.address, reason: classification.reason.id, bounce: classification.bounce, action: recipient.action,
              status: recipient.status, replyCode: recipient.replyCode, command: recipient.command, remoteMta: recipient.remoteMta,
              line: recipient.addressSpan?.line ?? recipient.startLine,
            },
          };
          const related = relatedEvidence(item, finding.span);
          if (related.length > 0) finding.related = related;
          findings.push(finding);
        }
      }
      return findings;
    },
  };
}

/** Where a recipient's problem is shown: the line that names it (its DSN group's, else the text's), else the top. */
function evidenceOf({ recipient }: ClassifiedRecipient, mail: MailMessage): Span {
  return recipient.addressSpan ?? recipient.textAddressSpan ?? recipient.statusSpan ?? recipient.diagnosticSpan ?? topOf(mail);
}

/**
 * The rest of what the verdict rests on, each where it stands and in the bounce's own words: the
 * Status, the reply code, the diagnostic and the text line naming the recipient beside its DSN group.
 */
function relatedEvidence({ recipient }: ClassifiedRecipient, at: Span): Array<{ span: Span; message: string }> {
  const out: Array<{ span: Span; message: string }> = [];
  const add = (span: Span | undefined, message: string): void => {
    if (!span || !message || (span.line === at.line && span.start === at.start) || out.some((o) => o.span.line === span.line && o.span.start === span.start)) return;
    out.push({ span, message: shorten(message) });
  };
  const onDiagnostic = (span: Span | undefined): boolean => span !== undefined && recipient.diagnosticSpan !== undefined && span.line === recipient.diagnosticSpan.line;
  const dsnStatus = recipient.dsn?.fields.find((f) => f.key === 'status');
  if (dsnStatus) add(dsnStatus.textSpan, `Status: ${dsnStatus.text}`);
  if (!onDiagnostic(recipient.statusSpan)) add(recipient.statusSpan, recipient.status ?? '');
  add(recipient.diagnosticSpan, recipient.diagnosticType ? `Diagnostic-Code: ${recipient.diagnosticType}; ${recipient.diagnostic}` : recipient.diagnostic);
  if (!onDiagnostic(recipient.replyCodeSpan)) add(recipient.replyCodeSpan, recipient.replyCode ?? '');
  add(recipient.textAddressSpan, recipient.address);
  return out;
}

function shorten(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
