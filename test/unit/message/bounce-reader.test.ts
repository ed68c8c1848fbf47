// The bounce command's own reader (bounce/read-records.ts) against the editor's path (the language
// service's model of the document, then bounceRecords): the same records, field for field, on every
// real bounce of ../shared/corpus and every message fixture, as .eml files, with CRLF line ends, and
// together as one mbox. This is the test that fails when the fast path drifts from the editor's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLanguageService, readBounceRecords, type BounceRecord, type RecordOptions } from '../../../server/src/service';
import { decodeText } from '../../../server/src/text-input';
import { assertCorpusPresent, corpusRoot } from '../../helpers/corpus';
import { catalog, FIXTURES } from './helpers';

const service = createLanguageService(catalog, { now: () => 0, nextTurn: (work) => work() });

/** Today's path: the document as the editor opens it, its model, the records made from it. */
function editorRecords(text: string, options: RecordOptions): BounceRecord[] | undefined {
  const uri = 'file:///bounce.eml';
  const records = service.bounceRecords({ uri, languageId: 'eml', version: 1, getText: () => text }, options);
  service.close(uri);
  return records;
}

/** Every .eml of the corpus and the fixtures, read as the CLI reads files. */
function bounces(): Array<{ name: string; text: string }> {
  assertCorpusPresent();
  const folders = [join(corpusRoot(), 'eml'), FIXTURES];
  return folders.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.eml')).sort()
    .map((f) => ({ name: f, text: decodeText(readFileSync(join(dir, f))).text })));
}

/** Compares both paths on one text; returns how many records they agreed on. */
function compare(name: string, text: string, options: RecordOptions): number {
  const expected = editorRecords(text, options);
  const actual = readBounceRecords(text, catalog, options);
  assert.deepStrictEqual(actual, expected, `${name} (${JSON.stringify(options)}): the bounce reader's records differ from the editor path's`);
  return expected?.length ?? 0;
}

const ALL: RecordOptions = { all: true, language: 'en' };

test('the bounce reader gives the editor path\'s records on every corpus and fixture bounce (.eml, CRLF, failed only and --all)', () => {
  const files = bounces();
  assert.ok(files.length > 500, `only ${files.length} bounces found`);
  let records = 0;
  for (const { name, text } of files) {
    records += compare(name, text, {});
    records += compare(name, text, ALL);
    compare(`${name} with CRLF`, text.replace(/\r?\n/g, '\r\n'), ALL);
  }
  // Most corpus bounces name a failed recipient: an empty comparison would prove nothing.
  assert.ok(records > 1000, `only ${records} records compared`);
});

test('the bounce reader gives the editor path\'s records on the whole corpus as one mbox, message numbers and lines included', () => {
  const files = bounces();
  // mboxrd: each message after a "From " line, a body line starting with "From " quoted with ">".
  const mbox = files.map(({ text }) => `From MAILER-DAEMON Mon Dec  7 10:00:00 2026\n${text.replace(/^(>*From )/gm, '>$1').replace(/\n*$/, '\n')}\n`).join('');
  const count = compare('corpus.mbox', mbox, ALL);
  assert.ok(count > 600, `only ${count} records`);
  const messages = new Set(readBounceRecords(mbox, catalog, ALL)!.map((r) => r.message));
  assert.ok(messages.size > 400, `records from only ${messages.size} messages`);
  compare('corpus.mbox in Chinese', mbox, { language: 'zh-cn' });
});

test('text that is no mail: neither path makes records', () => {
  for (const text of ['', 'just some words\nand more\n', '\0'.repeat(64), '\n\n\n']) compare(JSON.stringify(text.slice(0, 20)), text, ALL);
  assert.equal(readBounceRecords('just some words\n', catalog), undefined);
});
