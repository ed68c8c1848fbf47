import type { Language, LanguageService } from './service';
import { readLogInputs } from './log-input';

/**
 * `smtp-lens report [--format text|json|html] FILE...|-`: one report over all the inputs, read as
 * one log (a rotated set oldest first, so that a message spanning two files is one message).
 */
export async function reportCommand(paths: readonly string[], service: LanguageService, options: { format: 'text' | 'json' | 'html'; lang: Language }, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const { catalog } = service;
  const reader = service.reportReader(options.lang);
  const failed = await readLogInputs(paths, reader, (path, why) => err(`smtp-lens: ${path}: ${why}`));
  const report = reader.finish();
  if (report.formats.length === 0 && failed < paths.length) {
    err(`smtp-lens: ${catalog.message('report.notLog', options.lang, paths.join(', '))}`);
    return 2;
  }
  if (options.format === 'json') out(JSON.stringify(report, null, 2));
  else if (options.format === 'html') out(service.reportHtml(report, options.lang));
  else for (const line of service.reportText(report, options.lang)) out(line);
  return failed > 0 ? 2 : 0;
}

/** `smtp-lens messages [FILE...|-]`: one NDJSON record per message, as each leaves the queue. */
export async function messagesCommand(paths: readonly string[], service: LanguageService, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const stream = service.messageRecords((record) => out(JSON.stringify(record)));
  const failed = await readLogInputs(paths.length === 0 ? ['-'] : paths, stream, (path, why) => err(`smtp-lens: ${path}: ${why}`));
  stream.end();
  return failed > 0 ? 2 : 0;
}
