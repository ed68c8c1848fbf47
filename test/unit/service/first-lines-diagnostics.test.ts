import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService } from '../../../server/src/service';
import { HOST_RUNTIME } from '../../../server/src/runtime';
import { DocumentVersion } from '../../../server/src/open-documents';
import { transcript } from '../../../bench/generate';
import { corpusRoot } from '../../helpers/corpus';
import { catalog, options } from '../../helpers/documents';

/** Every corpus transcript one after the other, from the `first`-th on, until the text is over 1 MB. */
function corpusInARow(first: number): string {
  const folder = join(corpusRoot(), 'transcripts');
  const files = readdirSync(folder).sort().map((name) => readFileSync(join(folder, name), 'utf8'));
  const parts: string[] = [];
  for (let i = first, size = 0; size < 1.1 * 1024 * 1024; i++) {
    const text = files[i % files.length];
    parts.push(text);
    size += text.length;
  }
  return parts.join('\n\n');
}

/** The diagnostics published first (of the first lines) and last (of the whole), opening the text. */
async function publishedOnOpening(text: string, uri: string): Promise<{ first?: Diagnostic[]; all: Diagnostic[] }> {
  const service = createLanguageService(catalog, HOST_RUNTIME);
  let first: Diagnostic[] | undefined;
  const all = await service.diagnosticsInSlices(DocumentVersion.create(uri, 'smtp', 1, text), options({ maxProblems: 1e9 }), () => true, (found) => {
    assert.equal(first, undefined, 'published first once');
    first = found;
  });
  assert.ok(all);
  return { first, all };
}

test('a long transcript opened: the diagnostics of its first lines, published first, are the whole document\'s for those lines', async () => {
  const texts = [transcript(1_200_000, 5), corpusInARow(0), corpusInARow(17), corpusInARow(33), corpusInARow(40)];
  let published = 0;
  for (const [i, text] of texts.entries()) {
    const { first, all } = await publishedOnOpening(text, `file:///long-${i}.smtp`);
    // Not when a session in the first lines interleaves with others (Exchange's by id): it may go on past them.
    if (i === 0) assert.ok(first && first.length > 0, `text ${i}: first lines' diagnostics published`);
    if (!first) continue;
    published++;
    const firstLines = Math.max(...first.map((d) => d.range.end.line));
    assert.ok(firstLines < 2000 && all.some((d) => d.range.start.line > firstLines), `text ${i}: only of the first lines`);
    // The same diagnostics (content, order) as the whole document's up to where the first ones stop.
    assert.deepEqual(first, all.slice(0, first.length), `text ${i}`);
    const next = all[first.length];
    assert.ok(next.range.start.line >= first[first.length - 1].range.start.line, `text ${i}`);
  }
  assert.ok(published >= 3, 'corpus transcripts of several dialects among the first lines');
});

test('a short transcript, or one edited, is published once, whole', async () => {
  const { first } = await publishedOnOpening(transcript(200_000, 5), 'file:///short.smtp');
  assert.equal(first, undefined);
  const service = createLanguageService(catalog, HOST_RUNTIME);
  const opened = DocumentVersion.create('file:///long.smtp', 'smtp', 1, transcript(1_200_000, 5));
  await service.diagnosticsInSlices(opened, options(), () => true);
  const changes = [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: 'x' }];
  service.didChange(opened.uri, changes);
  let early = false;
  await service.diagnosticsInSlices(opened.edited(changes, 2), options(), () => true, () => { early = true; });
  assert.equal(early, false, 'an edit re-reads only the sessions it touched: nothing to publish before');
});

test('requests answered before the first diagnostics: a hover from a window of the lines around it, the same as from the whole; the first lines still published first', async () => {
  const text = transcript(1_200_000, 7);
  const service = createLanguageService(catalog, HOST_RUNTIME);
  const document = DocumentVersion.create('file:///opened.smtp', 'smtp', 1, text);
  const positions = [0, 1, 2, 3, 9000, 9001, 9002, document.lineCount - 3, document.lineCount - 2].map((line) => ({ line, character: 4 }));
  const before = positions.map((p) => service.hover(document, p, options()));
  // The outline needs the whole document: read before the diagnostics run.
  assert.ok(service.documentSymbols(document, options()).length > 0);
  let first: Diagnostic[] | undefined;
  const all = await service.diagnosticsInSlices(document, options({ maxProblems: 1e9 }), () => true, (found) => { first = found; });
  assert.ok(first && all && first.length > 0);
  assert.deepEqual(first, all.slice(0, first.length));
  assert.ok(Math.max(...first.map((d) => d.range.start.line)) < 2000);
  assert.deepEqual(positions.map((p) => service.hover(document, p, options())), before);
  assert.ok(before.filter((h) => h !== null).length >= 2);

  // The window a hover at the top read serves the first lines' diagnostics too.
  const again = createLanguageService(catalog, HOST_RUNTIME);
  assert.deepEqual(again.hover(document, positions[1], options()), before[1]);
  let fromWindow: Diagnostic[] | undefined;
  await again.diagnosticsInSlices(document, options({ maxProblems: 1e9 }), () => true, (found) => { fromWindow = found; });
  assert.deepEqual(fromWindow, first);
});
