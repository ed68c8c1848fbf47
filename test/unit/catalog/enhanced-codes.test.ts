// The enhanced status code catalog (data/enhanced-codes.json): schema, completeness against the IANA
// registry as published (../shared/reference/), both languages, and lookups through Catalog.enhanced().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readJson } from '../../helpers/json';
import Ajv from 'ajv';
import { Catalog } from '../../../server/src/service/catalog';
import { loadCatalogData } from '../../../server/src/service/catalog/bundled';
import type { EnhancedCodeEntry, LocalizedText } from '../../../server/src/service/catalog';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const dataFile = path.join(repoRoot, 'data', 'enhanced-codes.json');
const schemaFile = path.join(repoRoot, 'data', 'schema', 'enhanced-codes.schema.json');
const IANA_URL = 'https://www.iana.org/assignments/smtp-enhanced-status-codes';

/** A file of the shared reference folder, which CI lays beside the repository. */
function sharedReference(file: string): { path: string; text?: string } {
  const where = path.resolve(repoRoot, '..', 'shared', 'reference', file);
  return { path: where, text: existsSync(where) ? readFileSync(where, 'utf8') : undefined };
}

function compileSchema() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  return ajv.compile(readJson(schemaFile) as object);
}

const decodeXml = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const squash = (s: string): string => decodeXml(s).replace(/\s+/g, ' ').trim();

interface RegistryRecord { code: string; name: string }

/** The records of one sub-registry of smtp-enhanced-status-codes.xml: code and sample (or summary) text. */
function registryRecords(xml: string, id: string, nameTag: 'sample' | 'summary'): RegistryRecord[] {
  const start = xml.indexOf(`<registry id="${id}">`);
  assert.ok(start >= 0, `sub-registry ${id} not found in the registry XML`);
  const body = xml.slice(start, xml.indexOf('</registry>', start));
  return [...body.matchAll(/<record\b[^>]*>([\s\S]*?)<\/record>/g)].map(([, record]) => {
    const code = /<code>([\s\S]*?)<\/code>/.exec(record)?.[1];
    assert.ok(code, 'registry record without <code>');
    const name = new RegExp(`<${nameTag}>([\\s\\S]*?)</${nameTag}>`).exec(record)?.[1] ?? '';
    return { code: squash(code), name: squash(name) };
  });
}

const data = loadCatalogData();
const catalog = new Catalog(data);
const registryXml = sharedReference('iana-smtp-enhanced-status-codes.xml');
const checklist = sharedReference('enhanced-codes.tsv');
const skipXml = registryXml.text === undefined ? `registry XML not found at ${registryXml.path}; lay shared/ beside the repository` : false;
const skipTsv = checklist.text === undefined ? `checklist not found at ${checklist.path}; lay shared/ beside the repository` : false;

test('enhanced-codes.json passes its schema', () => {
  const validate = compileSchema();
  const ok = validate(readJson(dataFile));
  assert.ok(ok, JSON.stringify(validate.errors, null, 2));
});

test('the schema rejects broken copies of the file', () => {
  const validate = compileSchema();
  type Doc = { codes: Array<Record<string, unknown> & { name: Record<string, string>; references: Array<Record<string, string>> }>; subjects: unknown[] };
  const breakers: Record<string, (doc: Doc) => void> = {
    'missing zh-cn': (doc) => { delete doc.codes[0].name['zh-cn']; },
    'extra language': (doc) => { doc.codes[0].name.fr = 'Statut'; },
    'blank text': (doc) => { doc.codes[0].name.en = '   '; },
    'id with a class digit': (doc) => { doc.codes[0].id = '5.1.1'; },
    'id with a leading zero': (doc) => { doc.codes[0].id = 'X.01.1'; },
    'class 3': (doc) => { doc.codes[0].classes = ['3']; },
    'no classes on a registered code': (doc) => { doc.codes[0].classes = []; },
    'bad reply code': (doc) => { doc.codes[0].replyCodes = ['650']; },
    'unknown status': (doc) => { doc.codes[0].status = 'withdrawn'; },
    'plain http reference': (doc) => { doc.codes[0].references[0].url = 'http://www.rfc-editor.org/rfc/rfc3463'; },
    'unknown property': (doc) => { doc.codes[0].severity = 'error'; },
    'missing howToFix': (doc) => { delete doc.codes[0].howToFix; },
    'subject entry without description': (doc) => { delete (doc.subjects[0] as Record<string, unknown>).description; },
  };
  const original = readJson(dataFile);
  for (const [what, breakIt] of Object.entries(breakers)) {
    const copy = structuredClone(original) as Doc;
    breakIt(copy);
    assert.equal(validate(copy), false, `a copy with ${what} should fail the schema`);
  }
});

