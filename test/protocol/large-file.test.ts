import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentSymbol, Hover } from 'vscode-languageserver-protocol';
import { LspSession } from '../helpers/lsp-client';
import { transcript } from '../../bench/generate';

test('over the size threshold the server says so once and serves hovers around the cursor only', async () => {
  const lsp = new LspSession({ largeFileThresholdMB: 0.05 });
  try {
    await lsp.initialize();
    const text = transcript(200_000, 9);
    const uri = 'file:///large.smtp';
    // The first publish may come before the settings; wait for the one that follows them.
    let diagnostics = await lsp.open(uri, 'smtp', text);
    while (diagnostics.length > 0) diagnostics = await lsp.nextDiagnostics(uri);
    assert.deepEqual(diagnostics, []);
    const lines = text.split('\r\n');
    const deep = lines.findIndex((line, i) => i > lines.length * 0.8 && line.startsWith('S: 550 5.1.1'));
    const hover = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: deep, character: 4 } });
    assert.match((hover.contents as { value: string }).value, /550/);
    assert.match((hover.contents as { value: string }).value, /In reply to/);
    assert.deepEqual(await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } }), []);
    await lsp.notify('textDocument/didChange', { textDocument: { uri, version: lsp.nextVersion() }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }] });
    await lsp.nextDiagnostics(uri);
    // An edit in the window: the next hover reads the new version's lines, not the ones kept before.
    await lsp.notify('textDocument/didChange', { textDocument: { uri, version: lsp.nextVersion() }, contentChanges: [{ range: { start: { line: deep, character: 3 }, end: { line: deep, character: 6 } }, text: '452' }] });
    const edited = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: deep, character: 4 } });
    assert.match((edited.contents as { value: string }).value, /452/);
    assert.equal(lsp.shownMessages.filter((m) => m.includes('smtpLens.largeFileThresholdMB')).length, 1, lsp.shownMessages.join('\n'));
  } finally {
    await lsp.close();
  }
});
