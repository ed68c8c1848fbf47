import type { Catalog, Language } from '../catalog';
import { ReportBuilder } from './builder';
import type { LogReport } from './model';

export type * from './model';
export { reportText } from './text';
export { messageRecords, type MessageRecord, type RecipientRecord } from './records';
export { delaySplit } from './builder';

/**
 * A report read from pieces of text: `startSource` for each input (oldest first), `push` its text
 * in pieces of any size, then `finish`. Memory holds the messages in flight and the report's tallies.
 */
export class ReportReader extends ReportBuilder {}

/** The report of a whole text (a document, a test). */
export function logReport(text: string, catalog: Catalog, lang: Language, name = ''): LogReport {
  const reader = new ReportReader(catalog, lang);
  reader.startSource(name);
  reader.push(text);
  return reader.finish();
}
