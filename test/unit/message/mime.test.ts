// The line-oriented MIME reader: header blocks, boundaries, part line ranges, nesting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseContentType, readHeaderBlock } from '../../../server/src/service/parse/message/header-block';
import { readMimeTree } from '../../../server/src/service/parse/message/mime';
import { splitMbox } from '../../../server/src/service/parse/message/mbox';
import { eml } from './helpers';

const tree = (text: string) => {
  const lines = text.split('\n');
  return { lines, ...readMimeTree(lines, 0, lines.length) };
};

test('header fields: folding undone, names and values where they stand, the body after the blank line', () => {
  const lines = ['Subject: a', '  folded', '\tmore', 'X-Empty:', 'From : old style', '', 'body'];
  const block = readHeaderBlock(lines, 0, lines.length);
  assert.deepEqual(block.fields.map((f) => [f.name, f.value, f.startLine, f.endLine]), [
    ['Subject', 'a folded more', 0, 2], ['X-Empty', '', 3, 3], ['From', 'old style', 4, 4],
  ]);
  assert.deepEqual(block.fields[0].valueSpan, { line: 0, start: 9, end: 10 });
  assert.equal(block.next, 6);
  assert.equal(block.end, 4);
});

test('a body with no blank line before it still ends the header', () => {
  const block = readHeaderBlock(['Subject: x', 'this is body text', 'Not: a field'], 0, 3);
  assert.equal(block.fields.length, 1);
  assert.equal(block.next, 1);
});

test('Content-Type parameters: quoted, unquoted, RFC 2231 continuations, a missing closing quote', () => {
  assert.deepEqual(parseContentType('Multipart/Report; report-type=delivery-status;\tboundary="a;b=c"'), { type: 'multipart/report', params: { 'report-type': 'delivery-status', boundary: 'a;b=c' } });
  assert.deepEqual(parseContentType("text/plain; name*0=\"fi\"; name*1=le; charset*=utf-8''%41b").params, { name: 'file', charset: 'Ab' });
  assert.equal(parseContentType('multipart/mixed; boundary="open').params.boundary, 'open');
  assert.equal(parseContentType('no slash here').type, '');
});

test('multipart/report: each part with its header and body lines, the returned message nested', () => {
  const { root, parts, lines } = tree(eml(
    'From: MAILER-DAEMON@example.org',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    '',
    'preamble',
    '--B',
    'Content-Type: text/plain',
    '',
    'notice',
    '--B',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    '--B',
    'Content-Type: message/rfc822',
    '',
    'From: alice@example.com',
    'Subject: hi',
    '',
    'hello',
    '--B--',
    'epilogue',
  ));
  assert.deepEqual(parts.map((p) => [p.id, p.contentType, p.headerStart, p.headerEnd, p.bodyStart, p.bodyEnd]), [
    ['', 'multipart/report', 0, 1, 3, 19],
    ['1', 'text/plain', 5, 5, 7, 7],
    ['2', 'message/delivery-status', 9, 9, 11, 11],
    ['3', 'message/rfc822', 13, 13, 15, 18],
    ['3.0', 'text/plain', 15, 16, 18, 18],
  ]);
  assert.equal(root.children.length, 3);
  assert.equal(lines[parts[4].headers[1].nameSpan.line], 'Subject: hi');
  assert.equal(root.unterminated, undefined);
});

test('a boundary that never closes ends with the message, and says so', () => {
  const { root, parts } = tree(eml('Content-Type: multipart/mixed; boundary=x', '', '--x', '', 'text', 'more'));
  assert.equal(root.unterminated, true);
  assert.equal(parts[1].bodyEnd, 5);
});

test('an outer boundary closes the parts inside it', () => {
  const { parts } = tree(eml(
    'Content-Type: multipart/mixed; boundary=outer', '',
    '--outer', 'Content-Type: multipart/alternative; boundary=inner', '',
    '--inner', '', 'plain',
    '--outer', '', 'second',
    '--outer--',
  ));
  assert.deepEqual(parts.map((p) => [p.id, p.bodyStart, p.bodyEnd, p.unterminated ?? false]), [
    ['', 2, 11, false], ['1', 5, 7, true], ['1.1', 7, 7, false], ['2', 10, 10, false],
  ]);
});

test('a boundary with a colon is no header field; text/rfc822-headers becomes the returned header', () => {
  const { parts } = tree(eml(
    'Content-Type: multipart/report; boundary="example.net:0022FFEE"', '',
    '--example.net:0022FFEE',
    '--example.net:0022FFEE',
    'Content-Type: text/rfc822-headers', '',
    'To: bob@example.org', 'Subject: x', '',
    '--example.net:0022FFEE--',
  ));
  assert.deepEqual(parts.map((p) => p.contentType), ['multipart/report', 'text/plain', 'text/rfc822-headers', 'text/plain']);
  assert.deepEqual(parts[3].headers.map((h) => h.name), ['To', 'Subject']);
});

test('multipart/digest parts are messages unless they say otherwise', () => {
  const { parts } = tree(eml('Content-Type: multipart/digest; boundary=d', '', '--d', '', 'From: a@b', '', 'x', '--d--'));
  assert.equal(parts[1].contentType, 'message/rfc822');
  assert.equal(parts[2].headers[0].name, 'From');
});

test('an encoded message/rfc822 is not read into (its lines are not a header)', () => {
  const { parts } = tree(eml('Content-Type: message/rfc822', 'Content-Transfer-Encoding: base64', '', 'RnJvbTogYUBi'));
  assert.equal(parts.length, 1);
});

test('mbox: a message per "From " line after a blank line; an .eml is one message', () => {
  assert.deepEqual(splitMbox(['From a', 'X: 1', '', 'From b', 'Y: 2', 'From not a separator']), [
    { start: 1, end: 3, separator: 0 }, { start: 4, end: 6, separator: 3 },
  ]);
  assert.deepEqual(splitMbox(['Subject: x', '', 'From here on']), [{ start: 0, end: 3 }]);
});
