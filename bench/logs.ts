import { resolveOptions } from '../server/src/service';
import { eximLog, postfixLog } from './generate';
import { best, gc, type Row } from './measure';
import { benchDocument, benchService } from './service';
import { bareLineScan } from './transcript';

const MB = 1024 * 1024;

/**
 * Full analysis of a 100 MB Postfix log against a bare line scan, and the heap it takes; then the
 * same split into reading and rules, and an Exim mainlog, to show where the time goes.
 */
export function logBenchmarks(sizeMB = 100): Row[] {
  const service = benchService();
  const options = resolveOptions({});
  const text = postfixLog(sizeMB * MB, 20261128);
  const document = benchDocument('file:///bench/maillog', 'maillog', text);
  const mb = text.length / MB;
  const scanMs = best(2, () => bareLineScan(text));
  const scan = { name: 'bare line scan', value: mb / (scanMs / 1000), unit: 'MB/s' };
  // Closing the document before each run makes the service read it afresh, as on opening it.
  const fullMs = best(2, () => { service.close(document.uri); service.diagnostics(document, options); });
  const throughput = mb / (fullMs / 1000);
  service.close(document.uri);
  gc();
  const before = process.memoryUsage().heapUsed;
  const kind = service.model(document).kind;
  // The diagnostics are kept alive through the measure, as the server holds them while it publishes.
  let published = service.diagnostics(document, options);
  gc();
  const heap = (process.memoryUsage().heapUsed - before) / text.length;
  const readMs = best(2, () => { service.close(document.uri); service.model(document); });
  const rulesMs = best(2, () => service.diagnostics(document, options));
  const found = published.length;
  // A closed log leaves nothing behind once the service drops it and the diagnostics are let go.
  service.close(document.uri);
  published = [];
  gc();
  const retained = (process.memoryUsage().heapUsed - before) / MB;
  const exim = benchDocument('file:///bench/mainlog', 'maillog', eximLog(sizeMB * MB / 5, 20261128));
  const eximMB = exim.getText().length / MB;
  const eximMs = best(2, () => { service.close(exim.uri); service.diagnostics(exim, options); });
  service.close(exim.uri);
  return [
    {
      name: `full analysis, ${mb.toFixed(0)} MB Postfix log (parse + all rules)`, value: throughput, unit: 'MB/s',
      baseline: scan, ratio: fullMs / scanMs, target: '≥ 100 MB/s and ≤ 5× the scan', met: throughput >= 100 && fullMs / scanMs <= 5,
    },
    { name: `heap used per MB of open log (${kind} model + its ${found} diagnostics)`, value: heap, unit: 'MB/MB', target: '< 3', met: heap < 3 },
    { name: 'heap still used after the log is closed', value: retained, unit: 'MB', baseline: { name: 'heap before it was opened', value: before / MB, unit: 'MB' }, target: '≈ 0 (nothing retained)', met: retained < 5 },
    { name: `reading alone, ${mb.toFixed(0)} MB Postfix log (first pass into columns)`, value: mb / (readMs / 1000), unit: 'MB/s', baseline: scan, ratio: readMs / scanMs },
    { name: `rules alone on the read log (messages read again as the rules ask)`, value: rulesMs, unit: 'ms' },
    { name: `full analysis, ${eximMB.toFixed(0)} MB Exim mainlog`, value: eximMB / (eximMs / 1000), unit: 'MB/s' },
  ];
}
