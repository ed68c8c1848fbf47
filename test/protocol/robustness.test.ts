import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspSession } from '../helpers/lsp-client';
import { transcript } from '../../bench/generate';

const TRANSCRIPT = ['S: 220 mx.example.org ESMTP', 'C: EHLO x', 'S: 250 mx', 'C: MAIL FROM:<a@example.com>', 'S: 250 OK', 'C: RCPT TO:<bob@example.org>', 'S: 550 5.1.1 unknown'].join('\n');

/** The server still answers a real hover: the proof it survived what came before. */
async function stillAnswers(lsp: LspSession, uri: string): Promise<void> {
  const hover = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 4 } });
  assert.match((hover?.contents as { value: string } | undefined)?.value ?? '', /550/);
}

test('requests for closed, unknown and out-of-range places get empty answers, not errors', async () => {
  const lsp = new LspSession();
  try {
    await lsp.initialize();
    const uri = 'file:///robust.smtp';
    await lsp.open(uri, 'smtp', TRANSCRIPT);
    const unknown = { textDocument: { uri: 'file:///nowhere.smtp' } };
    assert.equal(await lsp.request('textDocument/hover', { ...unknown, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(await lsp.request('textDocument/documentSymbol', unknown), []);
    assert.deepEqual(await lsp.request('textDocument/foldingRange', unknown), []);
    assert.deepEqual(await lsp.request('textDocument/codeAction', { ...unknown, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }), []);
    for (const position of [{ line: 10_000_000, character: 0 }, { line: 3, character: 1_000_000 }, { line: 2 ** 31 - 1, character: 2 ** 31 - 1 }]) {
      assert.equal(await lsp.request('textDocument/hover', { textDocument: { uri }, position }), null);
    }
    assert.deepEqual(await lsp.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 5_000, character: 0 }, end: { line: 9_000, character: 0 } } }), []);
    await lsp.notify('textDocument/didClose', { textDocument: { uri } });
    assert.equal(await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 4 } }), null);
    await lsp.open(uri, 'smtp', TRANSCRIPT);
    await stillAnswers(lsp, uri);
  } finally {
    assert.equal(await lsp.close(), 0, lsp.stderr);
  }
});

test('cancelled requests and malformed settings leave the server answering', async () => {
  const lsp = new LspSession({ language: 42, diagnostics: { severity: ['nonsense'] }, maxProblems: 'many', auth: null, inlayHints: 'off' });
  try {
    await lsp.initialize();
    const uri = 'file:///cancel.smtp';
    await lsp.open(uri, 'smtp', TRANSCRIPT);
    const cancelled = lsp.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }, { isCancellationRequested: true, onCancellationRequested: () => ({ dispose() {} }) });
    await cancelled.catch(() => undefined);
    for (const settings of [null, 'text', [1, 2], { diagnostics: { severity: { 'smtp.rcpt-rejected': 'loud' } } }, { maxProblems: -5 }]) {
      await lsp.notify('workspace/didChangeConfiguration', { settings: { smtpLens: settings } });
    }
    await stillAnswers(lsp, uri);
    const diagnostics = await lsp.nextDiagnostics(uri);
    assert.ok(diagnostics.some((d) => d.code === 'smtp.rcpt-rejected' && d.severity === 1), 'an unknown severity falls back to the default');
  } finally {
    assert.equal(await lsp.close(), 0, lsp.stderr);
  }
});

test('a flood of didChange notifications ends with diagnostics for the last version only', async () => {
  const lsp = new LspSession();
  try {
    await lsp.initialize();
    const uri = 'file:///flood.smtp';
    await lsp.open(uri, 'smtp', TRANSCRIPT);
    let version = 1;
    for (let i = 0; i < 2000; i++) {
      version = lsp.nextVersion();
      const code = i === 1999 ? '451' : String(500 + (i % 50));
      void lsp.notify('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: 6, character: 3 }, end: { line: 6, character: 6 } }, text: code }],
      });
    }
    let diagnostics = await lsp.nextDiagnostics(uri);
    while (!diagnostics.some((d) => d.code === 'smtp.temporary-failure')) diagnostics = await lsp.nextDiagnostics(uri);
    assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['smtp.enhanced-class-mismatch', 'smtp.temporary-failure']);
    const hover = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 4 } });
    assert.match((hover?.contents as { value: string }).value, /451/);
  } finally {
    assert.equal(await lsp.close(), 0, lsp.stderr);
  }
});

test('a hover sent while a large transcript is being analysed is answered before its diagnostics are published', async () => {
  const lsp = new LspSession();
  try {
    await lsp.initialize();
    const uri = 'file:///large-analysis.smtp';
    // Large enough that analysing it takes many slices, small enough to stay under the size threshold.
    const text = transcript(6 * 1024 * 1024, 17);
    const order: string[] = [];
    const published = lsp.open(uri, 'smtp', text).then((found) => {
      order.push('diagnostics');
      return found;
    });
    const hovered = lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 4 } }).then((hover) => {
      order.push('hover');
      return hover;
    });
    const [found, hover] = await Promise.all([published, hovered]);
    assert.match((hover?.contents as { value: string } | undefined)?.value ?? '', /220/);
    assert.ok(found.length > 0, 'the transcript has failures to report');
    assert.deepEqual(order, ['hover', 'diagnostics']);
  } finally {
    assert.equal(await lsp.close(), 0, lsp.stderr);
  }
});
