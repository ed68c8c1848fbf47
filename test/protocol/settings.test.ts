import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspSession } from '../helpers/lsp-client';

const TEXT = readFileSync(resolve(__dirname, '..', 'fixtures', 'slice.smtp'), 'utf8');
const quiet = 'file:///project/quiet.smtp';
const loud = 'file:///project/loud.smtp';
const invalid = (list: Diagnostic[]): Diagnostic[] => list.filter((d) => d.code === 'smtp.invalid-reply-code');

test('settings are asked for per file (scopeUri): a severity set for one file applies to that file only, and changes are pulled again', async () => {
  const scopes: Array<string | undefined> = [];
  let offFor = new Set([quiet]);
  const lsp = new LspSession((scopeUri) => {
    scopes.push(scopeUri);
    return scopeUri !== undefined && offFor.has(scopeUri) ? { diagnostics: { severity: { 'smtp.invalid-reply-code': 'off' } } } : {};
  });
  try {
    await lsp.initialize();
    const quietFound = await lsp.open(quiet, 'smtp', TEXT);
    const loudFound = await lsp.open(loud, 'smtp', TEXT);
    assert.equal(invalid(quietFound).length, 0, 'turned off for this file');
    assert.equal(invalid(loudFound).length, 1, 'the other file keeps the default');
    assert.equal(invalid(loudFound)[0].severity, 1);
    assert.ok(scopes.includes(quiet) && scopes.includes(loud), `asked with each file's URI: ${scopes.join(', ')}`);

    // The user changes the setting: it now holds for the other file only.
    offFor = new Set([loud]);
    const quietAgain = lsp.nextDiagnostics(quiet);
    const loudAgain = lsp.nextDiagnostics(loud);
    await lsp.notify('workspace/didChangeConfiguration', { settings: { smtpLens: {} } });
    assert.equal(invalid(await quietAgain).length, 1);
    assert.equal(invalid(await loudAgain).length, 0);
  } finally {
    assert.equal(await lsp.close(), 0, lsp.stderr);
  }
});
