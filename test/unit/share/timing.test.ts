// Response times where a capture gives them (swaks --show-time-lapse): inlay hints, hover, the
// smtp.slow-reply diagnostic with its threshold setting, and a timeline in the Outline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DocumentSymbol, Hover, MarkupContent } from 'vscode-languageserver-types';
import { diagnostics, documentSymbols, hover, inlayHints, readTranscript, resolveOptions } from '../../../server/src/service';
import { responseTimes } from '../../../server/src/service/parse/timing';
import { eximServer, needsSwaksAndExim, runSwaks } from './exim';
import { catalog } from '../../helpers/catalog';

const text = readFileSync(resolve(__dirname, '..', '..', 'fixtures', 'transcripts', 'swaks-exim-time-lapse.txt'), 'utf8');
const lines = text.split('\n');
const lineOf = (pattern: RegExp): number => lines.findIndex((l) => pattern.test(l));
/** The line of the reply to the RCPT of slow@example.net (Exim's debug lines stand between). */
const slowReplyLine = (): number => {
  const rcpt = lineOf(/^ -> RCPT TO:<slow@example\.net>/);
  return rcpt + 1 + lines.slice(rcpt + 1).findIndex((l) => l.startsWith('<-  250'));
};
const hoverText = (h: Hover | null): string => (h?.contents as MarkupContent | undefined)?.value ?? '';

test('a real swaks -stl capture against Exim: every reply has its time, the slow RCPT 2 s', () => {
  const model = readTranscript(text);
  const [session] = model.sessions;
  const times = responseTimes(session);
  assert.deepEqual(session.replies.filter((r) => !times.has(r.index)).map((r) => r.code), [], 'every reply timed');
  const slow = session.commands.find((c) => c.verb === 'RCPT' && c.path?.address === 'slow@example.net')!;
  const seconds = times.get(slow.replies[0].index)!;
  assert.ok(seconds >= 2 && seconds < 3, String(seconds));
  const quick = session.commands.find((c) => c.verb === 'RCPT' && c.path?.address === 'bob@example.net')!;
  assert.ok(times.get(quick.replies[0].index)! < 1);
});

test('inlay hints show each reply\'s time at the end of its first line; the setting turns them off', () => {
  const model = readTranscript(text);
  const range = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
  const hints = inlayHints(model, catalog, range, resolveOptions({})).filter((h) => String(h.label).startsWith('⏱'));
  const slowLine = slowReplyLine();
  assert.match(lines[slowLine], /^<- {2}250 Accepted/);
  const slow = hints.find((h) => h.position.line === slowLine);
  assert.match(String(slow?.label), /^⏱ 2\.\d\d s$/);
  assert.equal(slow?.position.character, lines[slowLine].length);
  assert.equal(hints.length, readTranscript(text).sessions[0].replies.length);
  assert.deepEqual(inlayHints(model, catalog, range, resolveOptions({ inlayHints: { responseTimes: false } })).filter((h) => String(h.label).startsWith('⏱')), []);
});

test('hover on a timed reply says how long it took', () => {
  const slowLine = slowReplyLine();
  const shown = hoverText(hover(readTranscript(text), catalog, { line: slowLine, character: 5 }, resolveOptions({})));
  assert.match(shown, /Response time: 2\.\d\d s/);
  const zh = hoverText(hover(readTranscript(text), catalog, { line: slowLine, character: 5 }, resolveOptions({ language: 'zh-cn' })));
  assert.match(zh, /响应时间：2\.\d\d s/);
});

test('smtp.slow-reply: the RCPT that took 2 s is flagged under a 1 s threshold, not under the default 10 s', () => {
  const model = readTranscript(text);
  const slowLine = slowReplyLine();
  const found = diagnostics(model, catalog, resolveOptions({ diagnostics: { slowReplySeconds: 1 } })).filter((d) => d.code === 'smtp.slow-reply');
  assert.deepEqual(found.map((d) => d.range.start.line), [slowLine]);
  assert.match(String(found[0].message), /^250 to RCPT TO:<slow@example\.net> took 2\.\d\d s to come/);
  assert.equal((found[0].data as { seconds: number }).seconds > 2, true);
  assert.deepEqual(diagnostics(model, catalog, resolveOptions({})).filter((d) => d.code === 'smtp.slow-reply'), []);
  assert.deepEqual(diagnostics(model, catalog, resolveOptions({ diagnostics: { slowReplySeconds: 1, severity: { 'smtp.slow-reply': 'off' } } })).filter((d) => d.code === 'smtp.slow-reply'), []);
});

test('the Outline has a timeline per session: each timed reply, how long it took and when it came', () => {
  const symbols = documentSymbols(readTranscript(text), catalog, 'en');
  const timeline = symbols[0].children!.find((s) => s.name === 'Timeline') as DocumentSymbol;
  assert.ok(timeline, JSON.stringify(symbols[0].children!.map((c) => c.name)));
  assert.match(timeline.detail!, /^8 replies timed · 2\.\d\d s in all · slowest 2\.\d\d s$/);
  const names = timeline.children!.map((c) => c.name);
  assert.deepEqual(names.slice(0, 5), ['220 ← the connection', '250 ← EHLO client.example.com', '250 ← MAIL FROM:<alice@example.com>', '250 ← RCPT TO:<bob@example.net>', '250 ← RCPT TO:<slow@example.net>']);
  assert.match(timeline.children![4].detail!, /^2\.\d\d s \(at 2\.\d\d s\)$/);
  // A capture without times has no timeline.
  const plain = documentSymbols(readTranscript('S: 220 mx ESMTP\nC: QUIT\nS: 221 bye\n'), catalog, 'en');
  assert.ok(plain.every((s) => !(s.children ?? []).some((c) => c.name === 'Timeline')));
});

test('live: swaks -stl against Exim, every reply gets its time', { skip: needsSwaksAndExim, timeout: 60_000 }, () => {
  const server = eximServer();
  try {
    const output = runSwaks(server.command, ['--from', 'alice@example.com', '--to', 'bob@example.net,dave@example.org', '--helo', 'client.example.com', '-stl', '--pipeline']);
    assert.match(output, /^=== response in \d+\.\d+s$/m, output);
    const [session] = readTranscript(output).sessions;
    const times = responseTimes(session);
    assert.ok(session.replies.length >= 7, output);
    assert.deepEqual(session.replies.filter((r) => !times.has(r.index)).map((r) => `${r.code} line ${r.lines[0].source.line + 1}`), [], output);
  } finally {
    server.close();
  }
});
