import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspSession } from '../helpers/lsp-client';

const FIXTURE = resolve(__dirname, '..', 'fixtures', 'slice.smtp');
const uri = 'file:///slice.smtp';

test('the bundled server answers hover and publishes diagnostics over stdio', async () => {
  const lsp = new LspSession();
  try {
    const init = await lsp.initialize();
    assert.equal(init.capabilities.hoverProvider, true);
    const diagnostics = await lsp.open(uri, 'smtp', readFileSync(FIXTURE, 'utf8'));
    const invalid = diagnostics.filter((d) => d.code === 'smtp.invalid-reply-code');
    assert.equal(invalid.length, 1);
    assert.equal(invalid[0].range.start.line, 10);

    const hover = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 8, character: 4 } });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /251 User Not Local/);
    assert.match(value, /success \(2xx\)/);

    const none = await lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri: 'file:///never-opened.smtp' }, position: { line: 0, character: 0 } });
    assert.equal(none, null);
  } finally {
    assert.equal(await lsp.close(), 0);
  }
});

test('diagnostics follow the severity setting pulled from the client', async () => {
  const lsp = new LspSession({ diagnostics: { severity: { 'smtp.invalid-reply-code': 'off' } } });
  try {
    await lsp.initialize();
    // The first publish may come before the settings arrive; the one after them counts.
    const first = await lsp.open(uri, 'smtp', readFileSync(FIXTURE, 'utf8'));
    const settled = first.some((d) => d.code === 'smtp.invalid-reply-code') ? await lsp.nextDiagnostics(uri) : first;
    assert.equal(settled.filter((d) => d.code === 'smtp.invalid-reply-code').length, 0);
  } finally {
    await lsp.close();
  }
});
