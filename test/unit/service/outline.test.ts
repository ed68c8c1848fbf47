// The Outline's words for counts: "1 recipient", "2 recipients", in English and Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { documentSymbols, parseDocument } from '../../../server/src/service';
import { catalog } from '../../helpers/documents';

const session = (recipients: string[]) => ['S: 220 mx.example.org ESMTP', 'C: EHLO c.example', 'S: 250 mx.example.org', 'C: MAIL FROM:<a@example.net>', 'S: 250 OK',
  ...recipients.flatMap((r) => [`C: RCPT TO:<${r}>`, 'S: 250 OK']), 'C: QUIT', 'S: 221 Bye'].join('\n');

function mailDetail(text: string, language: 'en' | 'zh-cn'): string {
  const symbols = documentSymbols(parseDocument(text, 'smtp'), catalog, language) as DocumentSymbol[];
  const mail = symbols.flatMap((s) => s.children ?? []).find((s) => s.name.startsWith('MAIL FROM'));
  assert.ok(mail, JSON.stringify(symbols));
  return mail.detail ?? '';
}

test('a transaction with one recipient says "1 recipient", with two "2 recipients"', () => {
  assert.equal(mailDetail(session(['b@example.org']), 'en'), '1 recipient · 1 accepted');
  assert.equal(mailDetail(session(['b@example.org', 'c@example.org']), 'en'), '2 recipients · 2 accepted');
  assert.equal(mailDetail(session(['b@example.org']), 'zh-cn'), '1 个收件人 · 1 已接受');
});
