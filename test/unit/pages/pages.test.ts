// Explain and compare pages: structure in both languages, content from the catalog, errors, escaping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { catalogItems, comparePage, explainPage, parseCodeQuery, type PageResult } from '../../../server/src/service/features/pages';
import type { Catalog, Language } from '../../../server/src/service/catalog';
import { catalog, catalogWith, headings, LANGS, outsideCode, renderHtml, replyEntry, unescape } from './helpers';

const HEADINGS: Record<Language, { description: string; when: string; fix: string; differences: string; which: string; learn: string }> = {
  en: { description: 'Description', when: 'When it occurs', fix: 'How to fix', differences: 'Key differences', which: 'When to use which', learn: 'Learn more' },
  'zh-cn': { description: '描述', when: '何时出现', fix: '如何修复', differences: '主要区别', which: '何时使用哪个', learn: '了解更多' },
};

function markdownOf(result: PageResult): string {
  assert.ok('markdown' in result, `expected a page, got: ${'error' in result ? result.error : ''}`);
  return result.markdown;
}

function errorOf(result: PageResult): string {
  assert.ok('error' in result, 'expected an error, got a page');
  return result.error;
}

/** The page, with escapes undone, holds this catalog text. */
function assertHolds(markdown: string, text: string, what: string): void {
  assert.ok(unescape(markdown).includes(text), `${what} missing: ${text}`);
}