test('ids are unique and agree with subject and detail', () => {
  const seen = new Set<string>();
  for (const entry of data.enhancedCodes) {
    assert.ok(!seen.has(entry.id), `duplicate id ${entry.id}`);
    seen.add(entry.id);
    assert.equal(entry.id, `X.${entry.subject}.${entry.detail}`);
  }
});

test('classes 2, 4, 5 and subjects 0-7 exist with the RFC 3463 names', () => {
  assert.deepEqual(data.enhancedClasses.map((c) => c.digit), ['2', '4', '5']);
  assert.deepEqual(
    data.enhancedClasses.map((c) => c.name.en),
    ['Success', 'Persistent Transient Failure', 'Permanent Failure'],
  );
  assert.deepEqual(data.enhancedSubjects.map((s) => s.subject), ['0', '1', '2', '3', '4', '5', '6', '7']);
  assert.deepEqual(data.enhancedSubjects.map((s) => s.name.en), [
    'Other or Undefined Status', 'Addressing Status', 'Mailbox Status', 'Mail System Status',
    'Network and Routing Status', 'Mail Delivery Protocol Status', 'Message Content or Media Status',
    'Security or Policy Status',
  ]);
});

test('every registry entry is present with its detail name, and nothing else is marked registered', { skip: skipXml }, () => {
  const xml = registryXml.text as string;
  const records = registryRecords(xml, 'smtp-enhanced-status-codes-3', 'sample');
  assert.equal(records.length, 81, 'the registry as published has 81 enumerated entries');
  const byId = new Map(data.enhancedCodes.map((e) => [e.id, e]));
  for (const { code, name } of records) {
    const entry = byId.get(code);
    assert.ok(entry, `registry entry ${code} is missing from the catalog`);
    assert.notEqual(entry.status, 'unregistered', `${code} is registered`);
    // X.6.10 has an empty sample in the registry: a deprecated duplicate of X.6.8.
    if (name) assert.equal(entry.name.en, name, `${code}: detail name should be the registry's`);
    else assert.equal(entry.status, 'deprecated', `${code} has no registry text and should be deprecated`);
  }
  const registryIds = new Set(records.map((r) => r.code));
  for (const entry of data.enhancedCodes) {
    assert.equal(registryIds.has(entry.id), entry.status !== 'unregistered', `${entry.id} is ${entry.status}`);
  }
  const classes = registryRecords(xml, 'smtp-enhanced-status-codes-1', 'summary');
  assert.deepEqual(classes.map((r) => [r.code[0], r.name]), data.enhancedClasses.map((c) => [c.digit, c.name.en]));
  const subjects = registryRecords(xml, 'smtp-enhanced-status-codes-2', 'summary');
  assert.deepEqual(subjects.map((r) => [r.code.split('.')[1], r.name]), data.enhancedSubjects.map((s) => [s.subject, s.name.en]));
});

test('classes include at least those the checklist derives from the registry', { skip: skipTsv }, () => {
  const [header, ...rows] = (checklist.text as string).trim().split('\n').map((line) => line.split('\t'));
  const codeCol = header.indexOf('code');
  const classesCol = header.indexOf('classes');
  assert.ok(codeCol >= 0 && classesCol >= 0, 'checklist columns code and classes');
  const byId = new Map(data.enhancedCodes.map((e) => [e.id, e]));
  let checked = 0;
  for (const row of rows) {
    if (!/^(\d(,\d)*)$/.test(row[classesCol])) continue; // "any (not stated)", "none (deprecated)", "5 (as observed)"
    const entry = byId.get(row[codeCol]);
    assert.ok(entry, `checklist code ${row[codeCol]} missing`);
    for (const digit of row[classesCol].split(',')) {
      assert.ok((entry.classes as string[]).includes(digit), `${entry.id} should permit class ${digit}`);
    }
    checked++;
  }
  assert.ok(checked >= 60, `only ${checked} checklist rows had classes`);
});

