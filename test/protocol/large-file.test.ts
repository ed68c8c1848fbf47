import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DocumentSymbol, Hover, Location } from 'vscode-languageserver-protocol';
import { LspSession } from '../helpers/lsp-client';
import { postfixLog, transcript } from '../../bench/generate';

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

/** The same requests answered by a server reading the document whole and by one reading it in windows. */
async function wholeAndWindowed(uri: string, languageId: string, text: string, ask: (lsp: LspSession) => Promise<unknown>): Promise<{ whole: unknown; windowed: unknown; told: string[] }> {
  const answers: unknown[] = [];
  let told: string[] = [];
  for (const settings of [{}, { largeFileThresholdMB: 0.05 }]) {
    const lsp = new LspSession(settings);
    try {
      await lsp.initialize();
      await lsp.open(uri, languageId, text);
      answers.push(await ask(lsp));
      told = lsp.shownMessages;
    } finally {
      await lsp.close();
    }
  }
  return { whole: answers[0], windowed: answers[1], told };
}

test('a large mail log: a queue id far from its other lines has the same story, definition and references as in the whole log', async () => {
  const id = '9ABCDEF12';
  const line = (program: string, rest: string): string => `Nov 28 10:00:00 mx postfix/${program}: ${id}: ${rest}`;
  const text = [
    'Nov 28 09:59:59 mx postfix/smtpd[7]: connect from client.example.com[192.0.2.1]',
    line('smtpd[7]', 'client=client.example.com[192.0.2.1]'),
    line('qmgr[99]', 'from=<alice@example.com>, size=1200, nrcpt=1 (queue active)'),
    postfixLog(700_000, 3).trimEnd(),
    line('smtp[8]', 'to=<bob@example.net>, relay=mx.example.net[198.51.100.7]:25, delay=5, delays=0.01/0/0.3/0.2, dsn=4.7.1, status=deferred (host mx.example.net[198.51.100.7] said: 451 4.7.1 Greylisted, try again later (in reply to RCPT TO command))'),
    postfixLog(1_400_000, 4).trimEnd(),
    line('smtp[8]', 'to=<bob@example.net>, relay=mx.example.net[198.51.100.7]:25, delay=3605, delays=0.01/0/0.3/0.2, dsn=5.1.1, status=bounced (host mx.example.net[198.51.100.7] said: 550 5.1.1 <bob@example.net>: User unknown (in reply to RCPT TO command))'),
    line('qmgr[99]', 'removed'),
    '',
  ].join('\n');
  const lines = text.split('\n');
  const last = lines.findIndex((l) => l.includes(`${id}: to=`) && l.includes('bounced'));
  assert.ok(last > 12_000, `the bounce is on line ${last}, far from the message's first lines`);
  const uri = 'file:///mail.log';
  const position = { line: last, character: lines[last].indexOf(id) + 2 };
  const { whole, windowed, told } = await wholeAndWindowed(uri, 'maillog', text, async (lsp) => ({
    story: await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position }),
    definition: await lsp.request<Location[]>('textDocument/definition', { textDocument: { uri }, position }),
    references: await lsp.request<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } }),
  }));
  assert.ok(told.some((m) => m.includes('smtpLens.largeFileThresholdMB')), 'the second server read it in windows');
  const answer = windowed as { story: Hover; definition: Location[]; references: Location[] };
  assert.match((answer.story.contents as { value: string }).value, /451 4\\\.7\\\.1[\s\S]*550 5\\\.1\\\.1/, 'the story holds the deferral far above');
  assert.equal(answer.definition[0].range.start.line, 1, 'the message starts on its client= line');
  assert.deepEqual(answer.references.map((r) => r.range.start.line), lines.flatMap((l, i) => (l.includes(` ${id}: `) ? [i] : [])));
  assert.deepEqual(windowed, whole);
});

test('a large mbox of bounces: DSN fields deep in it have the same hovers as in the whole document', async () => {
  const bounce = readFileSync(resolve(__dirname, '..', 'fixtures', 'eml', 'flufl.bounce__dsn_09.txt.eml'), 'utf8').replace(/\r\n/g, '\n');
  const copies = 150;
  const text = Array.from({ length: copies }, (_, i) => `From MAILER-DAEMON Sun Nov  4 07:45:${String(i % 60).padStart(2, '0')} 2001\n${bounce.trimEnd()}\n`).join('\n');
  assert.ok(text.length > 0.3 * 1048576);
  const lines = text.split('\n');
  const statusLines = lines.flatMap((l, i) => (l === 'Status: 5.0.0' ? [i] : []));
  const deep = statusLines[Math.floor(copies * 0.8)];
  const uri = 'file:///bounces.mbox';
  const { whole, windowed, told } = await wholeAndWindowed(uri, 'eml', text, async (lsp) => Promise.all([
    { line: deep, character: 9 },
    { line: deep, character: 2 },
    { line: deep - 2, character: 3 },
  ].map((position) => lsp.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position }))));
  assert.ok(told.some((m) => m.includes('smtpLens.largeFileThresholdMB')), 'the second server read it in windows');
  const [code, field, action] = windowed as Array<Hover | null>;
  assert.match((code?.contents as { value: string }).value, /^\*\*5\\\.0\\\.0\*\* · Permanent Failure/);
  assert.ok(field && action, 'the field names have hovers');
  assert.deepEqual(windowed, whole);
});
