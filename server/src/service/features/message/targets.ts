import type { Catalog } from '../../catalog';
import { classifyMessage, type ClassifiedRecipient } from '../../bounce/classify';
import { lineEntry, type Span } from '../../parse';
import { memoOn } from '../../parse/memo';
import type { CodeMention, DsnField, MailMessage, MessageModel } from '../../parse/message/model';

/** Something a hover can explain, where it stands. */
export type Target =
  | { kind: 'field'; span: Span; field: DsnField }
  | { kind: 'action'; span: Span; field: DsnField }
  | { kind: 'code'; span: Span; mention: CodeMention; recipient?: ClassifiedRecipient }
  | { kind: 'recipient'; span: Span; recipient: ClassifiedRecipient }
  | { kind: 'feedback'; span: Span; message: MailMessage };

const TARGETS = Symbol('hover targets by line');

/** The hover targets on a line, from an index built once per model (the service's one catalog). */
export function targetsOn(model: MessageModel, catalog: Catalog, line: number): readonly Target[] {
  return memoOn(model, TARGETS, () => buildIndex(model, catalog)).get(line) ?? [];
}

function buildIndex(model: MessageModel, catalog: Catalog): Map<number, Target[]> {
  const index = new Map<number, Target[]>();
  const add = (target: Target): void => {
    const list = index.get(target.span.line);
    if (list) list.push(target);
    else index.set(target.span.line, [target]);
  };
  for (const message of model.messages) {
    const classified = classifyMessage(message, catalog);
    const byGroup = new Map(classified.filter((c) => c.recipient.dsn).map((c) => [c.recipient.dsn!, c]));
    for (const report of message.reports) {
      for (const group of [report.perMessage, ...report.recipients]) {
        const recipient = byGroup.get(group);
        for (const field of group.fields) {
          add({ kind: 'field', span: field.nameSpan, field });
          if (field.key === 'action') add({ kind: 'action', span: field.textSpan, field });
          for (const mention of field.codes) add({ kind: 'code', span: mention.span, mention, recipient });
          if (recipient && (field.key === 'final-recipient' || field.key === 'original-recipient')) add({ kind: 'recipient', span: field.textSpan, recipient });
        }
      }
    }
    for (const recipient of classified) {
      if (recipient.recipient.addressSpan && !recipient.recipient.dsn) add({ kind: 'recipient', span: recipient.recipient.addressSpan, recipient });
      if (recipient.recipient.textAddressSpan) add({ kind: 'recipient', span: recipient.recipient.textAddressSpan, recipient });
    }
    for (const mention of message.mentions) {
      // Quoted dialogue is the transcript hover's: it knows which command each reply answers.
      if (lineEntry(model.transcript, mention.span.line)) continue;
      // The recipient the code is about: the one read from it, else the only one with that code.
      const same = classified.filter((c) => c.recipient.replyCode === mention.code || c.recipient.status === mention.code);
      const owner = classified.find((c) => sameSpan(c.recipient.replyCodeSpan, mention.span) || sameSpan(c.recipient.statusSpan, mention.span))
        ?? (same.length === 1 ? same[0] : undefined);
      add({ kind: 'code', span: mention.span, mention, recipient: owner });
    }
    if (message.bounce?.feedback) add({ kind: 'feedback', span: message.bounce.feedback.span, message });
  }
  return index;
}

function sameSpan(a: Span | undefined, b: Span): boolean {
  return a !== undefined && a.line === b.line && a.start === b.start;
}
