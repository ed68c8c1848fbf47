// "SMTP Lens: Copy Redacted" and "Copy as swaks Command" through the bundled server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LspSession } from '../helpers/lsp-client';

const EXAMPLE = readFileSync(resolve(__dirname, '..', '..', 'examples', 'auth-and-forwarding.smtp'), 'utf8');
const uri = 'file:///auth-and-forwarding.smtp';

test('smtpLens/redact answers the open document redacted, with a summary; an unknown document gets null', async () => {
  const lsp = new LspSession();
  try {
    await lsp.initialize();
    await lsp.open(uri, 'smtp', EXAMPLE);
    assert.match(EXAMPLE, /alice@example\.com/);
    const answer = await lsp.request<{ text: string; summary: string }>('smtpLens/redact', { uri, options: { ips: 'keep' } });
    assert.equal(answer.text.split('\n').length, EXAMPLE.split('\n').length);
    assert.ok(!answer.text.includes('alice@'), answer.text);
    assert.match(answer.text, /MAIL FROM:<user\d+@example\.com>/);
    assert.match(answer.summary, /^redacted: \d+ secret\(s\)/);
    const kept = await lsp.request<{ text: string }>('smtpLens/redact', { uri, options: { keep: ['addresses'] } });
    assert.match(kept.text, /alice@example\.com/);
    assert.equal(await lsp.request('smtpLens/redact', { uri: 'file:///not-open.smtp' }), null);
  } finally {
    await lsp.close();
  }
});

test('smtpLens/reproduce answers a swaks command per session, with no secret', async () => {
  const lsp = new LspSession();
  try {
    await lsp.initialize();
    await lsp.open(uri, 'smtp', EXAMPLE);
    const answer = await lsp.request<{ text: string; commands: number }>('smtpLens/reproduce', { uri });
    assert.equal(answer.commands, 1);
    assert.match(answer.text, /^swaks --server \S+ --ehlo \S+ --auth LOGIN --auth-user \S+ --auth-password "\$SMTP_PASSWORD" --from alice@example\.com --to bob@example\.org,/m);
    assert.equal(await lsp.request('smtpLens/reproduce', { uri: 'file:///not-open.smtp' }), null);
  } finally {
    await lsp.close();
  }
});
