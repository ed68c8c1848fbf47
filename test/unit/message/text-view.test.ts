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
  assert.deepEqual(base64View(['QUJD', 'x'], 0, 1, 'utf-8').lines, ['ABC']);
});

test('Base64 whose last group is one or two bytes keeps them, padded or not', () => {
  // "=" padding is stripped with the line breaks; the bytes of the last group were lost with it.
  const body = Buffer.from('550 5.1.1 <bob@example.org>: User unknown').toString('base64');
  assert.ok(body.endsWith('='));
  assert.deepEqual(base64View([body.slice(0, 40), body.slice(40)], 0, 1, 'utf-8').lines, ['550 5.1.1 <bob@example.org>: User unknown']);
  assert.deepEqual(base64View(['QUJDRA'], 0, 0, 'utf-8').lines, ['ABCD']);
  assert.deepEqual(base64View(['QUJDREU='], 0, 0, 'utf-8').lines, ['ABCDE']);
});

test('raw view: the lines themselves', () => {
  const view = rawView(['a', 'b', 'c'], 1, 2);
  assert.deepEqual(view.lines, ['b', 'c']);
  assert.deepEqual(view.span(1, 0, 1), { line: 2, start: 0, end: 1 });
});

test('quoted-printable in Windows-1252 reads 0x80-0x9F by the charset\'s table, not as C1 controls', () => {
  // Office 365's notice (shared corpus, lhost-office365-01): "wasn=92t" is "wasn’t" in Windows-1252.
  const lines = ['The email address wasn=92t found at the destination domain. It might be mis=', 'spelled =80 =93quoted=94'];
  for (const charset of ['windows-1252', 'cp1252']) {
    assert.deepEqual(quotedPrintableView(lines, 0, 1, charset).lines, ['The email address wasn\u2019t found at the destination domain. It might be misspelled \u20ac \u201cquoted\u201d']);
  }
  // Windows-1250 is not Windows-1252: its own 0x8A is Š.
  assert.deepEqual(quotedPrintableView(['=8A'], 0, 0, 'windows-1250').lines, ['\u0160']);
});

test('Base64 in Windows-1252 reads 0x80-0x9F by the charset\'s table', () => {
  const encoded = Buffer.from([0x77, 0x61, 0x73, 0x6e, 0x92, 0x74, 0x20, 0x80, 0x21]).toString('base64');
  assert.deepEqual(base64View([encoded], 0, 0, 'windows-1252').lines, ['wasn\u2019t \u20ac!']);
});
