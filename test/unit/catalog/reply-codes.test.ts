// The reply-code catalog (data/reply-codes.json): schema, internal consistency, the checklist in
// ../shared/reference/reply-codes.tsv, context-dependent lookups and the facts the features rely on.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { edited, readJson } from '../../helpers/json';
import Ajv2020 from 'ajv/dist/2020';
import { LANGUAGES } from '../../../server/src/service/catalog';
import { catalog } from '../../helpers/catalog';
import type { ReplyCodeEntry } from '../../../server/src/service/catalog';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const dataFile = path.join(repoRoot, 'data', 'reply-codes.json');
const schemaFile = path.join(repoRoot, 'data', 'schema', 'reply-codes.schema.json');
// CI copies shared/ beside the repository, so the checklist lives outside it.
const checklistFile = path.resolve(repoRoot, '..', 'shared', 'reference', 'reply-codes.tsv');

const codes = catalog.data.replyCodes;
const ids = new Set(codes.map((c) => c.id));
const CJK = /[\u3400-\u9fff]/;
const PROSE = ['description', 'whenItOccurs', 'howToFix'] as const;

function compileSchema() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  return ajv.compile(readJson(schemaFile) as object);
}

/** Entries of one code in file order. */
function meaningsOf(code: string): ReplyCodeEntry[] {
  return codes.filter((c) => c.code === code);
}

describe('reply-codes.json schema', () => {
  const validate = compileSchema();

  test('the shipped file passes the schema', () => {
    const ok = validate(readJson(dataFile));
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  });

  // [what is broken, path to the value, new value (undefined: delete it)]
  const breakages: Array<[string, Array<string | number>, unknown]> = [
    ['a missing zh-cn text', ['codes', 0, 'name', 'zh-cn'], undefined],
    ['an empty English text', ['codes', 0, 'howToFix', 'en'], ''],
    ['an extra language', ['codes', 0, 'description', 'fr'], 'Bonjour'],
    ['an unknown class', ['codes', 0, 'class'], '6xx'],
    ['a code that is not three digits', ['codes', 0, 'code'], '25'],
    ['an enhanced code with a leading zero', ['codes', 0, 'enhancedCodes'], ['5.01.1']],
    ['a plain-http reference', ['codes', 0, 'references', 0, 'url'], 'http://example.com/'],
    ['an unknown property', ['codes', 0, 'severity'], 'high'],
    ['a missing required field', ['codes', 0, 'howToFix'], undefined],
    ['an unknown kind', ['codes', 0, 'kind'], 'deprecated'],
  ];
  for (const [what, where, value] of breakages) {
    test(`a copy with ${what} fails the schema`, () => {
      assert.equal(validate(edited(readJson(dataFile), where, value)), false);
    });
  }
});

