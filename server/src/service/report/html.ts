import type { Catalog, Language } from '../catalog';
import type { AddressRow, LogReport, ProgramMessage, ReasonRow, TrafficRow } from './model';
import { problemSections, reportPeriod, TOTAL_ORDER, TRAFFIC_KEYS } from './sections';

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function table(heads: string[], rows: string[][]): string {
  if (rows.length === 0) return '';
  return `<table><thead><tr>${heads.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${
    rows.map((r) => `<tr>${r.map((c, i) => `<td${i > 0 && /^[\d.]+$/.test(c) ? ' class="n"' : ''}>${escape(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** The report as one self-contained HTML page (no script, no outside resource), problems first. */
export function reportHtml(report: LogReport, catalog: Catalog, lang: Language): string {
  const m = (key: string, ...args: Array<string | number>): string => catalog.message(key, lang, ...args);
  const parts: string[] = [];
  const name = report.sources.map((s) => s.name).join(', ') || '-';
  parts.push(`<h1>${escape(m('report.title', name))}</h1><p>${escape(reportPeriod(report, m))}</p>`);
  parts.push(`<h2>${escape(m('report.problems'))}</h2>`);
  const programs = (title: string, rows: ProgramMessage[]): void => {
    if (rows.length > 0) parts.push(`<h3>${escape(title)}</h3>${table(['', '', ''], rows.map((r) => [String(r.count), r.program, r.text]))}`);
  };
  const reasons = (title: string, rows: ReasonRow[]): void => {
    if (rows.length > 0) parts.push(`<h3>${escape(title)}</h3>${table([m('report.count'), '', '', m('report.domains')], rows.map((r) => [String(r.count), r.meaning, r.reason, r.domains.slice(0, 5).map((d) => `${d.domain} ${d.count}`).join(', ')]))}`);
  };
  const p = report.problems;
  for (const s of problemSections(p)) {
    if (s.kind === 'errors' || s.kind === 'warnings') programs(m(s.title), s.rows);
    else if (s.kind === 'reasons') reasons(m(s.title), s.rows);
    else if (s.rows.length > 0) parts.push(`<h3>${escape(m(s.title))}</h3>${table([m('report.count'), ''], s.rows.map((r) => [String(r.count), r.client]))}`);
  }
  parts.push(`<h2>${escape(m('report.totals'))}</h2>${table(['', ''], TOTAL_ORDER.map((k) => [m(`report.total.${k}`), String(report.totals[k])]))}`);
  const traffic = (title: string, rows: TrafficRow[]): void => {
    parts.push(`<h2>${escape(title)}</h2>${table(['', ...TRAFFIC_KEYS.map((k) => m(`report.total.${k}`))], rows.map((r) => [r.period, ...TRAFFIC_KEYS.map((k) => String(r[k]))]))}`);
  };
  if (report.perDay.length > 1) traffic(m('report.perDay'), report.perDay);
  traffic(m('report.perHour'), report.perHour);
  const addresses = (title: string, rows: AddressRow[]): void => {
    if (rows.length > 0) parts.push(`<h2>${escape(title)}</h2>${table(['', m('report.count'), m('report.bytes')], rows.map((r) => [r.address, String(r.count), String(r.bytes)]))}`);
  };
  addresses(m('report.recipientDomains'), report.recipientDomains);
  addresses(m('report.sendingDomains'), report.sendingDomains);
  addresses(m('report.sendersByCount'), report.senders.byCount);
  addresses(m('report.recipientsByCount'), report.recipients.byCount);
  if (report.slowestDeliveries.length > 0) {
    parts.push(`<h2>${escape(m('report.slowest'))}</h2>${table(['', '', '', 'delay', 'a/b/c/d'], report.slowestDeliveries.map((s) => [s.queueId, s.recipient, s.status, String(s.delay),
      s.delays ? `${s.delays.beforeQueueManager}/${s.delays.inQueueManager}/${s.delays.connection}/${s.delays.transmission}` : '']))}`);
  }
  return `<!doctype html>
<html lang="${lang === 'zh-cn' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escape(m('report.title', name))}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border-bottom:1px solid #ccc;padding:.2em .6em;text-align:left;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}</style>
</head><body>
${parts.join('\n')}
</body></html>`;
}
