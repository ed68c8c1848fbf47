import { analyze, defaultCatalog, parseDocument } from '../server/src/service';
import { eximLog, postfixLog } from './generate';
import { best, gc, type Row } from './measure';
import { bareLineScan } from './transcript';

const MB = 1024 * 1024;

/**
 * Full analysis of a 100 MB Postfix log against a bare line scan, and the heap it takes; then the
 * same split into reading and rules, and an Exim mainlog, to show where the time goes.
 */
export function logBenchmarks(sizeMB = 100): Row[] {
  const catalog = defaultCatalog();
  const text = postfixLog(sizeMB * MB, 20261128);
  const mb = text.length / MB;
  const scanMs = best(2, () => bareLineScan(text));
  const scan = { name: 'bare line scan', value: mb / (scanMs / 1000), unit: 'MB/s' };
  const fullMs = best(2, () => analyze(parseDocument(text, 'maillog'), { catalog, language: 'en' }));
  const throughput = mb / (fullMs / 1000);
  gc();
  const before = process.memoryUsage().heapUsed;
  let model = parseDocument(text, 'maillog');
  // The findings are kept alive through the measure, as the server holds them while it publishes.
  let findings = analyze(model, { catalog, language: 'en' });
  gc();
  const heap = (process.memoryUsage().heapUsed - before) / text.length;
  const readMs = best(2, () => parseDocument(text, 'maillog'));
  const rulesMs = best(2, () => analyze(model, { catalog, language: 'en' }));
  const found = findings.length;
  // A closed log leaves nothing behind once its model and findings are dropped.
  model = parseDocument('', 'maillog');
  findings = [];
  gc();
  const retained = (process.memoryUsage().heapUsed - before) / MB;
  const exim = eximLog(sizeMB * MB / 5, 20261128);
  const eximMB = exim.length / MB;
  const eximMs = best(2, () => analyze(parseDocument(exim, 'maillog'), { catalog, language: 'en' }));
  return [
    {
      name: `full analysis, ${mb.toFixed(0)} MB Postfix log (parse + all rules)`, value: throughput, unit: 'MB/s',
      baseline: scan, ratio: fullMs / scanMs, target: '≥ 100 MB/s and ≤ 5× the scan', met: throughput >= 100 && fullMs / scanMs <= 5,
    },
    { name: `heap used per MB of open log (${model.kind} model + its ${found} findings)`, value: heap, unit: 'MB/MB', target: '< 3', met: heap < 3 },
    { name: 'heap still used after the log is closed', value: retained, unit: 'MB', baseline: { name: 'heap before it was opened', value: before / MB, unit: 'MB' }, target: '≈ 0 (nothing retained)', met: retained < 5 },
    { name: `reading alone, ${mb.toFixed(0)} MB Postfix log (first pass into columns)`, value: mb / (readMs / 1000), unit: 'MB/s', baseline: scan, ratio: readMs / scanMs },
    { name: `rules alone on the read log (messages read again as the rules ask)`, value: rulesMs, unit: 'ms' },
    { name: `full analysis, ${eximMB.toFixed(0)} MB Exim mainlog`, value: eximMB / (eximMs / 1000), unit: 'MB/s' },
  ];
}