describe('reply-code entries', () => {
  test('ids are unique and follow the code / code@CONTEXT convention', () => {
    assert.equal(ids.size, codes.length, 'duplicate ids');
    for (const entry of codes) {
      assert.ok(entry.id === entry.code || entry.id.startsWith(`${entry.code}@`), `${entry.id} does not start with ${entry.code}`);
    }
  });

  test('the plain id comes first among the meanings of a number, the others carry a context', () => {
    for (const code of new Set(codes.map((c) => c.code))) {
      const [first, ...rest] = meaningsOf(code);
      assert.equal(first.id, code, `first meaning of ${code} should have the plain id`);
      for (const other of rest) assert.match(other.id, /^\d{3}@[A-Z][A-Z0-9-]*$/);
      assert.equal(catalog.replyMeanings(code)[0].id, code);
    }
  });

  test('class matches the first digit of the code', () => {
    for (const entry of codes) assert.equal(entry.class, `${entry.code[0]}xx`, entry.id);
  });

  test('every related id exists and is not the entry itself', () => {
    for (const entry of codes) {
      for (const id of entry.related) {
        assert.ok(ids.has(id), `${entry.id} relates to unknown ${id}`);
        assert.notEqual(id, entry.id);
      }
    }
  });

  test('enhanced codes agree with the reply class (RFC 2034), except vendor codes; 3xx carry none', () => {
    for (const entry of codes) {
      if (entry.class === '3xx') assert.deepEqual(entry.enhancedCodes, [], entry.id);
      if (entry.kind === 'non-standard') continue;
      for (const enhanced of entry.enhancedCodes) assert.equal(enhanced[0], entry.code[0], `${entry.id} ${enhanced}`);
    }
  });

  test('afterCommands are upper-case verbs, CONNECT or *', () => {
    for (const entry of codes) {
      for (const verb of entry.afterCommands) assert.match(verb, /^([A-Z]+|\*)$/, entry.id);
    }
  });

  test('no command is claimed by two meanings of the same number', () => {
    for (const entry of codes) {
      for (const verb of entry.afterCommands) {
        if (verb === '*') continue;
        assert.equal(catalog.reply(entry.code, verb)?.id, entry.id, `${entry.code} after ${verb}`);
      }
    }
  });

  test('RFC references point at the right document and section', () => {
    for (const entry of codes) {
      for (const ref of entry.references) {
        assert.match(ref.url, /^https:\/\//);
        const rfc = /^RFC (\d+)$/.exec(ref.source);
        if (!rfc) continue;
        assert.ok(ref.url.startsWith(`https://www.rfc-editor.org/rfc/rfc${rfc[1]}`), `${entry.id}: ${ref.url}`);
        if (ref.section) assert.ok(ref.url.endsWith(`#section-${ref.section}`), `${entry.id}: ${ref.url}`);
      }
    }
  });

  test('every text exists in both languages; prose is really translated', () => {
    for (const entry of codes) {
      for (const lang of LANGUAGES) assert.ok(entry.name[lang].trim(), `${entry.id} name.${lang}`);
      assert.match(entry.name['zh-cn'], CJK, `${entry.id} name`);
      for (const field of PROSE) {
        const text = entry[field];
        for (const lang of LANGUAGES) assert.ok(text[lang].trim(), `${entry.id} ${field}.${lang}`);
        assert.notEqual(text.en, text['zh-cn'], `${entry.id} ${field} is not translated`);
        assert.match(text['zh-cn'], CJK, `${entry.id} ${field}.zh-cn has no Chinese`);
      }
    }
  });

  test('both languages mention the same reply and enhanced codes', () => {
    const tokens = (text: string) => new Set(text.match(/(?<![\d.])(?:\d\.\d{1,3}\.\d{1,3}|[2-5]\d\d)(?![\d.]\d)/g) ?? []);
    for (const entry of codes) {
      for (const field of PROSE) {
        const en = tokens(entry[field].en);
        const zh = tokens(entry[field]['zh-cn']);
        assert.deepEqual([...en].sort(), [...zh].sort(), `${entry.id} ${field}`);
      }
    }
  });

  test('classes and categories are complete', () => {
    assert.deepEqual(catalog.data.replyClasses.map((c) => c.digit), ['2', '3', '4', '5']);
    assert.deepEqual(catalog.data.replyCategories.map((c) => c.digit), ['0', '1', '2', '3', '4', '5']);
    assert.equal(catalog.replyClass('251')?.outcome, 'success');
    assert.equal(catalog.replyClass('334')?.outcome, 'intermediate');
    assert.equal(catalog.replyClass('451')?.outcome, 'transient');
    assert.equal(catalog.replyClass('550')?.outcome, 'permanent');
    assert.equal(catalog.replyCategory('354')?.name.en, 'Mail system');
  });
});

describe('lookups in context', () => {
  const cases: Array<[string, string | undefined, string]> = [
    ['251', 'ETRN', '251@ETRN'],
    ['251', 'RCPT', '251'],
    ['251', 'rcpt', '251'],
    ['251', undefined, '251'],
    ['252', 'ETRN', '252@ETRN'],
    ['252', 'VRFY', '252'],
    ['253', 'ETRN', '253'],
    ['250', 'ETRN', '250'],
    ['450', 'ATRN', '450@ATRN'],
    ['450', 'RCPT', '450'],
    ['451', 'ATRN', '451@ATRN'],
    ['451', 'DATA', '451'],
    ['454', 'STARTTLS', '454'],
    ['454', 'AUTH', '454@AUTH'],
    ['530', 'ATRN', '530'],
    ['530', 'MAIL', '530'],
    ['220', 'CONNECT', '220'],
    ['220', 'STARTTLS', '220'],
    ['554', 'CONNECT', '554'],
    ['421', 'RCPT', '421'],
  ];
  for (const [code, verb, id] of cases) {
    test(`reply(${code}, ${verb ?? '-'}) is ${id}`, () => {
      assert.equal(catalog.reply(code, verb)?.id, id);
    });
  }

  test('an unknown code has no entry', () => {
    assert.equal(catalog.reply('299'), undefined);
    assert.deepEqual(catalog.replyMeanings('299'), []);
  });
});

describe('required facts', () => {
  const all = (entry: ReplyCodeEntry, lang: 'en' | 'zh-cn') =>
    [entry.name, entry.description, entry.whenItOccurs, entry.howToFix].map((t) => t[lang]).join('\n');

  test('251: not local, forwards to the forward-path, acts as a relay; no fix needed; send directly', () => {
    const entry = catalog.replyById('251')!;
    assert.equal(entry.name.en, 'User Not Local');
    assert.equal(entry.class, '2xx');
    assert.deepEqual(entry.afterCommands.slice(0, 2), ['RCPT', 'VRFY']);
    assert.match(entry.description.en, /not local/i);
    assert.match(entry.description.en, /forward-path/);
    assert.match(entry.description.en, /relay/i);
    assert.match(entry.howToFix.en, /no fix is needed/i);
    assert.match(entry.howToFix.en, /directly to the address/i);
    assert.match(entry.description['zh-cn'], /转发/);
    assert.match(entry.description['zh-cn'], /中继/);
    assert.match(entry.howToFix['zh-cn'], /无需修复/);
    assert.match(entry.howToFix['zh-cn'], /直接发送/);
    assert.ok(entry.related.includes('551'));
  });

  test('334: SASL challenge of AUTH, Base64 both ways; check credentials and mechanism', () => {
    const entry = catalog.replyById('334')!;
    assert.equal(entry.name.en, 'Server Challenge');
    assert.equal(entry.class, '3xx');
    assert.deepEqual(entry.afterCommands, ['AUTH']);
    for (const lang of LANGUAGES) {
      assert.match(entry.description[lang], /SASL/);
      assert.match(entry.description[lang], /Base64/);
      assert.match(entry.description[lang], /AUTH/);
    }
    assert.match(entry.description.en, /decodes/);
    assert.match(entry.howToFix.en, /credentials/);
    assert.match(entry.howToFix.en, /mechanism/);
    assert.match(entry.howToFix['zh-cn'], /凭据/);
    assert.match(entry.howToFix['zh-cn'], /机制/);
    assert.ok(entry.related.includes('235') && entry.related.includes('535'));
  });

  test('practice usages are folded into the core entries', () => {
    assert.match(all(catalog.replyById('421')!, 'en'), /4\.7\.28/);
    assert.match(all(catalog.replyById('450')!, 'en'), /4\.2\.1/);
    assert.match(all(catalog.replyById('451')!, 'en'), /greylisting/i);
    assert.match(all(catalog.replyById('550')!, 'en'), /5\.7\.26/);
    assert.match(all(catalog.replyById('554')!, 'en'), /Relay access denied/);
    assert.equal(catalog.replyById('254')?.kind, 'non-standard');
  });

  test('failure advice is concrete', () => {
    assert.match(catalog.replyById('550')!.howToFix.en, /SPF/);
    assert.match(catalog.replyById('550')!.howToFix.en, /DKIM/);
    assert.match(catalog.replyById('550')!.howToFix.en, /DMARC/);
    assert.match(catalog.replyById('550')!.howToFix.en, /blocklist/i);
    assert.match(catalog.replyById('552')!.howToFix.en, /SIZE/);
    assert.match(catalog.replyById('535')!.howToFix.en, /app password/);
    assert.match(catalog.replyById('530@STARTTLS')!.howToFix.en, /STARTTLS/);
  });
});

// ----- the checklist ------------------------------------------------------------------------------

interface ChecklistRow { code: string; kind: string; after: string; line: number }

const VERBS = /\b(HELO|EHLO|MAIL|RCPT|DATA|BDAT|RSET|VRFY|EXPN|HELP|NOOP|QUIT|STARTTLS|AUTH|ETRN|ATRN|BURL)\b/g;

/** The commands a checklist row names: "any command" -> *, greeting -> CONNECT, "except ..." ignored. */
function commandsOf(after: string): string[] {
  // Remarks in parentheses ("EXPN per s3.5.3") and uses "in practice" are notes, not the commands
  // RFC 5321 §4.3.2 lists: 251 and 551 do not answer EXPN there, 450 does not answer MAIL.
  const text = after.replace(/\bexcept\b[^;]*/g, '').replace(/\([^)]*\)/g, '').replace(/[^;,]*\bin practice\b/g, '');
  const found = new Set<string>(text.match(VERBS) ?? []);
  if (/\bany\b[^;]*\bcommand/.test(text)) found.add('*');
  if (/connection opening|greeting/i.test(text)) found.add('CONNECT');
  return [...found];
}

