import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Finding } from '../../../server/src/service';
import { inDocumentOrder } from '../../../server/src/service/features/diagnostics';

const finding = (line: number, start: number, n: number): Finding => ({ id: `smtp.n${n}`, severity: 'error', message: String(n), span: { line, start, end: start + 1 } });

test('findings in document order: the order Array.prototype.sort gives, whether they come nearly sorted or far out of order', () => {
  const position = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 5 }));
  // Nearly sorted: blocks (sessions) in order, shuffled within; or any order at all.
  const nearly = fc.array(fc.array(position, { maxLength: 6 }), { maxLength: 60 })
    .map((blocks) => blocks.flatMap((block, b) => block.map(([line, start]) => [b * 100 + line, start] as const)));
  fc.assert(fc.property(fc.oneof(nearly, fc.array(position, { maxLength: 3000 })), (positions) => {
    const findings = positions.map(([line, start], n) => finding(line, start, n));
    const expected = [...findings].sort((a, b) => a.span.line - b.span.line || a.span.start - b.span.start).map((f) => f.message);
    assert.deepEqual(inDocumentOrder(findings).map((f) => f.message), expected);
  }), { numRuns: 400 });
});
