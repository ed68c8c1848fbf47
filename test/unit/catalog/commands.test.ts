// The command catalog (data/commands.json): schema, the command-to-reply matrix, EHLO keywords and
// MAIL/RCPT parameters, and how they tie into the reply-code catalog.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { edited, readJson } from '../../helpers/json';
import Ajv2020 from 'ajv/dist/2020';
import { LANGUAGES } from '../../../server/src/service/catalog';
import { catalog } from '../../helpers/catalog';
import type { LocalizedText } from '../../../server/src/service/catalog';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const dataFile = path.join(repoRoot, 'data', 'commands.json');
const schemaFile = path.join(repoRoot, 'data', 'schema', 'commands.schema.json');

const { commands, ehloKeywords, parameters } = catalog.data;
const CJK = /[\u3400-\u9fff]/;

const REQUIRED_VERBS = [
  'HELO', 'EHLO', 'MAIL', 'RCPT', 'DATA', 'BDAT', 'RSET', 'VRFY', 'EXPN', 'HELP', 'NOOP', 'QUIT',
  'STARTTLS', 'AUTH', 'ETRN', 'ATRN', 'BURL',
];
const EXTENSIONS: Record<string, string | undefined> = {
  BDAT: 'CHUNKING', STARTTLS: 'STARTTLS', AUTH: 'AUTH', ETRN: 'ETRN', ATRN: 'ATRN', BURL: 'BURL',
};
const REQUIRED_KEYWORDS = [
  'SIZE', 'PIPELINING', '8BITMIME', 'SMTPUTF8', 'CHUNKING', 'BINARYMIME', 'DSN', 'ENHANCEDSTATUSCODES',
  'STARTTLS', 'AUTH', 'REQUIRETLS', 'DELIVERBY', 'MT-PRIORITY', 'LIMITS', 'ETRN', 'ATRN', 'BURL', 'HELP',
  'VRFY', 'EXPN', 'FUTURERELEASE', 'NO-SOLICITING', 'MTRK', 'RRVS', 'XCLIENT', 'XFORWARD',
];
const REQUIRED_PARAMETERS = [
  'SIZE', 'BODY', 'RET', 'ENVID', 'NOTIFY', 'ORCPT', 'AUTH', 'SMTPUTF8', 'REQUIRETLS', 'BY', 'MT-PRIORITY',
  'HOLDFOR', 'HOLDUNTIL', 'RRVS', 'MTRK',
];

function assertTranslated(text: LocalizedText, where: string, prose: boolean) {
  for (const lang of LANGUAGES) assert.ok(text[lang]?.trim(), `${where}.${lang} is empty`);
  if (!prose) return;
  assert.notEqual(text.en, text['zh-cn'], `${where} is not translated`);
  assert.match(text['zh-cn'], CJK, `${where}.zh-cn has no Chinese`);
}

describe('commands.json schema', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(readJson(schemaFile) as object);

  test('the shipped file passes the schema', () => {
    const ok = validate(readJson(dataFile));
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  });

  // [what is broken, path to the value, new value (undefined: delete it)]
  const breakages: Array<[string, Array<string | number>, unknown]> = [
    ['a missing zh-cn text', ['commands', 0, 'description', 'zh-cn'], undefined],
    ['a lower-case verb', ['commands', 0, 'verb'], 'helo'],
    ['a reply id that is not a code', ['commands', 0, 'replies'], ['OK']],
    ['no replies', ['commands', 0, 'replies'], []],
    ['an unknown property', ['ehloKeywords', 0, 'value'], 1],
    ['a parameter on an unknown command', ['parameters', 0, 'commands'], ['DATA']],
    ['a parameter without extension', ['parameters', 0, 'extension'], undefined],
    ['a plain-http reference', ['parameters', 0, 'references', 0, 'url'], 'http://example.com/'],
    ['no references', ['ehloKeywords', 0, 'references'], []],
  ];
  for (const [what, where, value] of breakages) {
    test(`a copy with ${what} fails the schema`, () => {
      assert.equal(validate(edited(readJson(dataFile), where, value)), false);
    });
  }
});

