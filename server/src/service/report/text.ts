import type { Catalog, Language } from '../catalog';
import { formatDuration } from '../parse/log/time';
import type { AddressRow, LogReport, ProgramMessage, ReasonRow, TrafficRow } from './model';
import { problemSections, reportPeriod, TOTAL_ORDER, TRAFFIC_KEYS } from './sections';

/** Columns a text takes in a terminal: CJK characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}

function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** An aligned table: the first column left, the others right. */
function table(heads: string[], rows: string[][]): string[] {
  const widths = heads.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]))));
  const line = (cells: string[]): string => `  ${cells.map((c, i) => (i === 0 ? padEnd(c, widths[i]) : padStart(c, widths[i]))).join('  ')}`.trimEnd();
  return [line(heads), ...rows.map(line)];
}

/** The report as the CLI prints it: problems first, then the totals, traffic and top lists. */
export function reportText(report: LogReport, catalog: Catalog, lang: Language): string[] {
  const m = (key: string, ...args: Array<string | number>): string => catalog.message(key, lang, ...args);
  const out: string[] = [];
  const name = report.sources.map((s) => s.name).join(', ') || '-';
  out.push(m('report.title', name));
  out.push(reportPeriod(report, m));
  out.push('');
  const section = (title: string): void => {
    out.push(title);
    out.push('-'.repeat(Math.min(80, displayWidth(title))));
  };

  section(m('report.problems'));
  const p = report.problems;
  const programs = (title: string, rows: ProgramMessage[]): void => {
    if (rows.length === 0) return;
    out.push(`${title}:`);
    for (const r of rows) out.push(`  ${String(r.count).padStart(6)}  ${r.program}: ${r.text}`);
  };
  const reasons = (title: string, rows: ReasonRow[]): void => {
    if (rows.length === 0) return;
    out.push(`${title}:`);
    for (const r of rows.slice(0, 30)) {
      out.push(`  ${String(r.count).padStart(6)}  ${r.meaning}${r.reason ? ` — ${r.reason}` : ''}`);
      const domains = r.domains.slice(0, 5).map((d) => `${d.domain} ${d.count}`).join(', ');
      if (domains) out.push(`          ${domains}${r.domains.length > 5 ? ', …' : ''}`);
    }
    if (rows.length > 30) out.push(`  ${m('log.hover.more', rows.length - 30)}`);
  };
  const before = out.length;
  for (const s of problemSections(p)) {
    if (s.kind === 'errors') programs(m(s.title), s.rows);
    else if (s.kind === 'warnings') programs(m(s.title), s.rows.slice(0, 30));
    else if (s.kind === 'reasons') reasons(m(s.title), s.rows);
    else if (s.rows.length > 0) {
      out.push(`${m(s.title)}:`);
      for (const r of s.rows.slice(0, 30)) out.push(`  ${String(r.count).padStart(6)}  ${r.client}`);
    }
  }
  if (out.length === before) out.push(`  ${m('report.noProblems')}`);
  out.push('');

  section(m('report.totals'));
  const t = report.totals;
  for (const key of TOTAL_ORDER) {
    let line = `  ${String(t[key]).padStart(12)}  ${m(`report.total.${key}`)}`;
    if (key === 'deferred' && t.deferrals > 0) line += ` (${t.deferrals} ${m('report.total.deferrals')})`;
    out.push(line);
  }
  out.push('');

  const traffic = (title: string, head: string, rows: TrafficRow[]): void => {
    if (rows.every((r) => r.received + r.delivered + r.deferred + r.bounced + r.rejected === 0)) return;
    section(title);
    out.push(...table([head, ...TRAFFIC_KEYS.map((k) => m(`report.total.${k}`))], rows.map((r) => [r.period, ...TRAFFIC_KEYS.map((k) => String(r[k]))])));
    out.push('');
  };
  if (report.perDay.length > 1) traffic(m('report.perDay'), m('report.period.day'), report.perDay);
  traffic(m('report.perHour'), m('report.period.hour'), report.perHour);

  const addresses = (title: string, rows: AddressRow[]): void => {
    if (rows.length === 0) return;
    section(title);
    out.push(...table(['', m('report.count'), m('report.bytes')], rows.map((r) => [r.address, String(r.count), String(r.bytes)])));
    out.push('');
  };
  addresses(m('report.recipientDomains'), report.recipientDomains);
  addresses(m('report.sendingDomains'), report.sendingDomains);
  addresses(m('report.sendersByCount'), report.senders.byCount);
  addresses(m('report.recipientsByCount'), report.recipients.byCount);
  addresses(m('report.sendersBySize'), report.senders.bySize);
  addresses(m('report.recipientsBySize'), report.recipients.bySize);

  const c = report.connections;
  if (c.connections > 0) {
    out.push(m('report.connections', c.connections, c.hostsDomains, formatDuration(c.totalSeconds) || '0 s', formatDuration(c.averageSeconds) || '0 s', formatDuration(c.longestSeconds) || '0 s'));
    out.push(...table([m('report.connectionsByHost'), m('report.count'), ''], c.byHost.map((h) => [h.host, String(h.connections), formatDuration(h.totalSeconds) || '0 s'])));
    out.push('');
  }
  if (report.slowestDeliveries.length > 0) {
    section(m('report.slowest'));
    out.push(...table(['', '', '', 'delay', 'a/b/c/d'], report.slowestDeliveries.map((s) => [
      s.queueId, s.recipient, s.status, String(s.delay),
      s.delays ? `${s.delays.beforeQueueManager}/${s.delays.inQueueManager}/${s.delays.connection}/${s.delays.transmission}` : '',
    ])));
  }
  while (out[out.length - 1] === '') out.pop();
  return out;
}
