// UI messages (data/messages.json): schema, both languages, and the same {N} placeholders in each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readJson } from '../../helpers/json';
import Ajv from 'ajv';
import { Catalog, LANGUAGES } from '../../../server/src/service/catalog';
import { loadCatalogData } from '../../../server/src/service/catalog/bundled';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const dataFile = path.join(repoRoot, 'data', 'messages.json');
const schemaFile = path.join(repoRoot, 'data', 'schema', 'messages.schema.json');

function compileSchema() {
  return new Ajv({ allErrors: true, strict: true }).compile(readJson(schemaFile) as object);
}

/** The distinct placeholders of a template, sorted: "{1} of {0}, {0}" -> ["{0}", "{1}"]. */
const placeholders = (template: string): string[] => [...new Set(template.match(/\{\d+\}/g) ?? [])].sort();

const data = loadCatalogData();

test('messages.json passes its schema', () => {
  const validate = compileSchema();
  const ok = validate(readJson(dataFile));
  assert.ok(ok, JSON.stringify(validate.errors, null, 2));
});

test('the schema rejects broken copies of the file', () => {
  const validate = compileSchema();
  type Doc = { messages: Record<string, Record<string, unknown>> } & Record<string, unknown>;
  const breakers: Record<string, (doc: Doc) => void> = {
    'a missing zh-cn text': (doc) => { doc.messages['heading.class'] = { en: 'Class' }; },
    'an empty English text': (doc) => { doc.messages['heading.class'] = { en: '', 'zh-cn': '类别' }; },
    'a third language': (doc) => { doc.messages['heading.class'] = { en: 'Class', 'zh-cn': '类别', de: 'Klasse' }; },
    'a plain string instead of a text': (doc) => { (doc.messages as Record<string, unknown>)['heading.class'] = 'Class'; },
    'a key with spaces': (doc) => { doc.messages['heading class'] = { en: 'Class', 'zh-cn': '类别' }; },
    'an unknown top-level property': (doc) => { doc.labels = {}; },
    'no messages object': (doc) => { delete (doc as Record<string, unknown>).messages; },
  };
  const original = readJson(dataFile);
  for (const [what, breakIt] of Object.entries(breakers)) {
    const copy = structuredClone(original) as Doc;
    breakIt(copy);
    assert.equal(validate(copy), false, `a copy with ${what} should fail the schema`);
  }
});

test('every message has both languages and the same placeholders in each', () => {
  const entries = Object.entries(data.messages);
  assert.ok(entries.length > 0, 'the message table is empty');
  for (const [key, text] of entries) {
    for (const lang of LANGUAGES) assert.ok(text[lang]?.trim(), `${key}: ${lang} text missing`);
    assert.deepEqual(placeholders(text['zh-cn']), placeholders(text.en), `${key}: placeholders differ between languages`);
    // A term such as "TLS" may stay the same in both; any other zh-cn text must contain Chinese.
    const zh = text['zh-cn'];
    assert.ok(/\p{Script=Han}/u.test(zh) || zh === text.en, `${key}: zh-cn text "${zh}" is neither Chinese nor the shared term`);
  }
});

test('placeholders are numbered from {0} without gaps', () => {
  for (const [key, text] of Object.entries(data.messages)) {
    const used = placeholders(text.en).map((p) => Number(p.slice(1, -1))).sort((a, b) => a - b);
    assert.deepEqual(used, used.map((_, i) => i), `${key}: placeholders ${used.join(', ')}`);
  }
});

test('catalog.message() fills placeholders in either language', () => {
  const catalog = new Catalog(data);
  const [key, text] = Object.entries(data.messages).find(([, t]) => placeholders(t.en).length > 0) ?? [];
  if (!key || !text) return; // no template with placeholders yet
  const args = placeholders(text.en).map((_, i) => `arg${i}`);
  for (const lang of LANGUAGES) {
    const filled = catalog.message(key, lang, ...args);
    assert.ok(!/\{\d+\}/.test(filled), `${key} (${lang}) left a placeholder: ${filled}`);
    for (const arg of args) assert.ok(filled.includes(arg), `${key} (${lang}) lost ${arg}`);
  }
});

test('catalog.message() keeps a place with no argument as written, repeats places, and gives an unknown key back', () => {
  const catalog = new Catalog({ ...data, messages: { 'test.places': { en: '{1} of {0}, {0} again, {007}', 'zh-cn': '{0}的{1}' } } });
  for (let round = 0; round < 2; round++) {
    // The second round reads the template parsed by the first.
    assert.equal(catalog.message('test.places', 'en', 'a', 2), '2 of a, a again, {007}');
    assert.equal(catalog.message('test.places', 'zh-cn', 'a'), 'a的{1}');
    assert.equal(catalog.message('no.such.key', 'en', 'x'), 'no.such.key');
  }
});
