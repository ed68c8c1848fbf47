import type { Language, LanguageService } from './service';
import { readLogInputs, rotation } from './log-input';
import { canReadOnThread, readLogInputsOnThread } from './log-lines-thread';

/**
 * `smtp-lens report [--format text|json|html] FILE...|-`: one report over all the inputs, read as
 * one log (a rotated set oldest first, so that a message spanning two files is one message).
 */
export async function reportCommand(paths: readonly string[], service: LanguageService, options: { format: 'text' | 'json' | 'html'; lang: Language }, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const { catalog } = service;
  const reader = service.reportReader(options.lang);
  const fail = (path: string, why: string): void => err(`smtp-lens: ${path}: ${why}`);
  // Files are read, cut into lines and their prefixes read on a thread of their own while this one tallies.
  const failed = canReadOnThread(paths) ? await readLogInputsOnThread(paths, reader, fail) : await readLogInputs(paths, reader, fail);
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

/** Passes over the inputs at most: each may find the next hops of the chain. */
const TRACE_PASSES = 5;

/**
 * `smtp-lens trace ID FILE...`: the message with this queue id or Message-ID followed through
 * content filters, relays and bounces across the files (a rotated set is one host's log, read as
 * one stream; other files are other hosts).
 */
export async function traceCommand(id: string, paths: readonly string[], service: LanguageService, format: 'text' | 'json', out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const sets = new Map<string, string[]>();
  for (const path of paths) {
    const key = path === '-' ? '-' : rotation(path).set;
    sets.set(key, [...(sets.get(key) ?? []), path]);
  }
  if (sets.has('-')) {
    err('smtp-lens: trace reads its files more than once: standard input cannot be one of them');
    return 2;
  }
  const collector = service.traceCollector(id);
  let failed = 0;
  for (let pass = 0; pass < TRACE_PASSES; pass++) {
    collector.startPass();
    for (const [set, files] of sets) {
      const stream = service.messageRecords((record) => collector.consider(record, set));
      const bad = await readLogInputs(files, stream, (path, why) => {
        if (pass === 0) err(`smtp-lens: ${path}: ${why}`);
      });
      if (pass === 0) failed += bad;
      stream.end();
    }
    if (!collector.growing) break;
  }
  const chain = collector.chain();
  if (chain.length === 0) {
    err(`smtp-lens: no message with queue id or Message-ID ${id} in ${paths.join(', ')}`);
    return failed > 0 ? 2 : 1;
  }
  if (format === 'json') out(JSON.stringify(chain.map((hop) => ({ input: hop.input, via: hop.via, ...hop.record })), null, 2));
  else for (const line of service.traceText(chain)) out(line);
  return failed > 0 ? 2 : 0;
}
