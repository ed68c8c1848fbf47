import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic, DocumentSymbol, FoldingRange, Hover } from 'vscode-languageserver-protocol';
import { LspSession } from '../helpers/lsp-client';

const FIXTURES = resolve(__dirname, '..', 'fixtures', 'eml');
/** A diagnostic's message as text (LSP 3.18 allows Markdown there too). */
const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const uri = 'file:///bounce.eml';

test('a bounce through the bundled server: the summary diagnostic, DSN diagnostics, hovers, Outline and folding', async () => {
  const lsp = new LspSession();
  try {
    await lsp.initialize();
    const text = readFileSync(resolve(FIXTURES, 'set-of-emails__lhost-sendmail-08.eml'), 'utf8');
    const lines = text.split(/\r\n|\r|\n/);
    const diagnostics = await lsp.open(uri, 'eml', text);

    const summary = diagnostics.find((d) => d.code === 'smtp.soft-bounce');
    assert.ok(summary, JSON.stringify(diagnostics.map((d) => d.code)));
    assert.equal(messageOf(summary), 'Soft bounce: neko@example.org — no reverse DNS (450 4.7.1, MAIL FROM at mail.example.org)');
    // On its evidence, the recipient's Final-Recipient line, with the rest of what it rests on as related information.
    assert.match(lines[summary.range.start.line], /^Final-Recipient: .*neko@example\.org/i);
    assert.ok(summary.relatedInformation?.some((r) => r.location.uri === uri && /^Status:/.test(lines[r.location.range.start.line])), JSON.stringify(summary.relatedInformation));
    assert.deepEqual((summary.data as { reason: string }).reason, 'require-ptr');
    const contradiction = diagnostics.find((d) => d.code === 'smtp.dsn-action-status-mismatch');
    assert.ok(contradiction);
    assert.match(lines[contradiction.range.start.line], /^Status: 4\.4\.7/);
    // The quoted dialogue gets the transcript rules.
    assert.ok(diagnostics.some((d) => d.code === 'smtp.temporary-failure'));

    const position = (needle: string, offset: number) => {
      const line = lines.findIndex((l) => l.includes(needle));
      return { line, character: lines[line].indexOf(needle) + offset };
    };
    const hoverAt = async (needle: string, offset: number): Promise<string> => {
      const hover = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: position(needle, offset) });
      return hover ? (hover.contents as { value: string }).value : '';
    };
    assert.match(await hoverAt('Diagnostic-Code: SMTP; 450', 24), /^\*\*450 /);
    assert.match(await hoverAt('Diagnostic-Code: SMTP; 450', 28), /^\*\*4\\\.7\\\.1\*\* · Persistent Transient Failure · Security or Policy Status/);
    assert.match(await hoverAt('Final-Recipient', 2), /Delivery status field, for one recipient/);
    assert.match(await hoverAt('Final-Recipient: RFC822; neko@example.org', 26), /soft bounce: it may work later[\s\S]*No reverse DNS/);
    assert.match(await hoverAt('<<< 450', 5), /In reply to `MAIL From:/);

    const symbols = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const recipients = symbols[0].children?.find((c) => c.name === 'Recipients');
    assert.equal(recipients?.children?.[0].name, 'neko@example.org');
    const folding = await lsp.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(folding.some((r) => r.startLine === 0 && lines[r.endLine + 1] === ''), 'the header block folds');
  } finally {
    assert.equal(await lsp.close(), 0);
  }
});

test('an mbox of Exim output, in Chinese', async () => {
  const lsp = new LspSession({ language: 'zh-cn' });
  try {
    await lsp.initialize('zh-cn');
    const mboxUri = 'file:///exim.mbox';
    const first = await lsp.open(mboxUri, 'eml', readFileSync(resolve(FIXTURES, 'exim__test-mail-0140.CALLER.eml'), 'utf8'));
    const settled = first.some((d) => /[\u4e00-\u9fff]/.test(messageOf(d))) ? first : await lsp.nextDiagnostics(mboxUri);
    assert.ok(settled.some((d) => d.code === 'smtp.auto-reply' && /^自动回复/.test(messageOf(d))), JSON.stringify(settled.map(messageOf)));
    // Exim's 5.0.0 with no reply code gives no reason: whether it is hard or soft is not known.
    assert.ok(settled.some((d) => d.code === 'smtp.undetermined-bounce' && /^退信（无法判断软硬）：reply2@test\.ex/.test(messageOf(d))), JSON.stringify(settled.map(messageOf)));
  } finally {
    await lsp.close();
  }
});
