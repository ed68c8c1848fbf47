import type { Catalog, Language } from '../catalog';
import type { ReportTree, ReportTreeNode } from '../../../../protocol';
import type { AddressRow, LogReport } from './model';
import { problemSections, reportPeriod, TOTAL_ORDER } from './sections';

/** Rows shown per section of the tree (the report keeps more for the page and the JSON). */
const ROWS = 50;

/**
 * The report as the editor's tree view shows it: the problem sections first (each with its rows,
 * every row carrying the log lines it opens), then the grand totals, the busiest domains and the
 * slowest deliveries. Labels are in `lang`; the client only draws the nodes.
 */
export function reportTree(report: LogReport, catalog: Catalog, lang: Language): ReportTree {
  const m = (key: string, ...args: Array<string | number>): string => catalog.message(key, lang, ...args);
  const nodes: ReportTreeNode[] = [];
  for (const section of problemSections(report.problems)) {
    if (section.rows.length === 0) continue;
    const severity = section.kind === 'warnings' ? 'warning' : section.kind === 'reasons' && section.title === 'report.deferrals' ? 'warning' : 'error';
    let rows: ReportTreeNode[];
    if (section.kind === 'reasons') {
      rows = section.rows.map((r) => ({
        label: r.reason || r.meaning, description: `${r.count} · ${r.meaning}`,
        tooltip: [r.meaning, r.reason, r.domains.slice(0, 5).map((d) => `${d.domain} ${d.count}`).join(', ')].filter(Boolean).join('\n'),
        lines: r.lines, severity,
      }));
    } else if (section.kind === 'sasl') {
      rows = section.rows.map((r) => ({ label: r.client, description: String(r.count), lines: r.lines, severity }));
    } else {
      rows = section.rows.map((r) => ({ label: r.text, description: `${r.count} · ${r.program}`, tooltip: `${r.program}: ${r.text}`, lines: r.lines, severity }));
    }
    const count = section.rows.reduce((n, r) => n + r.count, 0);
    nodes.push({ label: m(section.title), description: String(count), severity, expanded: true, children: rows.slice(0, ROWS) });
  }
  if (nodes.length === 0) nodes.push({ label: m('report.noProblems'), severity: 'info' });
  nodes.push({
    label: m('report.totals'),
    children: TOTAL_ORDER.map((key) => ({ label: m(`report.total.${key}`), description: String(report.totals[key]) })),
  });
  const addresses = (title: string, rows: readonly AddressRow[]): void => {
    if (rows.length > 0) nodes.push({ label: m(title), children: rows.map((r) => ({ label: r.address, description: `${r.count} · ${r.bytes} ${m('report.bytes')}` })) });
  };
  addresses('report.recipientDomains', report.recipientDomains);
  addresses('report.sendingDomains', report.sendingDomains);
  if (report.slowestDeliveries.length > 0) {
    nodes.push({
      label: m('report.slowest'),
      children: report.slowestDeliveries.map((s) => ({
        label: `${s.queueId} ${s.recipient}`,
        description: `${s.delay} s · ${s.status}${s.delays ? ` · ${s.delays.beforeQueueManager}/${s.delays.inQueueManager}/${s.delays.connection}/${s.delays.transmission}` : ''}`,
        lines: [s.line],
      })),
    });
  }
  const name = report.sources.map((s) => s.name).join(', ') || '-';
  return { title: m('report.title', name), period: reportPeriod(report, m), nodes };
}