describe('commands', () => {
  test('every required command is present, once', () => {
    const verbs = commands.map((c) => c.verb);
    assert.equal(new Set(verbs).size, verbs.length, 'duplicate verbs');
    for (const verb of REQUIRED_VERBS) assert.ok(verbs.includes(verb), `missing ${verb}`);
  });

  test('every reply a command lists exists, and names that command (or any command)', () => {
    for (const command of commands) {
      assert.equal(new Set(command.replies).size, command.replies.length, `${command.verb}: duplicate replies`);
      for (const id of command.replies) {
        const entry = catalog.replyById(id);
        assert.ok(entry, `${command.verb}: unknown reply ${id}`);
        const after = entry.afterCommands;
        assert.ok(after.includes(command.verb) || after.includes('*'), `${id} does not list ${command.verb}`);
      }
    }
  });

  test('success or intermediate replies come first', () => {
    for (const command of commands) {
      const first = catalog.replyById(command.replies[0])!;
      assert.ok(first.class === '2xx' || first.class === '3xx', `${command.verb} starts with ${first.id}`);
      const firstFailure = command.replies.findIndex((id) => /^[45]/.test(id));
      const lastSuccess = command.replies.map((id) => /^[23]/.test(id) && catalog.replyById(id)!.kind !== 'non-standard').lastIndexOf(true);
      assert.ok(lastSuccess < firstFailure, `${command.verb}: a success reply follows a failure`);
    }
  });

  test('the matrix of RFC 5321 s4.3.2 and the extensions', () => {
    const replies = (verb: string) => catalog.command(verb)!.replies;
    assert.deepEqual(replies('DATA').slice(0, 2), ['354', '250']);
    assert.deepEqual(replies('AUTH').slice(0, 2), ['334', '235']);
    assert.deepEqual(replies('QUIT')[0], '221');
    assert.deepEqual(replies('STARTTLS')[0], '220');
    for (const id of ['250', '251', '550', '551', '552', '553', '556', '450', '451', '452', '503', '555']) assert.ok(replies('RCPT').includes(id), `RCPT ${id}`);
    for (const id of ['250', '251', '252', '550', '551', '553', '502', '504']) assert.ok(replies('VRFY').includes(id), `VRFY ${id}`);
    for (const id of ['211', '214', '502', '504']) assert.ok(replies('HELP').includes(id), `HELP ${id}`);
    for (const id of ['432', '454@AUTH', '501', '503', '504', '534', '535', '538']) assert.ok(replies('AUTH').includes(id), `AUTH ${id}`);
    for (const id of ['250', '251@ETRN', '252@ETRN', '253', '458', '459']) assert.ok(replies('ETRN').includes(id), `ETRN ${id}`);
    for (const id of ['250', '450@ATRN', '451@ATRN', '453', '530']) assert.ok(replies('ATRN').includes(id), `ATRN ${id}`);
    assert.ok(replies('STARTTLS').includes('454'));
    assert.ok(!replies('BDAT').includes('354'), 'BDAT never gets 354');
  });

  test('extensions: the right EHLO keyword, and it exists', () => {
    for (const command of commands) {
      assert.equal(command.extension, EXTENSIONS[command.verb], command.verb);
      if (command.extension) assert.ok(catalog.ehloKeyword(command.extension), `${command.verb}: no keyword ${command.extension}`);
    }
  });

  test('texts in both languages', () => {
    for (const command of commands) {
      assert.ok(command.syntax.startsWith(command.verb), `${command.verb} syntax`);
      assertTranslated(command.name, `${command.verb}.name`, false);
      assertTranslated(command.description, `${command.verb}.description`, true);
      assert.ok(command.references.length > 0);
    }
  });

  test('lookup is case-insensitive', () => {
    assert.equal(catalog.command('rcpt')?.verb, 'RCPT');
    assert.equal(catalog.command('XYZZY'), undefined);
  });
});

describe('EHLO keywords', () => {
  test('every required keyword is present, once', () => {
    const names = ehloKeywords.map((k) => k.keyword);
    assert.equal(new Set(names).size, names.length, 'duplicate keywords');
    for (const name of REQUIRED_KEYWORDS) assert.ok(names.includes(name), `missing ${name}`);
  });

  test('texts in both languages; syntax starts with the keyword', () => {
    for (const keyword of ehloKeywords) {
      assert.ok(keyword.syntax.startsWith(keyword.keyword), `${keyword.keyword} syntax`);
      assertTranslated(keyword.name, `${keyword.keyword}.name`, false);
      assertTranslated(keyword.description, `${keyword.keyword}.description`, true);
    }
  });

  test('Postfix extensions are marked non-standard', () => {
    for (const name of ['XCLIENT', 'XFORWARD']) {
      const keyword = catalog.ehloKeyword(name.toLowerCase())!;
      assert.match(keyword.description.en, /non-standard/i);
      assert.match(keyword.description['zh-cn'], /非标准/);
    }
  });
});

describe('MAIL/RCPT parameters', () => {
  test('every required parameter is present, once', () => {
    const names = parameters.map((p) => p.keyword);
    assert.equal(new Set(names).size, names.length, 'duplicate parameters');
    for (const name of REQUIRED_PARAMETERS) assert.ok(names.includes(name), `missing ${name}`);
  });

  test('every parameter is enabled by an existing EHLO keyword', () => {
    for (const parameter of parameters) {
      assert.ok(catalog.ehloKeyword(parameter.extension), `${parameter.keyword}: no keyword ${parameter.extension}`);
    }
  });

  test('parameters sit on the right command', () => {
    const on = (name: string) => catalog.parameter(name)!.commands;
    for (const name of ['NOTIFY', 'ORCPT', 'RRVS']) assert.deepEqual(on(name), ['RCPT'], name);
    for (const name of ['SIZE', 'BODY', 'RET', 'ENVID', 'AUTH', 'SMTPUTF8', 'REQUIRETLS', 'BY', 'MT-PRIORITY', 'HOLDFOR', 'HOLDUNTIL', 'MTRK']) {
      assert.deepEqual(on(name), ['MAIL'], name);
    }
    assert.equal(catalog.parameter('notify')?.extension, 'DSN');
  });

  test('texts in both languages', () => {
    for (const parameter of parameters) {
      assert.ok(parameter.syntax.startsWith(parameter.keyword), `${parameter.keyword} syntax`);
      assertTranslated(parameter.description, `${parameter.keyword}.description`, true);
    }
  });
});