/** The catalog kind a checklist kind maps to. */
function kindOf(kind: string): string {
  if (kind.startsWith('extension')) return 'extension';
  if (kind.startsWith('standard')) return 'core';
  if (kind === 'deprecated') return 'extension';
  if (kind.includes('non-standard')) return 'non-standard';
  return kind;
}

const covers = (entry: ReplyCodeEntry, verbs: string[]) =>
  verbs.every((v) => entry.afterCommands.includes(v) || entry.afterCommands.includes('*'));

/** Rows -> distinct entries of the same code, each covering the row's commands and kind. */
function assign(rows: ChecklistRow[], entries: ReplyCodeEntry[], taken = new Set<string>()): boolean {
  if (rows.length === 0) return true;
  const [row, ...rest] = rows;
  for (const entry of entries) {
    if (taken.has(entry.id) || entry.kind !== kindOf(row.kind) || !covers(entry, commandsOf(row.after))) continue;
    taken.add(entry.id);
    if (assign(rest, entries, taken)) return true;
    taken.delete(entry.id);
  }
  return false;
}

describe('the reply-code checklist', () => {
  const present = existsSync(checklistFile);
  const skip = present ? false : `checklist not found at ${checklistFile} (shared/ is copied beside the repository in CI)`;
  const rows: ChecklistRow[] = present
    ? readFileSync(checklistFile, 'utf8').split(/\r?\n/).slice(1).filter((l) => l.trim()).map((line, index) => {
        const cells = line.split('\t');
        return { code: cells[0], after: cells[4], kind: cells[6], line: index + 2 };
      })
    : [];
  const practice = (row: ChecklistRow) => row.kind === 'practice';

  test('has the expected size', { skip }, () => {
    assert.equal(rows.length, 57);
    assert.equal(new Set(rows.map((r) => r.code)).size, 46);
  });

  test('every code of the checklist is in the catalog, and nothing else', { skip }, () => {
    assert.deepEqual([...new Set(codes.map((c) => c.code))].sort(), [...new Set(rows.map((r) => r.code))].sort());
  });

  test('every meaning (code, commands) of the checklist has its own entry', { skip }, () => {
    for (const code of new Set(rows.map((r) => r.code))) {
      const meanings = rows.filter((r) => r.code === code && !practice(r));
      const entries = meaningsOf(code);
      assert.equal(entries.length, meanings.length, `${code}: ${entries.length} entries for ${meanings.length} meanings`);
      assert.ok(assign(meanings, entries), `${code}: meanings (lines ${meanings.map((m) => m.line).join(', ')}) do not map onto ${entries.map((e) => e.id).join(', ')}`);
    }
  });

  test('practice rows are covered by the core entry of their code', { skip }, () => {
    for (const row of rows.filter(practice)) {
      const core = catalog.replyById(row.code)!;
      assert.ok(core, `line ${row.line}: no entry ${row.code}`);
      assert.ok(covers(core, commandsOf(row.after)), `line ${row.line}: ${row.code} does not cover ${row.after}`);
    }
  });
});
