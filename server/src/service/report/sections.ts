import type { LogReport, ProgramMessage, ReasonRow, ReportProblems, ReportTotals } from './model';

/** The totals in the order pflogsumm prints them, then ours. */
export const TOTAL_ORDER: ReadonlyArray<keyof ReportTotals> = [
  'received', 'delivered', 'forwarded', 'deferred', 'bounced', 'rejected', 'rejectWarnings', 'held', 'discarded', 'expired',
  'bytesReceived', 'bytesDelivered', 'senders', 'sendingHostsDomains', 'recipients', 'recipientHostsDomains',
];

/**
 * The line under a report's title: its lines, the first and last times, the formats read. A log whose
 * lines carry no time (an excerpt with the syslog prefixes cut) says its lines and formats alone,
 * rather than "? to ?".
 */
export function reportPeriod(report: LogReport, message: (key: string, ...args: Array<string | number>) => string): string {
  const formats = report.formats.join(', ') || '?';
  if (report.first === undefined || report.last === undefined) return message('report.periodUndated', report.lines, formats);
  return message('report.period', report.lines, report.first, report.last, formats);
}

/** The columns of the per-day and per-hour traffic tables. */
export const TRAFFIC_KEYS = ['received', 'delivered', 'deferred', 'bounced', 'rejected'] as const;

/**
 * One section of a report's problems, titled by a message key. Warnings are programs' messages like
 * panics and fatals, kept apart because a format may shorten them where it shows every error.
 */
export type ProblemSection =
  | { kind: 'errors'; title: string; rows: ProgramMessage[] }
  | { kind: 'warnings'; title: string; rows: ProgramMessage[] }
  | { kind: 'reasons'; title: string; rows: ReasonRow[] }
  | { kind: 'sasl'; title: string; rows: ReportProblems['saslFailures'] };

/** The problem sections in the order every format shows them: what stopped the mail system first, warnings last. */
export function problemSections(p: ReportProblems): ProblemSection[] {
  return [
    { kind: 'errors', title: 'report.panics', rows: p.panics },
    { kind: 'errors', title: 'report.fatals', rows: p.fatals },
    { kind: 'reasons', title: 'report.bounces', rows: p.bounces },
    { kind: 'reasons', title: 'report.expiries', rows: p.expiries },
    { kind: 'reasons', title: 'report.deferrals', rows: p.deferrals },
    { kind: 'reasons', title: 'report.rejections', rows: p.rejections },
    { kind: 'sasl', title: 'report.sasl', rows: p.saslFailures },
    { kind: 'warnings', title: 'report.warnings', rows: p.warnings },
  ];
}
