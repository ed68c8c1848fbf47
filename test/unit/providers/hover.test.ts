// Hovers on real provider replies lead with what THIS reply means from THIS provider: the provider,
// the token the reply gives, its meaning, what to do and where to go; then a short generic part.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { hover, parseDocument, resolveOptions, type Language, type LanguageId } from '../../../server/src/service';
import { hoverText } from '../../helpers/documents';
import { assertFits } from '../../helpers/hover-size';
import { brief, MEANING_COLUMNS, WHAT_TO_DO_COLUMNS } from '../../../server/src/service/features/brief';
import { catalog } from '../../helpers/catalog';

const corpus = resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const present = existsSync(resolve(corpus, 'eml'));

/** Hover Markdown at the first `needle` on the first line holding `lineNeedle`, `offset` characters in. */
function hoverAt(text: string, languageId: LanguageId, lineNeedle: string, needle: string, offset: number, lang: Language): string {
  const lines = text.split(/\r?\n/);
  const line = lines.findIndex((l) => l.includes(lineNeedle));
  assert.ok(line >= 0, `no line with ${lineNeedle}`);
  const character = lines[line].indexOf(needle) + offset;
  return hoverText(hover(parseDocument(text, languageId), catalog, { line, character }, { ...resolveOptions({}), language: lang }));
}

