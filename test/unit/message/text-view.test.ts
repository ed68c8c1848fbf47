// Decoded views of bodies (quoted-printable, Base64, charsets) that still point at the raw text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base64View, quotedPrintableView, rawView } from '../../../server/src/service/parse/message/text-view';

test('quoted-printable: soft breaks joined, =XX decoded, each position back on its raw line and column', () => {
  const lines = ['Diagnostic-Code: smtp; 550 5.1.1=', ' <bob@example.org>... User Unknown', 'caf=C3=A9 550 5.2.2 full'];
  const view = quotedPrintableView(lines, 0, 2, 'utf-8');
  assert.deepEqual(view.lines, ['Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>... User Unknown', 'café 550 5.2.2 full']);
  const at = view.lines[0].indexOf('<bob');
  assert.deepEqual(view.span(0, at, at + 4), { line: 1, start: 1, end: 5 });
  assert.deepEqual(view.span(0, 23, 26), { line: 0, start: 23, end: 26 });
  assert.deepEqual(view.span(1, 5, 8), { line: 2, start: 10, end: 13 });
  assert.equal(view.exact, true);
});

test('quoted-printable in a single-byte charset, and a lone "=" that is no escape', () => {
  const view = quotedPrintableView(['a=3Db =Z 100%'], 0, 0, 'iso-8859-1');
  assert.deepEqual(view.lines, ['a=b =Z 100%']);
});

test('Base64: decoded in its charset; positions fall on the body\'s first line', () => {
  const encoded = Buffer.from('550 5.1.1 <bob@example.org>: User unknown\r\nsecond line').toString('base64');
  const lines = [encoded.slice(0, 40), encoded.slice(40)];
  const view = base64View(lines, 0, 1, 'utf-8');
  assert.deepEqual(view.lines, ['550 5.1.1 <bob@example.org>: User unknown', 'second line']);
  assert.deepEqual(view.span(1, 2, 4), { line: 0, start: 0, end: 40 });
  assert.equal(view.exact, false);
});

test('Base64 with garbage and no padding decodes what it can and never throws', () => {
  assert.deepEqual(base64View(['QUJD!!RE', 'VG'], 0, 1, 'utf-8').lines, ['ABCDEF']);
  assert.deepEqual(base64View(['QUJDRA', 'x'], 0, 1, 'utf-8').lines, ['ABC']);
});

test('raw view: the lines themselves', () => {
  const view = rawView(['a', 'b', 'c'], 1, 2);
  assert.deepEqual(view.lines, ['b', 'c']);
  assert.deepEqual(view.span(1, 0, 1), { line: 2, start: 0, end: 1 });
});
