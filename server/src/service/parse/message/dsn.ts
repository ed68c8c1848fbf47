import { codesOnLine } from './codes';
import type { CodeMention, DeliveryStatusReport, DsnField, DsnGroup } from './model';
import type { TextView } from './text-view';

/** A DSN field line: "Name: value". Names are letters, digits and hyphens (RFC 3464 §2.1). */
const FIELD = /^([A-Za-z][A-Za-z0-9-]{0,60})[ \t]*:[ \t]*/;

/** Fields of the per-message group (RFC 3464 §2.2), and the X- fields MTAs add there. */
const PER_MESSAGE = new Set([
  'reporting-mta', 'dsn-gateway', 'received-from-mta', 'arrival-date', 'original-envelope-id',
  'x-postfix-queue-id', 'x-postfix-sender', 'x-original-message-id', 'x-sendmail-queue-id',
]);
/** Every field a recipient group may hold: a field outside both lists is taken as the recipient's. */
export const RECIPIENT_FIELDS = new Set([
  'original-recipient', 'final-recipient', 'action', 'status', 'remote-mta', 'diagnostic-code',
  'last-attempt-date', 'final-log-id', 'will-retry-until',
]);

/** Longest value kept from a folded field. */
const MAX_VALUE = 16 * 1024;

/**
 * Reads DSN fields from view lines [from, to]: groups separated by blank lines, the first for the
 * message. Real reports are often sloppy (no blank line between groups, per-message fields among the
 * recipient's, several recipients without a break), so a Final-Recipient after a complete group opens
 * the next one. Returns undefined when the lines hold no recipient.
 */
export function readDeliveryStatus(view: TextView, from: number, to: number, partId?: string): DeliveryStatusReport | undefined {
  const perMessage: DsnGroup = { fields: [], startLine: view.lineOf(from), endLine: view.lineOf(from) };
  const recipients: DsnGroup[] = [];
  let current: DsnGroup | undefined;
  let field: DsnField | undefined;
  let afterBlank = false;
  for (let i = from; i <= to && i < view.lines.length; i++) {
    const line = view.lines[i];
    if (line.trim() === '') {
      field = undefined;
      afterBlank = true;
      continue;
    }
    const first = line.charCodeAt(0);
    if ((first === 0x20 || first === 0x09) && field) {
      // A folded value: join it, and keep the codes written on the continuation too.
      if (field.value.length < MAX_VALUE) {
        field.value += ' ' + line.trim();
        field.text += ' ' + line.trim();
      }
      field.codes.push(...codesOnLine(view, i));
      field.endLine = view.lineOf(i);
      const group = current ?? perMessage;
      group.endLine = Math.max(group.endLine, field.endLine);
      continue;
    }
    const m = FIELD.exec(line);
    if (!m) {
      field = undefined;
      continue;
    }
    field = newField(view, i, m[1], m[0].length, line);
    const key = field.key;
    if (PER_MESSAGE.has(key) && (!current || (afterBlank && recipients.length === 0))) {
      perMessage.fields.push(field);
      if (perMessage.fields.length === 1) perMessage.startLine = field.startLine;
      perMessage.endLine = field.endLine;
      afterBlank = false;
      continue;
    }
    // A new group starts after a blank line, and without one (sloppy reports that run recipients
    // together) when a recipient field comes a second time.
    const opens = !current
      || (afterBlank && current.fields.length > 0)
      || (RECIPIENT_FIELDS.has(key) && current.fields.some((f) => f.key === key));
    if (opens) {
      current = { fields: [], startLine: field.startLine, endLine: field.endLine };
      recipients.push(current);
    }
    current!.fields.push(field);
    current!.endLine = field.endLine;
    afterBlank = false;
  }
  const real = recipients.filter((g) => g.fields.some((f) => RECIPIENT_FIELDS.has(f.key)));
  if (real.length === 0) return undefined;
  return {
    partId,
    perMessage,
    recipients: real,
    startLine: Math.min(perMessage.fields.length > 0 ? perMessage.startLine : Infinity, real[0].startLine),
    endLine: real[real.length - 1].endLine,
  };
}

function newField(view: TextView, index: number, name: string, valueStart: number, line: string): DsnField {
  const value = line.slice(valueStart, valueStart + MAX_VALUE).trimEnd();
  const semicolon = value.indexOf(';');
  // "rfc822; bob@x", "smtp; 550 ...": a type is one atom before the semicolon.
  const typed = semicolon > 0 && /^[A-Za-z][\w.-]{0,30}$/.test(value.slice(0, semicolon).trim());
  let textStart = typed ? semicolon + 1 : 0;
  while (value[textStart] === ' ' || value[textStart] === '\t') textStart++;
  const codes: CodeMention[] = codesOnLine(view, index, valueStart + textStart);
  const lineNo = view.lineOf(index);
  return {
    name,
    key: name.toLowerCase(),
    nameSpan: view.span(index, 0, name.length),
    value,
    valueSpan: view.span(index, valueStart, valueStart + value.length),
    type: typed ? value.slice(0, semicolon).trim().toLowerCase() : undefined,
    text: value.slice(textStart),
    textSpan: view.span(index, valueStart + textStart, valueStart + value.length),
    codes,
    startLine: lineNo,
    endLine: lineNo,
  };
}

/** The first field of a group with this (lower-case) name. */
export function dsnField(group: DsnGroup, key: string): DsnField | undefined {
  return group.fields.find((f) => f.key === key);
}
