import type { Position } from 'vscode-languageserver-types';
import { resolveOptions, type DocumentModel } from '../server/src/service';
import { transcript, random } from './generate';
import { best, gc, percentiles, type Row } from './measure';
import { benchDocument, benchService } from './service';

const MB = 1024 * 1024;

/** The physical floor: find every line end and take each line as a string, nothing else. */
export function bareLineScan(text: string): number {
  let lines = 0;
  let total = 0;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end);
    total += line.length;
    lines++;
    if (end < 0) break;
    start = end + 1;
  }
  return lines + total;
}

/** Full analysis, latency of the interactive features, and memory, on a 20 MB transcript. */
export function transcriptBenchmarks(sizeMB = 20): Row[] {
  const service = benchService();
  const options = resolveOptions({});
  const text = transcript(sizeMB * MB, 20261128);
  const document = benchDocument('file:///bench.smtp', 'smtp', text);
  const mb = text.length / MB;
  const rows: Row[] = [];

  // Closing the document before each run makes the service read it afresh, as on opening it.
  const scanMs = best(3, () => bareLineScan(text));
  const fullMs = best(3, () => { service.close(document.uri); service.diagnostics(document, options); });
  const throughput = mb / (fullMs / 1000);
  const scan = { name: 'bare line scan', value: mb / (scanMs / 1000), unit: 'MB/s' };
  rows.push({
    name: `full analysis, ${mb.toFixed(0)} MB transcript (parse + all rules)`, value: throughput, unit: 'MB/s',
    baseline: scan, ratio: fullMs / scanMs,
    target: '≥ 100 MB/s and ≤ 5× the scan', met: throughput >= 100 && fullMs / scanMs <= 5,
  });
  // Where the time goes: reading into columns alone, the rest being the rules and the objects they read.
  const readMs = best(3, () => { service.close(document.uri); service.model(document); });
  rows.push({ name: `reading alone, ${mb.toFixed(0)} MB transcript (into columns)`, value: mb / (readMs / 1000), unit: 'MB/s', baseline: scan, ratio: readMs / scanMs });

  service.close(document.uri);
  gc();
  const before = process.memoryUsage().heapUsed;
  service.diagnostics(document, options);
  gc();
  const heapRatio = (process.memoryUsage().heapUsed - before) / text.length;
  rows.push({ name: 'heap used per MB of open document (model + findings)', value: heapRatio, unit: 'MB/MB', target: '< 3', met: heapRatio < 3 });

  const rnd = random(7);
  const lineCount = lineCountOf(service.model(document));
  const positions: Position[] = Array.from({ length: 2000 }, () => ({ line: Math.floor(rnd() * lineCount), character: Math.floor(rnd() * 12) }));
  const time = (work: (p: Position) => unknown) => positions.map((p) => { const s = performance.now(); work(p); return performance.now() - s; });
  time((p) => service.hover(document, p, options));
  const hovers = percentiles(time((p) => service.hover(document, p, options)));
  rows.push({ name: 'hover at random positions, p50', value: hovers.p50, unit: 'ms' });
  rows.push({ name: 'hover at random positions, p99', value: hovers.p99, unit: 'ms', target: '< 2 ms', met: hovers.p99 < 2 });
  const hints = percentiles(time((p) => service.inlayHints(document, { start: p, end: { line: p.line + 60, character: 0 } }, options)));
  rows.push({ name: 'inlay hints for a 60-line viewport, p50 / p99', value: hints.p99, unit: 'ms (p99)', baseline: { name: 'p50', value: hints.p50, unit: 'ms' } });
  const found = service.diagnostics(document, options);
  const actions = percentiles(time((p) => service.codeActions(document, { start: p, end: p }, { diagnostics: found.filter((d) => d.range.start.line === p.line) }, options)));
  rows.push({ name: 'code actions at random positions, p50 / p99', value: actions.p99, unit: 'ms (p99)', baseline: { name: 'p50', value: actions.p50, unit: 'ms' } });

  // A closed document leaves nothing behind: the service drops its state on close.
  service.close(document.uri);
  gc();
  const retained = (process.memoryUsage().heapUsed - before) / MB;
  rows.push({ name: 'heap still used after the 20 MB document is closed', value: retained, unit: 'MB', baseline: { name: 'heap before it was opened', value: before / MB, unit: 'MB' }, target: '≈ 0 (nothing retained)', met: retained < 5 });
  return rows;
}

/** Lines of a transcript's model; taken without keeping the model, which the service alone holds. */
function lineCountOf(model: DocumentModel): number {
  return model.kind === 'transcript' ? model.lineCount : 0;
}
