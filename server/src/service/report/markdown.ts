import type { Catalog, Language } from '../catalog';
import { escapeMarkdown } from '../features/markdown';
import type { LogReport, ProgramMessage, ReasonRow } from './model';
import { problemSections, reportPeriod, TOTAL_ORDER, TRAFFIC_KEYS } from './sections';
import type { TraceHop } from './trace';

/** A link to a line of the log (0-based stream line), or undefined where the log cannot be opened at a line. */
export type LineLink = (line: number) => string | undefined;

/** Links to the first few lines of a row: "[12](file#L12) [40](file#L40)". */
function lineLinks(lines: readonly number[], link: LineLink): string {
  return lines.slice(0, 5).map((line) => {
    const target = link(line);
    return target ? `[${line + 1}](${target})` : String(line + 1);
  }).join(' ');
}

function cell(text: string): string {
  return escapeMarkdown(text).replace(/\|/g, '\\|');
}

/**
 * The report as a Markdown page for the editor's preview, problems first, each row with links
 * that open its lines in the log.
 */
export function reportMarkdown(report: LogReport, catalog: Catalog, lang: Language, link: LineLink): string {
  const m = (key: string, ...args: Array<string | number>): string => catalog.message(key, lang, ...args);
  const out: string[] = [];
  const name = report.sources.map((s) => s.name).join(', ') || '-';
  out.push(`# ${cell(m('report.title', name))}`, '', cell(reportPeriod(report, m)), '');
  out.push(`## ${cell(m('report.problems'))}`, '');
  const p = report.problems;
  let any = false;
  const programs = (title: string, rows: ProgramMessage[]): void => {
    if (rows.length === 0) return;
    any = true;
    out.push(`### ${cell(title)}`, '', `| ${cell(m('report.count'))} | | | |`, '|---:|---|---|---|');
    for (const r of rows.slice(0, 50)) out.push(`| ${r.count} | ${cell(r.program)} | ${cell(r.text)} | ${lineLinks(r.lines, link)} |`);
    out.push('');
  };
  const reasons = (title: string, rows: ReasonRow[]): void => {
    if (rows.length === 0) return;
    any = true;
    out.push(`### ${cell(title)}`, '', `| ${cell(m('report.count'))} | | | ${cell(m('report.domains'))} | |`, '|---:|---|---|---|---|');
    for (const r of rows.slice(0, 50)) {
      out.push(`| ${r.count} | ${cell(r.meaning)} | ${cell(r.reason)} | ${cell(r.domains.slice(0, 5).map((d) => `${d.domain} ${d.count}`).join(', '))} | ${lineLinks(r.lines, link)} |`);
    }
    out.push('');
  };
  for (const s of problemSections(p)) {
    if (s.kind === 'errors' || s.kind === 'warnings') programs(m(s.title), s.rows);
    else if (s.kind === 'reasons') reasons(m(s.title), s.rows);
    else if (s.rows.length > 0) {
      any = true;
      out.push(`### ${cell(m(s.title))}`, '', `| ${cell(m('report.count'))} | | |`, '|---:|---|---|');
      for (const r of s.rows.slice(0, 50)) out.push(`| ${r.count} | ${cell(r.client)} | ${lineLinks(r.lines, link)} |`);
      out.push('');
    }
  }
  if (!any) out.push(cell(m('report.noProblems')), '');
  out.push(`## ${cell(m('report.totals'))}`, '', '| | |', '|---|---:|');
  for (const key of TOTAL_ORDER) out.push(`| ${cell(m(`report.total.${key}`))} | ${report.totals[key]} |`);
  out.push('');
  const traffic = (title: string, rows: LogReport['perDay']): void => {
    out.push(`## ${cell(title)}`, '', `| | ${TRAFFIC_KEYS.map((k) => cell(m(`report.total.${k}`))).join(' | ')} |`, `|---|${TRAFFIC_KEYS.map(() => '---:').join('|')}|`);
    for (const r of rows) out.push(`| ${cell(r.period)} | ${TRAFFIC_KEYS.map((k) => r[k]).join(' | ')} |`);
    out.push('');
  };
  if (report.perDay.length > 1) traffic(m('report.perDay'), report.perDay);
  traffic(m('report.perHour'), report.perHour.filter((r) => TRAFFIC_KEYS.some((k) => r[k] > 0)));
  const addresses = (title: string, rows: LogReport['sendingDomains']): void => {
    if (rows.length === 0) return;
    out.push(`## ${cell(title)}`, '', `| | ${cell(m('report.count'))} | ${cell(m('report.bytes'))} |`, '|---|---:|---:|');
    for (const r of rows) out.push(`| ${cell(r.address)} | ${r.count} | ${r.bytes} |`);
    out.push('');
  };
  addresses(m('report.recipientDomains'), report.recipientDomains);
  addresses(m('report.sendingDomains'), report.sendingDomains);
  addresses(m('report.sendersByCount'), report.senders.byCount);
  addresses(m('report.recipientsByCount'), report.recipients.byCount);
  if (report.slowestDeliveries.length > 0) {
    out.push(`## ${cell(m('report.slowest'))}`, '', '| | | | delay | a/b/c/d | |', '|---|---|---|---:|---|---|');
    for (const s of report.slowestDeliveries) {
      const d = s.delays ? `${s.delays.beforeQueueManager}/${s.delays.inQueueManager}/${s.delays.connection}/${s.delays.transmission}` : '';
      out.push(`| ${cell(s.queueId)} | ${cell(s.recipient)} | ${cell(s.status)} | ${s.delay} | ${d} | ${lineLinks([s.line], link)} |`);
    }
  }
  return out.join('\n') + '\n';
}

/** A trace as a Markdown page: each hop with a link to its first line, its recipients below. */
export function traceMarkdown(id: string, hops: readonly TraceHop[], catalog: Catalog, lang: Language, link: (input: string, line: number) => string | undefined): string {
  const out = [`# ${cell(catalog.message('trace.title', lang, id))}`, ''];
  if (hops.length === 0) {
    out.push(cell(catalog.message('trace.none', lang, id)));
    return out.join('\n') + '\n';
  }
  for (const [i, hop] of hops.entries()) {
    const r = hop.record;
    const target = link(hop.input, r.line - 1);
    const where = `${r.file ?? hop.input}:${r.line}`;
    out.push(`## ${i + 1}. ${cell(r.queueId)}${r.messageId ? ` ${cell(r.messageId)}` : ''}`, '');
    out.push(`${target ? `[${cell(where)}](${target})` : cell(where)} · ${cell(catalog.message(`trace.via.${hop.via}`, lang))}`, '');
    const facts = [r.start, r.client && `${catalog.message('trace.client', lang)} ${r.client}`, r.sender !== undefined && `${catalog.message('trace.sender', lang)} <${r.sender}>`, r.size !== undefined && `${r.size} B`].filter(Boolean) as string[];
    if (facts.length > 0) out.push(cell(facts.join(' · ')), '');
    for (const rcpt of r.recipients) {
      out.push(`- ${cell(rcpt.address)}: **${cell(rcpt.status ?? '?')}**${rcpt.relay ? ` → ${cell(rcpt.relay)}` : ''}${rcpt.dsn ? ` (${cell(rcpt.dsn)})` : ''}${rcpt.reason ? ` — ${cell(rcpt.reason)}` : ''}`);
    }
    out.push('');
  }
  return out.join('\n') + '\n';
}
