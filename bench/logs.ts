import { analyze, defaultCatalog, parseDocument } from '../server/src/service';
import { postfixLog } from './generate';
import { best, gc, type Row } from './measure';
import { bareLineScan } from './transcript';

const MB = 1024 * 1024;

/** Full analysis of a 100 MB Postfix log against a bare line scan, and the heap it takes. */
export function logBenchmarks(sizeMB = 100): Row[] {
  const catalog = defaultCatalog();
  const text = postfixLog(sizeMB * MB, 20261128);
  const mb = text.length / MB;
  const scanMs = best(2, () => bareLineScan(text));
  const fullMs = best(2, () => analyze(parseDocument(text, 'maillog'), { catalog, language: 'en' }));
  const throughput = mb / (fullMs / 1000);
  gc();
  const before = process.memoryUsage().heapUsed;
  const model = parseDocument(text, 'maillog');
  analyze(model, { catalog, language: 'en' });
  gc();
  const heap = (process.memoryUsage().heapUsed - before) / text.length;
  return [
    {
      name: `full analysis, ${mb.toFixed(0)} MB Postfix log (parse + all rules)`, value: throughput, unit: 'MB/s',
      baseline: { name: 'bare line scan', value: mb / (scanMs / 1000), unit: 'MB/s' }, ratio: fullMs / scanMs,
      target: '≥ 100 MB/s and ≤ 5× the scan', met: throughput >= 100 && fullMs / scanMs <= 5,
    },
    { name: `heap used per MB of open log (${model.kind} model + findings)`, value: heap, unit: 'MB/MB', target: '< 3', met: heap < 3 },
  ];
}
