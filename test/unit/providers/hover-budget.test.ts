// Every hover on a reply fits on a screen without scrolling (issue 18): what THIS reply means first,
// short, and the reference text behind the Explain link. Checked for every reply code and enhanced
// code of the catalog after the commands it follows, for every provider rule, and for the hovers on
// every reply code and enhanced code of the real corpus files, in English and Chinese. The e2e suite
// checks the same in the real editor (test/e2e/hover.test.ts: no scrollbar in the hover).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hover, parseDocument, type LanguageId } from '../../../server/src/service';
import { brief, leadingSentences, MEANING_COLUMNS, WHAT_TO_DO_COLUMNS } from '../../../server/src/service/features/brief';
import { catalog, hoverText, options } from '../../helpers/documents';
import { corpusRoot } from '../../helpers/corpus';
import { assertFits, hoverHeight, hoverSize, HOVER_BUDGET } from '../../helpers/hover-size';

const LANGS = ['en', 'zh-cn'] as const;

function hoverOn(text: string, languageId: LanguageId, line: number, character: number, lang: 'en' | 'zh-cn'): string {
  return hoverText(hover(parseDocument(text, languageId), catalog, { line, character }, options({ language: lang })));
}

test('the hover of every reply code, after every command it follows, with and without an enhanced code, fits', () => {
  let checked = 0;
  for (const entry of catalog.data.replyCodes) {
    const commands = entry.afterCommands.filter((c) => /^[A-Z]+$/.test(c) && c !== 'CONNECT');
    const enhanced = catalog.data.enhancedCodes.filter((e) => e.replyCodes?.includes(entry.code)).map((e) => `${entry.code[0]}.${e.subject}.${e.detail}`);
    for (const command of commands.length > 0 ? commands : ['NOOP']) {
      for (const code of [undefined, ...enhanced]) {
        const reply = `S: ${entry.code} ${code ? `${code} ` : ''}Requested action not taken`;
        const text = `C: ${command}${command === 'MAIL' ? ' FROM:<a@example.com>' : command === 'RCPT' ? ' TO:<b@example.org>' : ''}\n${reply}\n`;
        for (const lang of LANGS) {
          const value = hoverOn(text, 'smtp', 1, 4, lang);
          assert.match(value, new RegExp(`^\\*\\*${entry.code}`), `${entry.code} after ${command}`);
          assertFits(value, `${entry.code}${code ? ` ${code}` : ''} after ${command} (${lang})`);
          if (code) assert.equal(hoverOn(text, 'smtp', 1, 8, lang), value, 'the enhanced code gives the same hover');
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 500, `${checked} hovers`);
});

test('the hover of every enhanced code alone (a DSN Status:) fits', () => {
  for (const entry of catalog.data.enhancedCodes) {
    for (const cls of entry.classes) {
      const code = `${cls}.${entry.subject}.${entry.detail}`;
      const text = ['Final-Recipient: rfc822; bob@example.org', 'Action: failed', `Status: ${code}`, ''].join('\n');
      for (const lang of LANGS) {
        const value = hoverOn(`Content-Type: message/delivery-status\n\n${text}`, 'eml', 4, 9, lang);
        assert.match(value, new RegExp(`^\\*\\*${code.replace(/\./g, '\\\\\\.')}\\*\\*`), `${code}: ${value}`);
        assertFits(value, `${code} (${lang})`);
      }
    }
  }
});

test('every provider rule\'s hover fits', () => {
  for (const provider of catalog.providers()) {
    for (const rule of provider.rules) {
      for (const lang of LANGS) {
        // The longest hover a rule gives: its lead, then the code with what the reply answered, and the links.
        const markdown = [`**${provider.name[lang]}** · \`TOKEN\` · ${rule.title[lang]}  \n`
          + `**550 ${catalog.replyById('550')!.name[lang]}** · ${catalog.message('hover.outcome.permanent', lang)} (5xx) · ${catalog.message('hover.inReplyTo', lang, '`RCPT TO:<someone@example.org>`', 120)}`,
          `${brief(rule.meaning[lang], MEANING_COLUMNS)}  \n**${catalog.message('hover.whatToDo', lang)}:** ${brief(rule.whatToDo[lang], WHAT_TO_DO_COLUMNS)}`,
          `[${(rule.pointer ?? provider.postmaster).title[lang]}](https://example.org) · [${catalog.message('hover.explainLink', lang)}](command:x)`].join('\n\n');
        assertFits(markdown, `${rule.id} (${lang})`);
      }
    }
  }
});

test('a hover is cut at whole sentences and says so; a first sentence is never cut', () => {
  assert.deepEqual(leadingSentences('One. Two three. Four.', 10), { text: 'One.', clipped: true });
  assert.deepEqual(leadingSentences('One. Two three. Four.', 15), { text: 'One. Two three.', clipped: true });
  assert.deepEqual(leadingSentences('One. Two three. Four.', 100), { text: 'One. Two three. Four.', clipped: false });
  assert.equal(brief('Send it, e.g. later. Then stop.', 22), 'Send it, e.g. later. …', 'e.g. ends no sentence');
  assert.equal(brief('5.1.1: check it. 5.2.2: wait.', 18), '5.1.1: check it. …', 'a code ends no sentence');
  assert.equal(brief('一句话很长很长。第二句。', 16), '一句话很长很长。 …', 'a CJK character takes two columns');
  assert.equal(brief('A long first sentence over the budget. Second.', 5), 'A long first sentence over the budget. …');
});

const corpus = corpusRoot();
const FOLDERS: Array<[string, LanguageId]> = [['transcripts', 'smtp'], ['logs', 'maillog'], ['eml', 'eml']];

function filesBelow(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesBelow(join(dir, name)) : [join(dir, name)]));
}

test('hovers on the reply codes and enhanced codes of the real corpus files fit', { skip: !existsSync(join(corpus, 'eml')) && 'no ../shared/corpus here' }, () => {
  let hovers = 0;
  let tallest = 0;
  for (const [folder, languageId] of FOLDERS) {
    for (const file of filesBelow(join(corpus, folder))) {
      const text = readFileSync(file, 'utf8');
      const model = parseDocument(text, languageId);
      const lines = text.split(/\r?\n/);
      // The first codes of each file: the replies people hover, without hovering every log line.
      let seen = 0;
      for (let line = 0; line < lines.length && seen < 12; line++) {
        for (const m of lines[line].matchAll(/(?<![\w.])(?:[2-5]\d\d|[245]\.\d{1,3}\.\d{1,3})(?![\w.])/g)) {
          for (const lang of LANGS) {
            const value = hoverText(hover(model, catalog, { line, character: m.index + 1 }, options({ language: lang })));
            if (!value) continue;
            seen++;
            hovers++;
            tallest = Math.max(tallest, hoverHeight(hoverSize(value)));
            assertFits(value, `${file}:${line + 1} ${m[0]} (${lang})`);
          }
        }
      }
    }
  }
  assert.ok(hovers > 1000, `${hovers} hovers`);
  assert.ok(tallest <= HOVER_BUDGET.height);
});
