import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { FOLLOW_MESSAGE_REQUEST, LOG_REPORT_REQUEST, LOG_REPORT_TREE_REQUEST, type PageResult, type ReportTree } from '../../protocol';
import { LspSession } from '../helpers/lsp-client';

const FIXTURES = resolve(__dirname, '..', 'fixtures', 'report');
const CASES = readFileSync(resolve(FIXTURES, 'mail.log-postfix-cases'), 'utf8');

/** The page's Markdown with its backslash escapes undone, to match text in it. */
function markdown(result: PageResult): string {
  assert.ok('markdown' in result, JSON.stringify(result));
  return result.markdown.replace(/\\([\\`*_{}[\]()#+\-.!|<>~&"':])/g, '$1');
}

test('Mail Log Report: an open log\'s report, problems first, rows linking to their lines; a file from disk, .gz too', async () => {
  const lsp = new LspSession();
  try {
    await lsp.initialize();
    const uri = 'file:///var/log/mail.log';
    await lsp.open(uri, 'maillog', CASES);
    const page = markdown(await lsp.request<PageResult>(LOG_REPORT_REQUEST.method, { uri, language: 'en' }));
    assert.ok(page.indexOf('## Problems') < page.indexOf('## Grand totals'), 'problems come first');
    // The bounce of line 20 links to it.
    assert.match(page, /550 5\.1\.1 Bad destination mailbox address \| .* \| example\.org 1 \| \[20\]\(file:\/\/\/var\/log\/mail\.log#L20\) \|/);
    assert.match(page, /\| received \| 6 \|/);
    const zh = markdown(await lsp.request<PageResult>(LOG_REPORT_REQUEST.method, { uri, language: 'zh-cn' }));
    assert.match(zh, /## 总计/);
    // The same report as the tree view draws it: problems first, the bounce row opening line 20 (19 from 0).
    const tree = await lsp.request<ReportTree>(LOG_REPORT_TREE_REQUEST.method, { uri, language: 'en' });
    assert.equal(tree.nodes[0].severity, 'error');
    const bounce = tree.nodes.find((n) => n.label.startsWith('Bounces'))?.children?.[0];
    assert.deepEqual(bounce?.lines, [19]);
    const treeZh = await lsp.request<ReportTree>(LOG_REPORT_TREE_REQUEST.method, { uri, language: 'zh-cn' });
    assert.ok(treeZh.nodes.some((n) => n.label === '总计'));

    const dir = mkdtempSync(join(tmpdir(), 'smtp-lens-open-report-'));
    writeFileSync(join(dir, 'mail.log.1.gz'), gzipSync(CASES));
    const fromDisk = markdown(await lsp.request<PageResult>(LOG_REPORT_REQUEST.method, { path: join(dir, 'mail.log.1.gz'), language: 'en' }));
    assert.match(fromDisk, /\| received \| 6 \|/);
    assert.ok(fromDisk.includes(`(${pathToFileURL(join(dir, 'mail.log.1.gz')).toString()}#L20)`));
    const missing = await lsp.request<PageResult>(LOG_REPORT_REQUEST.method, { path: join(dir, 'nope.log') });
    assert.ok('error' in missing && /no such file/.test(missing.error));
  } finally {
    assert.equal(await lsp.close(), 0);
  }
});

test('Follow Message: the chain of a queue id through two hosts\' logs, as a page linking to each hop', async () => {
  const lsp = new LspSession();
  try {
    await lsp.initialize();
    const inputs = ['mail.log-trace-mx2', 'mail.log-trace-mx1'].map((name) => ({ uri: `file:///logs/${name}`, text: readFileSync(resolve(FIXTURES, name), 'utf8') }));
    const page = markdown(await lsp.request<PageResult>(FOLLOW_MESSAGE_REQUEST.method, { id: '9C0D1E2F', inputs, language: 'en' }));
    const hops = [...page.matchAll(/^## \d+\. (\S+)/gm)].map((m) => m[1]);
    assert.deepEqual(hops, ['1A2B3C4D', '5E6F7A8B', '9C0D1E2F', '3B4C5D6E']);
    assert.match(page, /\(file:\/\/\/logs\/mail\.log-trace-mx2#L1\)/);
    const none = markdown(await lsp.request<PageResult>(FOLLOW_MESSAGE_REQUEST.method, { id: 'NOPE', inputs, language: 'zh-cn' }));
    assert.match(none, /没有队列 ID/);
  } finally {
    assert.equal(await lsp.close(), 0);
  }
});

test('Follow Message: .gz files and files too large for the editor are named by path and streamed from disk by the server', async () => {
  const lsp = new LspSession();
  try {
    await lsp.initialize();
    const dir = mkdtempSync(join(tmpdir(), 'smtp-lens-follow-'));
    // mx1's log as the client reads it, mx2's compressed: only the server can read that one.
    const mx2 = join(dir, 'mail.log.2.gz');
    writeFileSync(mx2, gzipSync(readFileSync(resolve(FIXTURES, 'mail.log-trace-mx2'))));
    const inputs = [{ uri: 'file:///logs/mail.log-trace-mx1', text: readFileSync(resolve(FIXTURES, 'mail.log-trace-mx1'), 'utf8') }];
    const page = markdown(await lsp.request<PageResult>(FOLLOW_MESSAGE_REQUEST.method, { id: '9C0D1E2F', inputs, paths: [mx2], language: 'en' }));
    const hops = [...page.matchAll(/^## \d+\. (\S+)/gm)].map((m) => m[1]);
    assert.deepEqual(hops, ['1A2B3C4D', '5E6F7A8B', '9C0D1E2F', '3B4C5D6E']);
    assert.ok(page.includes(`(${pathToFileURL(mx2).toString()}#L1)`), 'the hop read from the .gz file links to its line');
    // Without the path, mx2's hops are missing: the chain came through the streamed file.
    const without = markdown(await lsp.request<PageResult>(FOLLOW_MESSAGE_REQUEST.method, { id: '9C0D1E2F', inputs, language: 'en' }));
    assert.notDeepEqual([...without.matchAll(/^## \d+\. (\S+)/gm)].map((m) => m[1]), hops);
    // A path that cannot be read is left out; the others still make the page.
    const missing = markdown(await lsp.request<PageResult>(FOLLOW_MESSAGE_REQUEST.method, { id: '9C0D1E2F', inputs, paths: [join(dir, 'nope.log'), mx2], language: 'en' }));
    assert.deepEqual([...missing.matchAll(/^## \d+\. (\S+)/gm)].map((m) => m[1]), hops);
  } finally {
    assert.equal(await lsp.close(), 0);
  }
});
