import type { Catalog, Language } from './service';
import { messageRecords, ReportReader, reportText } from './service/report';
import { reportHtml } from './service/report/html';
import { readLogInputs } from './log-input';

/**
 * `smtp-lens report [--format text|json|html] FILE...|-`: one report over all the inputs, read as
 * one log (a rotated set oldest first, so that a message spanning two files is one message).
 */
export async function reportCommand(paths: readonly string[], catalog: Catalog, options: { format: 'text' | 'json' | 'html'; lang: Language }, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const reader = new ReportReader(catalog, options.lang);
  const failed = await readLogInputs(paths, reader, (path, why) => err(`smtp-lens: ${path}: ${why}`));
  const report = reader.finish();
  if (report.formats.length === 0 && failed < paths.length) {
    err(`smtp-lens: ${catalog.message('report.notLog', options.lang, paths.join(', '))}`);
    return 2;
  }
  if (options.format === 'json') out(JSON.stringify(report, null, 2));
  else if (options.format === 'html') out(reportHtml(report, catalog, options.lang));
  else for (const line of reportText(report, catalog, options.lang)) out(line);
  return failed > 0 ? 2 : 0;
}

/** `smtp-lens messages [FILE...|-]`: one NDJSON record per message, as each leaves the queue. */
export async function messagesCommand(paths: readonly string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const stream = messageRecords((record) => out(JSON.stringify(record)));
  const failed = await readLogInputs(paths.length === 0 ? ['-'] : paths, stream, (path, why) => err(`smtp-lens: ${path}: ${why}`));
  stream.end();
  return failed > 0 ? 2 : 0;
}
