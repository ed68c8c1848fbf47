// Mail logs through the bundled server over stdio (npm run build first): diagnostics, hover on a code,
// a blocklist and a queue id, the Outline, definition and references.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DocumentSymbol, Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { LspSession } from '../helpers/lsp-client';

const FIXTURES = resolve(__dirname, '..', 'fixtures', 'logs');
const CLIENT = readFileSync(resolve(FIXTURES, 'mainlog-exim-client'), 'utf8');
const POSTFIX = readFileSync(resolve(FIXTURES, 'mail.log-fail2ban-postfix'), 'utf8');
const uri = 'file:///var/log/exim4/mainlog';
const postfixUri = 'file:///var/log/mail.log';

/** Line and column of `needle` on the first line holding `lineNeedle`, `offset` characters in. */
function at(text: string, lineNeedle: string, needle: string, offset = 0): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(lineNeedle));
  assert.ok(line >= 0, lineNeedle);
  return { line, character: lines[line].indexOf(needle) + offset };
}

function value(hover: Hover | null): string {
  return hover ? (hover.contents as { value: string }).value : '';
}

/** A diagnostic's message as text (LSP 3.18 allows Markdown there too). */
function text(message: string | MarkupContent): string {
  return typeof message === 'string' ? message : message.value;
}

test('a log opened as maillog: diagnostics per failed message, hovers, Outline, definition and references', async () => {
  const lsp = new LspSession();
  try {
    const init = await lsp.initialize();
    assert.equal(init.capabilities.definitionProvider, true);
    assert.equal(init.capabilities.referencesProvider, true);

    const diagnostics = await lsp.open(uri, 'maillog', CLIENT);
    const ids = diagnostics.map((d) => d.code);
    assert.ok(ids.includes('smtp.delivery-bounced'));
    assert.equal(ids.filter((id) => id === 'smtp.delivery-expired').length, 1);
    assert.equal(ids.filter((id) => id === 'smtp.delivery-deferred').length, 1, 'one per message, not one per retry line');
    const expired = diagnostics.find((d) => d.code === 'smtp.delivery-expired')!;
    assert.equal(expired.severity, 1);
    assert.match(text(expired.message), /greylisted@example\.net/);
    assert.equal((expired.data as { id: string; deferrals: number }).deferrals, 2);

    const code = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at(CLIENT, '** nosuchuser@example.net', '550-', 1) });
    assert.match(value(code), /In reply to `RCPT TO`/);
    const zen = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at(CLIENT, 'blocked using', 'zen.spamhaus', 2) });
    assert.match(value(zen), /Spamhaus ZEN/);
    assert.match(value(zen), /https:\/\/check\.spamhaus\.org\//);
    const idLine = CLIENT.split('\n').find((l) => l.includes('** nosuchuser@example.net'))!;
    const id = idLine.split(' ')[2];
    const story = await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at(CLIENT, '** nosuchuser@example.net', id, 1) });
    assert.match(value(story), /\*\*Recipients\*\*/);

    const symbols = await lsp.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(symbols.some((s) => s.name === id && /4 recipients · bounced$/.test(s.detail ?? '')));

    const position = at(CLIENT, '** nosuchuser@example.net', id, 1);
    const definition = await lsp.request<Location[]>('textDocument/definition', { textDocument: { uri }, position });
    assert.equal(definition.length, 1);
    assert.equal(CLIENT.split('\n')[definition[0].range.start.line].includes(`${id} <=`), true);
    const references = await lsp.request<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } });
    assert.equal(references.length, CLIENT.split('\n').filter((l) => l.includes(` ${id} `)).length);

    // Where no id stands, and in a transcript: no answer rather than an error.
    assert.equal(await lsp.request('textDocument/definition', { textDocument: { uri }, position: { line: 0, character: 0 } }), null);
    await lsp.open('file:///t.smtp', 'smtp', 'S: 220 mx ESMTP\nC: QUIT\n');
    assert.deepEqual(await lsp.request('textDocument/references', { textDocument: { uri: 'file:///t.smtp' }, position: { line: 0, character: 4 }, context: { includeDeclaration: true } }), []);
    assert.equal(await lsp.request('textDocument/definition', { textDocument: { uri: 'file:///never-opened' }, position: { line: 0, character: 0 } }), null);
  } finally {
    assert.equal(await lsp.close(), 0);
  }
});

test('refusals at smtpd are warnings; the severity setting turns them off', async () => {
  const lsp = new LspSession({ diagnostics: { severity: { 'smtp.incoming-rejected': 'off' } } });
  try {
    await lsp.initialize();
    const first = await lsp.open(postfixUri, 'maillog', POSTFIX);
    // The first publish may come before the settings arrive; the one after them counts.
    const settled = first.some((d) => d.code === 'smtp.incoming-rejected') ? await lsp.nextDiagnostics(postfixUri) : first;
    assert.equal(settled.filter((d) => d.code === 'smtp.incoming-rejected').length, 0);
  } finally {
    await lsp.close();
  }
  const plain = new LspSession();
  try {
    await plain.initialize();
    const found = await plain.open(postfixUri, 'maillog', POSTFIX);
    const relay = found.find((d) => text(d.message).includes('Relay access denied'))!;
    assert.equal(relay.severity, 2);
    assert.match(text(relay.message), /^RCPT TO:<smtp@example\.org> from 1-2-3-4-example\.com\[1\.2\.3\.4\] refused: 554 5\.7\.1/);
  } finally {
    await plain.close();
  }
});
