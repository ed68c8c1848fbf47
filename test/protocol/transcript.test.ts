import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, DocumentSymbol, FoldingRange, Hover, InlayHint, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspSession } from '../helpers/lsp-client';

const EXAMPLE = readFileSync(resolve(__dirname, '..', '..', 'examples', 'auth-and-forwarding.smtp'), 'utf8');
const SWAKS = readFileSync(resolve(__dirname, '..', '..', 'examples', 'swaks-pipelined-relay-denied.smtp'), 'utf8');
const uri = 'file:///auth-and-forwarding.smtp';

test('hover, outline, folding and inlay hints through the bundled server', async () => {
  const lsp = new LspSession();
  try {
    const init = await lsp.initialize();
    assert.ok(init.capabilities.documentSymbolProvider && init.capabilities.foldingRangeProvider && init.capabilities.inlayHintProvider);
    await lsp.open(uri, 'smtp', EXAMPLE);

    const symbols = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols.length, 1);
    const transaction = symbols[0].children![0];
    assert.equal(transaction.name, 'MAIL FROM:<alice@example.com>');
    assert.deepEqual(transaction.children!.map((c) => [c.name, c.detail?.split(' ').slice(0, 2).join(' ')]), [
      ['bob@example.org', 'accepted 251'], ['carol@example.org', 'rejected 551'], ['dave@example.org', 'rejected 550'],
      ['erin@example.org', 'deferred 452'], ['DATA', 'queued 250'],
    ]);

    const folds = await lsp.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(folds.some((f) => f.startLine === 2 && f.endLine === 7), 'the EHLO reply folds');
    assert.ok(folds.some((f) => f.startLine === 0 && f.endLine === 32), 'the session folds, up to its last line with content');

    const hints = await lsp.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } });
    const labels = hints.map((h) => String(h.label));
    assert.ok(labels.includes('→ Username:'), labels.join(' | '));
    assert.ok(labels.includes('→ user: alice@example.com'));
    assert.ok(labels.includes('→ password: ••••••••'), 'the password is masked');
    assert.ok(!labels.some((l) => l.includes('hunter2')));

    const hover = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 12, character: 5 } });
    assert.match((hover.contents as { value: string }).value, /password\\?: ••••••••/);
  } finally {
    await lsp.close();
  }
});

test('a pipelined swaks transcript: the 550 answers the first RCPT, and hovering it says so', async () => {
  const lsp = new LspSession();
  try {
    await lsp.initialize();
    const swaksUri = 'file:///swaks.smtp';
    const diagnostics = await lsp.open(swaksUri, 'smtp', SWAKS);
    const rejected = diagnostics.find((d) => d.code === 'smtp.rcpt-rejected');
    assert.match(String(rejected?.message), /^RCPT TO:<bob@example.org> rejected: 550/);
    const hover = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri: swaksUri }, position: rejected!.range.start });
    assert.match((hover.contents as { value: string }).value, /In reply to `RCPT TO:<bob@example.org>`, line 20/);
  } finally {
    await lsp.close();
  }
});

test('code actions: the 551 quick fix and redacting every credential, applied to the text', async () => {
  const lsp = new LspSession();
  try {
    await lsp.initialize();
    const diagnostics = await lsp.open(uri, 'smtp', EXAMPLE);
    const document = TextDocument.create(uri, 'smtp', 1, EXAMPLE);
    const moved = diagnostics.find((d) => d.code === 'smtp.rcpt-rejected' && d.message.toString().includes('551'))!;
    const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: moved.range, context: { diagnostics: [moved] } });
    const fix = actions.find((a) => a.title === 'Send directly to <carol@new.example.net>');
    const edits = (fix?.edit as WorkspaceEdit).changes![uri] as TextEdit[];
    assert.equal(TextDocument.applyEdits(document, edits).split('\n')[18], 'C: RCPT TO:<carol@new.example.net>');

    await lsp.request('workspace/executeCommand', { command: 'smtpLens.server.redactAllCredentials', arguments: [uri] });
    const applied = lsp.appliedEdits[0] as WorkspaceEdit;
    const redacted = TextDocument.applyEdits(document, applied.changes![uri] as TextEdit[]);
    assert.ok(!redacted.includes('aHVudGVyMg=='), 'the Base64 password is gone');
    assert.equal(Buffer.from(redacted.split('\n')[12].slice(3), 'base64').toString(), '********');
  } finally {
    await lsp.close();
  }
});
