import type { DeliveryStatusReport, DsnField, DsnGroup, MessageModel } from '../../parse/message/model';
import { dsnField } from '../../parse/message/dsn';

/** A recipient group of a real delivery-status part (not DSN-like lines in prose), with the report it is in. */
export interface ReportGroup {
  report: DeliveryStatusReport;
  group: DsnGroup;
}

/** Every recipient group of every message/delivery-status part of the document. */
export function reportGroups(model: MessageModel): ReportGroup[] {
  const out: ReportGroup[] = [];
  for (const mail of model.messages) {
    for (const report of mail.reports) {
      if (report.partId === undefined) continue;
      for (const group of report.recipients) out.push({ report, group });
    }
  }
  return out;
}

/** A Status value as a code: "5.1.1", with a trailing comment "(permanent failure)" allowed; undefined when malformed. */
export function statusCode(field: DsnField): string | undefined {
  return /^([245]\.\d{1,3}\.\d{1,3})(?:\s*\(.*\))?\s*$/.exec(field.text.trim())?.[1];
}

/** An Action value as a word, comments and case set aside. */
export function actionWord(field: DsnField): string {
  return field.text.trim().toLowerCase().split(/[\s(;]/)[0];
}

export const ACTIONS = new Set(['failed', 'delayed', 'delivered', 'relayed', 'expanded']);

export { dsnField };