/** Neither the Markdown nor its rendering has a link or an image that is not a catalog https link. */
function assertInert(markdown: string): void {
  const bare = outsideCode(markdown);
  assert.doesNotMatch(bare, /\]\((?!https:\/\/)/, 'a non-https link in the Markdown');
  assert.doesNotMatch(bare, /<[a-z!/]/i, 'raw HTML in the Markdown');
  const render = renderHtml();
  if (render) {
    const html = render(markdown);
    assert.doesNotMatch(html, /<img|<script|<iframe|href="(?!https:\/\/)/i, `rendered HTML acts: ${html}`);
  }
}

// ---- parseCodeQuery -------------------------------------------------------------------------

test('parseCodeQuery reads reply codes, enhanced codes, both, and a command', () => {
  assert.deepEqual(parseCodeQuery('550'), { reply: '550' });
  assert.deepEqual(parseCodeQuery(' 5.1.1 '), { enhanced: '5.1.1' });
  assert.deepEqual(parseCodeQuery('550 5.7.26'), { reply: '550', enhanced: '5.7.26' });
  assert.deepEqual(parseCodeQuery('550-5.7.26'), { reply: '550', enhanced: '5.7.26' });
  assert.deepEqual(parseCodeQuery('5.7.26, 550'), { reply: '550', enhanced: '5.7.26' });
  assert.deepEqual(parseCodeQuery('251@etrn'), { reply: '251', command: 'ETRN' });
});

test('parseCodeQuery names what is wrong with malformed input', () => {
  const cases: Array<[string, string]> = [
    ['', 'empty'], ['   ', 'empty'], ['abc', 'malformed'], ['55', 'malformed'], ['5505', 'malformed'], ['5.1', 'malformed'],
    ['5.1.1.1', 'malformed'], ['5.1.1234', 'malformed'], ['650', 'invalid-reply'], ['199', 'invalid-reply'], ['560', 'invalid-reply'],
    ['3.1.1', 'invalid-enhanced'], ['550 551', 'too-many'], ['5.1.1 5.2.2', 'too-many'], ['550 hello', 'malformed'],
    ['x'.repeat(500), 'malformed'], ['251@', 'malformed'], ['251@R1', 'malformed'],
  ];
  for (const [input, problem] of cases) {
    const parsed = parseCodeQuery(input);
    assert.ok('problem' in parsed, `${JSON.stringify(input)} parsed as ${JSON.stringify(parsed)}`);
    assert.equal(parsed.problem, problem, JSON.stringify(input));
  }
});

// ---- explain ----------------------------------------------------------------------------------

for (const lang of LANGS) {
  test(`explain 550 (${lang}): name, class, description, when, how to fix, related, references from the catalog`, () => {
    const entry = replyEntry('550');
    const page = markdownOf(explainPage('550', catalog, lang));
    const h = HEADINGS[lang];
    assert.match(page, new RegExp(`^# SMTP 550 `));
    assertHolds(page, catalog.text(entry.name, lang), 'name');
    assertHolds(page, `5xx ${catalog.text(catalog.replyClass('550')!.name, lang)}`, 'class');
    assertHolds(page, catalog.text(entry.description, lang), 'description');
    assertHolds(page, catalog.text(entry.whenItOccurs, lang), 'when it occurs');
    assertHolds(page, catalog.text(entry.howToFix, lang), 'how to fix');
    for (const heading of [h.description, h.when, h.fix]) assert.ok(headings(page).includes(`## ${heading}`), `heading ${heading}`);
    assert.ok(headings(page).includes(`## ${catalog.message('heading.related', lang)}`));
    for (const id of entry.related) assert.ok(page.includes(id.split('@')[0]), `related ${id}`);
    for (const ref of entry.references) assert.ok(page.includes(`](${ref.url})`), `reference ${ref.url}`);
    assertInert(page);
  });

  test(`explain 5.1.1 (${lang}): class, subject and detail each explained`, () => {
    const { classEntry, subjectEntry, detail } = catalog.enhanced('5.1.1');
    assert.ok(classEntry && subjectEntry && detail);
    const page = markdownOf(explainPage('5.1.1', catalog, lang));
    for (const text of [classEntry.name, classEntry.description, subjectEntry.name, subjectEntry.description, detail.name, detail.description, detail.howToFix]) {
      assertHolds(page, catalog.text(text, lang), 'part');
    }
    assert.ok(headings(page).includes(`## ${HEADINGS[lang].fix}`));
    assertInert(page);
  });
}

test('explain gives every meaning of a number with several, the one after the given command first', () => {
  const several = catalog.data.replyCodes.map((e) => e.code).filter((code) => catalog.replyMeanings(code).length > 1);
  // The test catalog makes sure there is one even if the data has none.
  const c: Catalog = several.length > 0 ? catalog : catalogWith((data) => {
    const copy = structuredClone(data.replyCodes.find((e) => e.code === '251')!);
    data.replyCodes.push({ ...copy, id: '251@ETRN', afterCommands: ['ETRN'], name: { en: 'Queue Empty', 'zh-cn': '队列为空' } });
  });
  const code = several[0] ?? '251';
  const meanings = c.replyMeanings(code);
  const page = markdownOf(explainPage(code, c, 'en'));
  for (const meaning of meanings) assertHolds(page, `${code} ${c.text(meaning.name, 'en')}`, `meaning ${meaning.id}`);
  assertHolds(page, `${meanings.length} meanings`, 'count');
  const last = meanings[meanings.length - 1];
  const verb = last.afterCommands.find((v) => /^[A-Z]+$/.test(v) && !meanings[0].afterCommands.includes(v));
  assert.ok(verb, 'the meanings differ by command');
  for (const page2 of [markdownOf(explainPage(`${code}@${verb}`, c, 'en')), markdownOf(explainPage(code, c, 'en', { command: verb }))]) {
    const order = headings(page2).filter((line) => line.startsWith(`## ${code} `));
    assert.equal(unescape(order[0]), `## ${code} ${c.text(last.name, 'en')}`);
  }
});

test('251 after RCPT and after ETRN are both explained (shipped catalog)', (t) => {
  if (!catalog.replyById('251@ETRN')) return t.skip('the catalog has no 251@ETRN yet');
  const page = markdownOf(explainPage('251', catalog, 'en'));
  assertHolds(page, catalog.text(catalog.replyById('251')!.name, 'en'), 'after RCPT');
  assertHolds(page, catalog.text(catalog.replyById('251@ETRN')!.name, 'en'), 'after ETRN');
});

test('an unregistered enhanced code is explained by its class and subject', () => {
  const taken = new Set(catalog.data.enhancedCodes.map((e) => e.id));
  let detail = 900;
  while (taken.has(`X.7.${detail}`)) detail++;
  const code = `5.7.${detail}`;
  const page = markdownOf(explainPage(code, catalog, 'en'));
  const { classEntry, subjectEntry } = catalog.enhanced(code);
  assertHolds(page, catalog.text(classEntry!.name, 'en'), 'class');
  assertHolds(page, catalog.text(subjectEntry!.name, 'en'), 'subject');
  assertHolds(page, catalog.text(subjectEntry!.description, 'en'), 'subject description');
  assert.ok(page.includes(catalog.message('hover.unregisteredEnhanced', 'en')));
  assert.ok(markdownOf(explainPage(code, catalog, 'zh-cn')).includes(catalog.message('hover.unregisteredEnhanced', 'zh-cn')));
});

test('explain 550 5.7.26 explains both; a class mismatch is pointed out', () => {
  const page = markdownOf(explainPage('550 5.7.26', catalog, 'en'));
  assertHolds(page, catalog.text(replyEntry('550').description, 'en'), 'reply');
  assertHolds(page, catalog.text(catalog.enhanced('5.7.26').subjectEntry!.name, 'en'), 'enhanced subject');
  assert.ok(!page.includes('⚠'));
  const mismatch = markdownOf(explainPage('250 5.1.1', catalog, 'en'));
  assert.ok(mismatch.includes(catalog.message('page.classMismatch', 'en', '`250`', '`5.1.1`')));
});

test('explain: unknown and malformed codes give a clear message', () => {
  for (const lang of LANGS) {
    assert.ok(errorOf(explainPage('5xx', catalog, lang)).includes('`5xx`'));
    assert.ok(errorOf(explainPage('650', catalog, lang)).includes(catalog.message('reply.invalid', lang, '`650`')));
    assert.ok(errorOf(explainPage('', catalog, lang)).length > 10);
    assert.ok(errorOf(explainPage('3.1.1', catalog, lang)).includes('`3.1.1`'));
  }
  const unknown = ['200', '259', '299'].find((code) => /^[2-5][0-5]\d$/.test(code) && catalog.replyMeanings(code).length === 0);
  if (unknown) {
    const message = errorOf(explainPage(unknown, catalog, 'en'));
    assert.ok(message.includes(`\`${unknown}\``) && message.includes(catalog.text(catalog.replyClass(unknown)!.description, 'en')), message);
  }
  const subjectless = errorOf(explainPage('5.99.1', catalog, 'en'));
  assert.ok(subjectless.includes('`5.99.1`'), subjectless);
});

// ---- compare ----------------------------------------------------------------------------------

for (const lang of LANGS) {
  test(`compare 251 vs 334 (${lang}) has the reference page's structure`, () => {
    const [a, b] = [replyEntry('251'), replyEntry('334')];
    const page = markdownOf(comparePage('251', '334', catalog, lang));
    const h = HEADINGS[lang];
    const title = headings(page)[0];
    assert.ok(title.startsWith('# SMTP 251 ') && title.includes(' 334 '), title);
    assert.equal(unescape(title), `# ${catalog.message('page.compareTitle', lang, `251 ${catalog.text(a.name, lang)}`, `334 ${catalog.text(b.name, lang)}`)}`);
    if (lang === 'en') assert.equal(unescape(title), `# SMTP 251 ${catalog.text(a.name, 'en')} vs 334 ${catalog.text(b.name, 'en')}`);

    // Sections in order: each code with description / when / how to fix, then the comparison.
    const expected = [
      `## 251 ${catalog.text(a.name, lang)}`, `### ${h.description}`, `### ${h.when}`, `### ${h.fix}`,
      `## 334 ${catalog.text(b.name, lang)}`, `### ${h.description}`, `### ${h.when}`, `### ${h.fix}`,
      `## ${h.differences}`, `## ${h.which}`, `## ${h.learn}`,
    ];
    assert.deepEqual(headings(page).slice(1).map(unescape), expected);

    // Both classes summarised, both codes' texts from the catalog.
    for (const [entry, cls] of [[a, catalog.replyClass('251')!], [b, catalog.replyClass('334')!]] as const) {
      assertHolds(page, `${entry.code[0]}xx ${catalog.text(cls.name, lang)}`, 'class');
      assertHolds(page, catalog.text(cls.description, lang), 'class description');
      for (const text of [entry.description, entry.whenItOccurs, entry.howToFix]) assertHolds(page, catalog.text(text, lang), entry.code);
      for (const ref of entry.references) assert.ok(page.includes(`](${ref.url})`), ref.url);
    }
    // Key differences: a table with a column per code and rows for class, meaning, when you meet it.
    const tableLines = page.split('\n').filter((line) => line.startsWith('|'));
    assert.ok(tableLines[0].includes('251') && tableLines[0].includes('334'), tableLines[0]);
    assert.match(tableLines[1], /^\|---\|---\|---\|$/);
    for (const label of ['heading.class', 'heading.meaning', 'heading.whenYouMeetIt']) {
      assert.ok(tableLines.some((line) => line.startsWith(`| ${catalog.message(label, lang)} |`)), label);
    }
    assert.ok(tableLines.some((line) => line.includes('2xx') && line.includes('3xx')), 'class row');
    assertInert(page);
  });
}

test('compare: "when to use which" is composed from whenItOccurs and classes', () => {
  const c = catalogWith((data) => {
    const entry = data.replyCodes.find((e) => e.id === '251')!;
    entry.whenItOccurs = { en: 'SYNTHETIC-WHEN first sentence. Second sentence.', 'zh-cn': '合成的出现时机。第二句。' };
    entry.description = { en: 'SYNTHETIC-DESCRIPTION', 'zh-cn': '合成描述' };
  });
  const page = markdownOf(comparePage('251', '334', c, 'en'));
  const which = page.slice(page.indexOf('## When to use which'), page.indexOf('## Learn more'));
  assertHolds(which, 'SYNTHETIC-WHEN first sentence.', 'whenItOccurs');
  assert.ok(!which.includes('Second sentence'), 'only the first sentence');
  assertHolds(page, 'SYNTHETIC-DESCRIPTION', 'description from the data');
  const zh = markdownOf(comparePage('251', '334', c, 'zh-cn'));
  assert.ok(zh.includes('合成的出现时机。') && zh.includes('合成描述'));
});

test('compare works for two enhanced codes (5.1.1 vs 5.2.2), in both languages', () => {
  for (const lang of LANGS) {
    const page = markdownOf(comparePage('5.1.1', '5.2.2', catalog, lang));
    const h = HEADINGS[lang];
    for (const code of ['5.1.1', '5.2.2']) {
      const { classEntry, subjectEntry, detail } = catalog.enhanced(code);
      for (const text of [classEntry!.name, subjectEntry!.name, detail!.name, detail!.description, detail!.howToFix]) assertHolds(page, catalog.text(text, lang), code);
    }
    for (const heading of [h.description, h.when, h.fix]) assert.equal(headings(page).filter((l) => l === `### ${heading}`).length, 2, heading);
    for (const heading of [h.differences, h.which, h.learn]) assert.ok(headings(page).includes(`## ${heading}`), heading);
    assertInert(page);
  }
});

test('compare refuses what it cannot compare, with a message', () => {
  assert.ok(errorOf(comparePage('251', '5.1.1', catalog, 'en')).length > 0);
  assert.ok(errorOf(comparePage('550 5.1.1', '551', catalog, 'en')).includes('`550 5.1.1`'));
  assert.ok(errorOf(comparePage('251', '251', catalog, 'en')).length > 0);
  assert.ok(errorOf(comparePage('5.1.1', '5.01.1', catalog, 'en')).length > 0);
  assert.ok(errorOf(comparePage('251', 'abc', catalog, 'zh-cn')).includes('`abc`'));
  assert.ok(errorOf(comparePage('251', '', catalog, 'en')).length > 0);
});

// ---- escaping ---------------------------------------------------------------------------------

const HOSTILE = [
  '[x](command:workbench.action.terminal.new)',
  '<img src=x onerror=alert(1)>',
  '550 [x](command:workbench.action.terminal.new)',
  '550@<img src=x>',
  '![i](https://evil.example/i.png)',
  '`` <img src=x> ``',
  '550\n\n[x](command:evil)',
  '<script>alert(1)</script>',
];

test('a hostile query never produces a link or HTML, in pages or in messages', () => {
  for (const query of HOSTILE) {
    for (const lang of LANGS) {
      for (const result of [explainPage(query, catalog, lang), comparePage(query, '251', catalog, lang), comparePage('251', query, catalog, lang)]) {
        const text = 'error' in result ? result.error : result.markdown;
        assertInert(text);
      }
    }
  }
  // A command from a hover link's arguments is only ever matched against the catalog, never shown.
  const page = markdownOf(explainPage('550', catalog, 'en', { command: '<img src=x>' }));
  assert.ok(!page.includes('img'));
  assertInert(page);
});

test('catalog text is escaped too: a hostile catalog entry cannot make a link or HTML', () => {
  const evil = '[x](command:workbench.action.terminal.new) <img src=x> **bold**';
  const c = catalogWith((data) => {
    for (const entry of data.replyCodes.filter((e) => e.code === '251' || e.code === '334')) {
      entry.name = { en: evil, 'zh-cn': evil };
      entry.description = { en: evil, 'zh-cn': evil };
      entry.references = [...entry.references, { source: evil, url: 'command:workbench.action.terminal.new' }];
    }
  });
  for (const lang of LANGS) {
    assertInert(markdownOf(comparePage('251', '334', c, lang)));
    assertInert(markdownOf(explainPage('251', c, lang)));
  }
});

// ---- catalog items ------------------------------------------------------------------------------

test('catalog items: "NNN Name" for every reply meaning and "C.S.D Name" per allowed class', () => {
  for (const lang of LANGS) {
    const items = catalogItems(catalog, lang);
    const e251 = replyEntry('251');
    assert.ok(items.some((i) => i.kind === 'reply' && i.label === `251 ${catalog.text(e251.name, lang)}`));
    const x11 = catalog.data.enhancedCodes.find((e) => e.id === 'X.1.1')!;
    assert.ok(items.some((i) => i.kind === 'enhanced' && i.code === '5.1.1' && i.label === `5.1.1 ${catalog.text(x11.name, lang)}`));
    assert.equal(items.filter((i) => i.kind === 'reply').length, catalog.data.replyCodes.length);
    for (const item of items) {
      assert.ok(item.label.startsWith(`${item.code} `), item.label);
      assert.match(item.code, /^[0-9.]+$/);
      // Every item opens a page.
      assert.ok('markdown' in explainPage(item.command ? `${item.code}@${item.command}` : item.code, catalog, lang), item.label);
    }
    // Each meaning of a code with several has its own item, which opens that meaning first.
    for (const entry of catalog.data.replyCodes.filter((e) => catalog.replyMeanings(e.code).length > 1)) {
      const item = items.find((i) => i.kind === 'reply' && i.code === entry.code && i.label === `${entry.code} ${catalog.text(entry.name, lang)}` && (i.command === undefined) === !entry.id.includes('@'));
      assert.ok(item, `no item for ${entry.id}`);
      const page = markdownOf(explainPage(item.command ? `${item.code}@${item.command}` : item.code, catalog, lang));
      assert.equal(unescape(headings(page).filter((l) => l.startsWith('## '))[0]), `## ${entry.code} ${catalog.text(entry.name, lang)}`, entry.id);
    }
  }
});

// ---- messages ---------------------------------------------------------------------------------

test('every message the pages use exists in English and Chinese', () => {
  const folder = path.resolve(__dirname, '..', '..', '..', 'server', 'src', 'service', 'features', 'pages');
  const keys = new Set<string>();
  for (const file of readdirSync(folder)) {
    const source = readFileSync(path.join(folder, file), 'utf8');
    for (const match of source.matchAll(/\b(?:message|m)\(\s*'([a-zA-Z][\w.-]*)'/g)) keys.add(match[1]);
  }
  for (const key of ['outcome.success', 'outcome.intermediate', 'outcome.transient', 'outcome.permanent',
    'kind.core', 'kind.extension', 'kind.experimental', 'kind.registry-only', 'kind.non-standard',
    'status.registered', 'status.deprecated', 'status.unregistered', 'page.field.class', 'page.field.subject', 'page.field.sentAfter',
    'page.classPart', 'page.subjectPart', 'page.detailPart']) keys.add(key);
  assert.ok(keys.size > 30, `found only ${keys.size} keys`);
  for (const key of keys) {
    const entry = catalog.data.messages[key];
    assert.ok(entry, `message ${key} missing`);
    assert.ok(entry.en && entry['zh-cn'], `message ${key} lacks a language`);
  }
});