/** Markdown with its backslash escapes undone. */
const plain = (markdown: string): string => markdown.replace(/\\([\\`*_{}[\]()#+\-.!|<>~&"':])/g, '$1');

/** The lead names the provider, the token and the rule's title first, in the hover's language. */
function assertLead(markdown: string, ruleId: string, token: string, lang: Language): void {
  const found = catalog.providerRule(ruleId);
  assert.ok(found, ruleId);
  const first = plain(markdown.split(/ {2}\n|\n\n/)[0]);
  assert.equal(first, `**${found.provider.name[lang]}** · \`${token}\` · ${found.rule.title[lang]}`);
  assert.ok(plain(markdown).includes(brief(found.rule.meaning[lang], MEANING_COLUMNS)), 'meaning');
  assert.ok(plain(markdown).includes(brief(found.rule.whatToDo[lang], WHAT_TO_DO_COLUMNS)), 'what to do');
  assert.ok(markdown.includes(`](${(found.rule.pointer ?? found.provider.postmaster).url})`), 'pointer link');
  assertFits(markdown);
}

/** Gmail's 2024 refusal of unauthenticated mail (the same file the end-to-end hover test opens). */
const GMAIL_TRANSCRIPT = readFileSync(resolve(__dirname, '../../fixtures/transcripts/gmail-unauthenticated.smtp'), 'utf8');

const NETEASE_TRANSCRIPT = [
  'S: 220 163.com Anti-spam GT for Coremail System (163com[20141201])',
  'C: EHLO crawler.example.com',
  'S: 250 OK',
  'C: MAIL FROM:<me@example.com>',
  'S: 250 Mail OK',
  'C: RCPT TO:<friend@163.com>',
  'S: 250 Mail OK',
  'C: DATA',
  'S: 354 End data with <CR><LF>.<CR><LF>',
  'C: .',
  'S: 554 DT:SPM 163 smtp10,DsCowAA3D+JApVpd78gMKg--.16104S2 1566221632,please see http://mail.163.com/help/help_spam_16.htm?ip=59.42.123.65&hostid=smtp10&time=1566221632',
  '',
].join('\n');

const POSTFIX_LOG = [
  'Jun 12 12:12:53 mx postfix/smtp[1234]: 4AB12C0001: to=<georgia@example.co.uk>, relay=example-co-uk.mail.protection.outlook.com[104.47.8.36]:25, delay=1.2, delays=0.1/0/0.6/0.5, dsn=5.7.606, status=bounced (host example-co-uk.mail.protection.outlook.com[104.47.8.36] said: 550 5.7.606 Access denied, banned sending IP [192.0.2.135]. To request removal from this list please visit https://sender.office.com/ and follow the directions. (AS16012609) (in reply to RCPT TO command))',
  '',
].join('\n');

for (const lang of ['en', 'zh-cn'] as const) {
  describe(`provider leads (${lang})`, () => {
    test('Gmail 5.7.26 in a transcript: on the code, on the enhanced code and on the words', () => {
      assertLead(hoverAt(GMAIL_TRANSCRIPT, 'smtp', 'S: 550 5.7.26', '550', 1, lang), 'gmail-unauthenticated', '5.7.26', lang);
      assertLead(hoverAt(GMAIL_TRANSCRIPT, 'smtp', 'S: 550-5.7.26 This mail', '5.7.26', 1, lang), 'gmail-unauthenticated', '5.7.26', lang);
      const words = hoverAt(GMAIL_TRANSCRIPT, 'smtp', 'S: 550-5.7.26 Gmail requires', 'requires', 2, lang);
      assert.match(plain(words), /Gmail \/ Google Workspace/);
    });

    test('under the lead, one line: the code, whether it is final and what it answered; the rest behind the Explain link', () => {
      const value = hoverAt(GMAIL_TRANSCRIPT, 'smtp', 'S: 550 5.7.26', '550', 1, lang);
      const codeLine = value.split('\n\n')[0].split('  \n')[1];
      assert.equal(codeLine, `**550 ${catalog.replyById('550')!.name[lang]}** · ${catalog.message('hover.outcome.permanent', lang)} (5xx) · ${catalog.message('hover.inReplyTo', lang, '`DATA`', 8)}`);
      for (const heading of ['heading.whenItOccurs', 'heading.howToFix', 'heading.references']) assert.ok(!value.includes(catalog.message(heading, lang)), `${heading} belongs on the Explain page`);
      assert.ok(!value.includes(catalog.replyById('550')!.description[lang].slice(0, 30)), 'the generic description belongs on the Explain page');
      assert.match(value.split('\n\n').at(-1)!, /\(command:smtpLens\.explainCode\?[^)]*gmail-unauthenticated/);
    });

    test('NetEase DT:SPM after DATA', () => {
      assertLead(hoverAt(NETEASE_TRANSCRIPT, 'smtp', 'S: 554 DT:SPM', '554', 1, lang), 'netease-dt-spm', 'DT:SPM', lang);
    });

    test('Microsoft 5.7.606 in a Postfix log: on the reply code and on dsn=', () => {
      assertLead(hoverAt(POSTFIX_LOG, 'maillog', 'status=bounced', 'said: 550', 7, lang), 'microsoft-banned-ip', '5.7.606', lang);
      assertLead(hoverAt(POSTFIX_LOG, 'maillog', 'status=bounced', 'dsn=5.7.606', 5, lang), 'microsoft-banned-ip', '5.7.606', lang);
    });

    const bounces: Array<[string, string, string, string, string]> = [
      ['set-of-emails__rhost-microsoft-01.eml', 'Diagnostic-Code: SMTP; 550 5.7.606', '550', 'microsoft-banned-ip', '5.7.606'],
      ['set-of-emails__rhost-google-03.eml', 'Diagnostic-Code: smtp; 550-5.7.26', '550', 'gmail-spf-hardfail', '5.7.26'],
      ['set-of-emails__rhost-yahooinc-02.eml', 'Diagnostic-Code: smtp; 421 4.7.0 [TSS04]', '421', 'yahoo-deferred', 'TSS04'],
      ['set-of-emails__rhost-tencent-02.eml', 'Diagnostic-Code: smtp; 550 Connection', '550', 'tencent-frequency', 'Connection frequency limited'],
      ['set-of-emails__lhost-mimecast-02.eml', 'Diagnostic-Code : smtp;550 5.7.54', '550', 'exchange-relay-non-accepted', '5.7.54'],
      ['set-of-emails__rhost-apple-03.eml', 'Diagnostic-Code: smtp; 552 5.2.2', '552', 'icloud-over-quota', 'over quota'],
      ['set-of-emails__rhost-microsoft-03.eml', 'Diagnostic-Code: smtp;550 5.1.10', '550', 'microsoft-recipient-not-found-directory', '5.1.10'],
    ];
    for (const [file, lineNeedle, needle, rule, token] of bounces) {
      test(`a real bounce: ${file}`, { skip: !present && 'no ../shared/corpus here' }, () => {
        const text = readFileSync(resolve(corpus, 'eml', file), 'utf8');
        assertLead(hoverAt(text, 'eml', lineNeedle, needle, 1, lang), rule, token, lang);
      });
    }
    // Microsoft's own sense of 5.1.10 leads; the registry's (RFC 7505's null MX) would contradict it.
    test('Microsoft 5.1.10 on a DSN Status: no null MX under the directory lead', { skip: !present && 'no ../shared/corpus here' }, () => {
      const text = readFileSync(resolve(corpus, 'eml', 'set-of-emails__rhost-microsoft-03.eml'), 'utf8');
      const value = hoverAt(text, 'eml', 'Status: 5.1.10', '5.1.10', 1, lang);
      assertLead(value, 'microsoft-recipient-not-found-directory', '5.1.10', lang);
      assert.ok(!value.includes(catalog.enhanced('5.1.10').detail!.name[lang]), value);
    });
  });
}

test('a reply no provider rule fits: the code, its class, what it answered, what it means and what to do; the rest behind the link', () => {
  const text = 'C: RCPT TO:<bob@example.org>\nS: 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in local recipient table\n';
  for (const lang of ['en', 'zh-cn'] as const) {
    const value = hoverAt(text, 'smtp', 'S: 550', '550', 1, lang);
    const blocks = value.split('\n\n');
    assert.equal(blocks.length, 3, value);
    assert.equal(blocks[0], `**550 ${catalog.replyById('550')!.name[lang]}** · ${catalog.message('hover.outcome.permanent', lang)} (5xx) · ${catalog.message('hover.inReplyTo', lang, '`RCPT TO:<bob@example.org>`', 1)}`);
    const detail = catalog.enhanced('5.1.1').detail!;
    const [meaning, whatToDo] = blocks[1].split('  \n');
    assert.ok(plain(meaning).includes(brief(detail.description[lang], MEANING_COLUMNS)), meaning);
    assert.equal(plain(whatToDo), `**${catalog.message('hover.whatToDo', lang)}${lang === 'zh-cn' ? '：' : ':'}** ${brief(detail.howToFix[lang], WHAT_TO_DO_COLUMNS)}`);
    assert.match(blocks[2], /^\[[^\]]+\]\(command:smtpLens\.explainCode\?/);
    assert.equal(JSON.parse(decodeURIComponent(/explainCode\?([^)]+)\)/.exec(blocks[2])![1]))[0].code, '550 5.1.1');
    assert.ok(!value.includes(catalog.message('heading.howToFix', lang)) && !value.includes('---'));
    assertFits(value);
  }
});
