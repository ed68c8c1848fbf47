import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, hover, resolveOptions } from '../../../server/src/service';
import { catalog, hoverText, open, options, positionOf } from '../../helpers/documents';

const transcript = [
  'S: 220 mx.example.org ESMTP ready',
  'C: EHLO client.example.com',
  'S: 250 mx.example.org',
  'C: MAIL FROM:<alice@example.com>',
  'S: 250 2.1.0 OK',
  'C: RCPT TO:<bob@example.org>',
  'S: 251 2.1.5 User not local; will forward to <bob@other.example.net>',
  'C: AUTH LOGIN',
  'S: 334 VXNlcm5hbWU6',
  'C: dXNlcg==',
  'S: 650 5.1.1 no such user',
  'S: 199 odd',
  'C: QUIT',
  'S: 221 bye',
].join('\r\n');

test('hover on 251 shows its number, name, class and the command it answered', () => {
  const { document, model } = open(transcript);
  const result = hover(model, catalog, positionOf(document, '251', 1), options());
  const text = hoverText(result);
  assert.match(text, /251 User Not Local/);
  assert.match(text, /success \(2xx\)/);
  assert.match(text, /RCPT TO:<bob@example.org>/);
  assert.match(text, /line 6/);
  assert.deepEqual(result?.range, { start: { line: 6, character: 3 }, end: { line: 6, character: 6 } });
});

test('hover on 334 shows Server Challenge, and that the server waits for more (3xx)', () => {
  const { document, model } = open(transcript);
  const text = hoverText(hover(model, catalog, positionOf(document, '334'), options()));
  assert.match(text, /334 Server Challenge/);
  assert.match(text, /more input expected \(3xx\)/);
});

test('hover follows the language setting', () => {
  const { document, model } = open(transcript);
  const text = hoverText(hover(model, catalog, positionOf(document, '251'), options({ language: 'zh-cn' })));
  assert.match(text, /用户不在本地/);
  assert.match(text, /成功 \(2xx\)/);
});

test('no hover away from codes', () => {
  const { document, model } = open(transcript);
  assert.equal(hover(model, catalog, positionOf(document, 'ESMTP ready', 2), options()), null);
});

test('a reply code out of range gets smtp.invalid-reply-code, and a valid one does not', () => {
  const { model } = open(transcript);
  const found = diagnostics(model, catalog, options()).filter((d) => d.code === 'smtp.invalid-reply-code');
  assert.deepEqual(found.map((d) => [d.range.start.line, d.data && (d.data as { code: string }).code]), [[10, '650'], [11, '199']]);
});

test('the severity setting changes or silences a diagnostic', () => {
  const { model } = open(transcript);
  const warn = diagnostics(model, catalog, options({ severity: { 'smtp.invalid-reply-code': 'warning' } }));
  assert.ok(warn.every((d) => d.code !== 'smtp.invalid-reply-code' || d.severity === 2));
  const off = diagnostics(model, catalog, options({ severity: { 'smtp.invalid-reply-code': 'off' } }));
  assert.equal(off.filter((d) => d.code === 'smtp.invalid-reply-code').length, 0);
});

test('maxProblems caps the list, the summary first and within the cap, with the true count', () => {
  const many = Array.from({ length: 30 }, (_, i) => `S: 6${String(i).padStart(2, '0')} bad`).join('\n');
  const { model } = open(many);
  const all = diagnostics(model, catalog, options({ maxProblems: 1000 }));
  const found = diagnostics(model, catalog, options({ maxProblems: 10 }));
  assert.equal(found.length, 10);
  assert.equal(found[0].code, 'smtp.too-many-problems');
  assert.equal(found.filter((d) => d.code === 'smtp.too-many-problems').length, 1);
  assert.match(String(found[0].message), new RegExp(`^${all.length} problems in this file: showing the first 9, ${all.length - 9} left out\\. The setting smtpLens\\.maxProblems`));
  assert.deepEqual(found[0].data, { total: all.length, shown: 9, dropped: all.length - 9, setting: 'smtpLens.maxProblems', limit: 10 });
  assert.deepEqual(found.slice(1), all.slice(0, 9));
  assert.equal(diagnostics(model, catalog, options({ maxProblems: all.length })).length, all.length, 'exactly at the cap: no summary');
});

test('maxProblems is held to the 1000 problems VS Code keeps per file, so the summary is never the one it drops', () => {
  assert.equal(resolveOptions({ maxProblems: 50000 }).maxProblems, 1000);
  assert.equal(resolveOptions({ maxProblems: 20 }).maxProblems, 20);
  const many = Array.from({ length: 1200 }, (_, i) => `S: 6${String(i % 100).padStart(2, '0')} bad`).join('\n');
  const found = diagnostics(open(many).model, catalog, resolveOptions({ maxProblems: 50000 }));
  assert.equal(found.length, 1000);
  assert.equal(found[0].code, 'smtp.too-many-problems');
});

test('the hover of a code links "Compare with" its related codes through our compare command only', () => {
  const { document, model } = open(transcript);
  const text = hoverText(hover(model, catalog, positionOf(document, '251'), options()));
  const link = /\[551\]\(command:smtpLens\.compareCodes\?([^)]+)\)/.exec(text);
  assert.ok(link, text);
  assert.deepEqual(JSON.parse(decodeURIComponent(link[1])), [{ a: '251', b: '551' }]);
});

test('a code with two meanings after any command is told apart by its text (530 for STARTTLS vs AUTH)', () => {
  const tls = open(['S: 220 mx ESMTP', 'C: MAIL FROM:<a@b>', 'S: 530 5.7.0 Must issue a STARTTLS command first'].join('\n'));
  assert.match(hoverText(hover(tls.model, catalog, positionOf(tls.document, '530'), options())), /STARTTLS/);
  const auth = open(['S: 220 mx ESMTP', 'C: MAIL FROM:<a@b>', 'S: 530 5.7.0 Authentication required'].join('\n'));
  const text = hoverText(hover(auth.model, catalog, positionOf(auth.document, '530'), options()));
  assert.equal(catalog.reply('530', 'MAIL', 'Authentication required')?.id, '530');
  assert.equal(catalog.reply('530', 'MAIL', 'Must issue a STARTTLS command first')?.id, '530@STARTTLS');
  assert.match(text.split('\n')[0], new RegExp(catalog.replyById('530')!.name.en));
});