test('statuses, classes, reply codes and references are consistent', () => {
  const deprecated = data.enhancedCodes.filter((e) => e.status === 'deprecated').map((e) => e.id);
  assert.deepEqual(deprecated, ['X.6.10']);
  for (const entry of data.enhancedCodes) {
    if (entry.status !== 'deprecated') assert.ok(entry.classes.length > 0, `${entry.id} has no classes`);
    for (const reply of entry.replyCodes) {
      assert.ok((entry.classes as string[]).includes(reply[0]), `${entry.id}: reply ${reply} has a class the entry does not permit`);
    }
    const iana = entry.references.some((r) => r.url === IANA_URL);
    assert.equal(iana, entry.status !== 'unregistered', `${entry.id}: IANA reference iff registered`);
    for (const ref of entry.references) {
      const rfc = /^RFC (\d+)$/.exec(ref.source);
      if (!rfc) continue;
      const anchor = ref.section ? `#section-${ref.section}` : '';
      assert.equal(ref.url, `https://www.rfc-editor.org/rfc/rfc${rfc[1]}${anchor}`, `${entry.id}: ${ref.source} link`);
    }
  }
});

const han = /\p{Script=Han}/u;
function checkText(where: string, text: LocalizedText, prose = true): void {
  assert.ok(text.en.trim() && text['zh-cn'].trim(), `${where}: both languages present`);
  assert.ok(!han.test(text.en), `${where}: English text contains Chinese`);
  assert.ok(han.test(text['zh-cn']), `${where}: Chinese text has no Chinese characters`);
  assert.ok(!/\p{Script=Han}[,;:?!]/u.test(text['zh-cn']), `${where}: ASCII punctuation after Chinese text`);
  if (prose) assert.notEqual(text.en, text['zh-cn'], `${where}: languages should differ`);
}

test('every text exists in English and Simplified Chinese, and the two differ', () => {
  for (const c of data.enhancedClasses) {
    checkText(`class ${c.digit} name`, c.name);
    checkText(`class ${c.digit} description`, c.description);
  }
  for (const s of data.enhancedSubjects) {
    checkText(`subject ${s.subject} name`, s.name);
    checkText(`subject ${s.subject} description`, s.description);
  }
  for (const e of data.enhancedCodes) {
    const fields: Array<keyof Pick<EnhancedCodeEntry, 'name' | 'description' | 'howToFix'>> = ['name', 'description', 'howToFix'];
    for (const field of fields) checkText(`${e.id} ${field}`, e[field]);
  }
});

test('catalog.enhanced() explains a registered code', () => {
  const found = catalog.enhanced('5.1.1');
  assert.equal(found.code, '5.1.1');
  assert.equal(found.classEntry?.digit, '5');
  assert.equal(found.subjectEntry?.name.en, 'Addressing Status');
  assert.equal(found.detail?.name.en, 'Bad destination mailbox address');
  assert.equal(catalog.enhanced('2.6.10').detail?.status, 'deprecated');
  assert.equal(catalog.enhanced('4.2.2').detail?.name.en, 'Mailbox full');
});

test('an unregistered detail is still explained by class and subject', () => {
  const banned = catalog.enhanced('5.7.606');
  assert.equal(banned.classEntry?.name.en, 'Permanent Failure');
  assert.equal(banned.subjectEntry?.name.en, 'Security or Policy Status');
  assert.ok(banned.detail === undefined || banned.detail.status === 'unregistered', 'X.7.606 is not a registry entry');
  assert.equal(banned.detail?.status, 'unregistered', 'the catalog describes the Microsoft code as unregistered');

  const unknownDetail = catalog.enhanced('4.7.999');
  assert.equal(unknownDetail.classEntry?.digit, '4');
  assert.equal(unknownDetail.subjectEntry?.subject, '7');
  assert.equal(unknownDetail.detail, undefined);

  const unknownSubject = catalog.enhanced('5.9.1');
  assert.equal(unknownSubject.classEntry?.digit, '5');
  assert.equal(unknownSubject.subjectEntry, undefined);
  assert.equal(unknownSubject.detail, undefined);
});
