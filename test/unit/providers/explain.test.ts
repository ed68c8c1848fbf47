// `smtp-lens explain "<whole reply line>"` and the Explain page: what THIS reply means from THIS
// provider first, then the codes' general page; the hover's link opens the same page by rule id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../server/src/cli';
import { explainPage } from '../../../server/src/service/features/pages';
import { commandLink, EXPLAIN_COMMAND } from '../../../server/src/service/features/pages/links';
import { catalog } from '../../helpers/catalog';

const plain = (markdown: string): string => markdown.replace(/\\([\\`*_{}[\]()#+\-.!|<>~&"':])/g, '$1');

function run(...args: string[]): { status: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(args, (line) => out.push(line), (line) => err.push(line));
  return { status, out: out.join('\n'), err: err.join('\n') };
}

const BANNED = '550 5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 (AS16012609)';

for (const lang of ['en', 'zh-cn'] as const) {
  test(`smtp-lens explain "<whole line>" prints the provider's page, then the codes' (${lang})`, () => {
    const { status, out, err } = run('explain', BANNED, '--lang', lang);
    assert.equal(status, 0, err);
    const text = plain(out);
    const { provider, rule } = catalog.providerRule('microsoft-banned-ip')!;
    assert.equal(text.split('\n')[0], `# ${catalog.message('page.providerTitle', lang, '550 5.7.606', provider.name[lang], rule.title[lang])}`);
    assert.ok(text.includes(rule.meaning[lang]));
    assert.ok(text.includes(rule.whatToDo[lang]));
    assert.ok(out.includes('(https://sender.office.com/)'), 'the delist portal is linked');
    // The general page follows, one level down.
    assert.match(text, /^## SMTP 550 5\.7\.606$/m);
    assert.match(text, /^### 550 /m);
  });
}

test('a whole line split over several arguments, or after "smtp;" as in a DSN, reads the same', () => {
  const joined = run('explain', ...BANNED.split(' ')).out;
  assert.equal(joined, run('explain', BANNED).out);
  assert.equal(run('explain', `smtp; ${BANNED}`).out.split('\n')[0], joined.split('\n')[0]);
});

test('lines from other providers get their own pages', () => {
  const cases: Array<[string, string]> = [
    ['554 DT:SPM 163 smtp10,DsCowAA3D+JApVpd78gMKg--.16104S2 1566221632,please see http://mail.163.com/help/help_spam_16.htm?ip=59.42.123.65', 'netease-dt-spm'],
    ["550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).", 'outlook-com-blocklist'],
    ['421 4.7.0 [TSS04] Messages from 192.0.2.192 temporarily deferred due to unexpected volume or user complaints', 'yahoo-deferred'],
    ['550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain', 'exchange-relay-non-accepted'],
  ];
  for (const [line, ruleId] of cases) {
    const result = explainPage(line, catalog, 'zh-cn');
    assert.ok('markdown' in result, line);
    assert.ok(plain(result.markdown).includes(catalog.providerRule(ruleId)!.rule.meaning['zh-cn']), ruleId);
  }
});

test('a reply line no provider rule fits says so, then explains its codes', () => {
  const result = explainPage('550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in local recipient table', catalog, 'en');
  assert.ok('markdown' in result);
  assert.ok(result.markdown.startsWith(`*${catalog.message('page.noProvider', 'en')}*`));
  assert.match(result.markdown, /^# SMTP 550 5\\\.1\\\.1$/m);
});

test('text that is no reply at all is still a clear error, the text quoted as code', () => {
  const result = explainPage('hello there [click](javascript:alert(1))', catalog, 'en');
  assert.ok('error' in result);
  assert.ok(result.error.startsWith('`hello there [click](javascript:alert(1))` '), 'quoted whole as inline code');
});

test('the hover link opens the provider page by rule id: explain with { code, rule }', () => {
  const result = explainPage('550 5.7.606', catalog, 'en', { rule: 'microsoft-banned-ip' });
  assert.ok('markdown' in result);
  assert.ok(plain(result.markdown).startsWith(`# ${catalog.message('page.providerTitle', 'en', '550 5.7.606', 'Microsoft 365 / Exchange Online', 'Banned sending IP')}`));
  // An unknown rule id changes nothing.
  const generic = explainPage('550 5.7.606', catalog, 'en', { rule: 'no-such-rule' });
  assert.deepEqual(generic, explainPage('550 5.7.606', catalog, 'en'));
});

test('explain links carry a rule id only when it is one (lower-case words and hyphens)', () => {
  assert.match(commandLink('x', EXPLAIN_COMMAND, { code: '550 5.7.606', rule: 'microsoft-banned-ip' }), /^\[x\]\(command:smtpLens\.explainCode\?/);
  assert.equal(commandLink('x', EXPLAIN_COMMAND, { code: '550 5.7.606', rule: 'Bad Rule)' }), 'x');
  assert.equal(commandLink('x', EXPLAIN_COMMAND, { code: '550 Access denied' }), 'x');
});
