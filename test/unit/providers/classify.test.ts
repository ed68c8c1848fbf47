// The provider table feeds bounce classification, the bounce command's records and the log
// summary's reason groups: a provider's own reply is read as what that provider says it means.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument, type MessageModel } from '../../../server/src/service';
import { classifyMessage } from '../../../server/src/service/bounce';
import { bounceRecords } from '../../../server/src/service/bounce/records';
import { logSummary } from '../../../server/src/service/features/log/summary';
import { catalog } from '../../helpers/catalog';

const corpus = resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const skip = !existsSync(resolve(corpus, 'eml')) && 'no ../shared/corpus here';

function eml(name: string): MessageModel {
  const model = parseDocument(readFileSync(resolve(corpus, 'eml', name), 'utf8'), 'eml');
  assert.equal(model.kind, 'message');
  return model as MessageModel;
}

test('real bounces are classified by their provider rule', { skip }, () => {
  const cases: Array<[string, string, string]> = [
    ['set-of-emails__rhost-microsoft-01.eml', 'microsoft-banned-ip', 'blocked'],
    ['set-of-emails__rhost-tencent-02.eml', 'tencent-frequency', 'rate-limited'],
    ['set-of-emails__rhost-yahooinc-02.eml', 'yahoo-deferred', 'bad-reputation'],
    ['set-of-emails__lhost-mimecast-02.eml', 'exchange-relay-non-accepted', 'relay-denied'],
  ];
  for (const [file, rule, reason] of cases) {
    const [first] = eml(file).messages.flatMap((m) => classifyMessage(m, catalog));
    assert.equal(first.classification.provider, rule, file);
    assert.equal(first.classification.reason.id, reason, file);
  }
});

test('a provider rule never makes a temporary refusal a hard bounce', { skip }, () => {
  const [first] = eml('set-of-emails__rhost-yahooinc-02.eml').messages.flatMap((m) => classifyMessage(m, catalog));
  assert.notEqual(first.classification.bounce, 'hard');
});

test('bounce records name the provider, its rule and where to go, in the record language', { skip }, () => {
  for (const lang of ['en', 'zh-cn'] as const) {
    const [record] = bounceRecords(eml('set-of-emails__rhost-microsoft-01.eml'), catalog, { language: lang });
    const { provider, rule } = catalog.providerRule('microsoft-banned-ip')!;
    assert.deepEqual(record.provider, { id: provider.id, name: provider.name[lang], rule: rule.id, title: rule.title[lang], url: 'https://sender.office.com/' });
  }
});

const LOG = [
  'Jun 12 12:12:53 mx postfix/smtp[1234]: 4AB12C0001: to=<georgia@example.co.uk>, relay=example-co-uk.mail.protection.outlook.com[104.47.8.36]:25, delay=1.2, delays=0.1/0/0.6/0.5, dsn=5.7.606, status=bounced (host example-co-uk.mail.protection.outlook.com[104.47.8.36] said: 550 5.7.606 Access denied, banned sending IP [192.0.2.135]. To request removal from this list please visit https://sender.office.com/ and follow the directions. (AS16012609) (in reply to RCPT TO command))',
  'Jun 12 12:12:54 mx postfix/smtp[1235]: 4AB12C0002: to=<info@palisade.example>, relay=palisade-example.mail.protection.outlook.com[104.47.8.37]:25, delay=1.1, delays=0.1/0/0.6/0.4, dsn=5.7.606, status=bounced (host palisade-example.mail.protection.outlook.com[104.47.8.37] said: 550 5.7.606 Access denied, banned sending IP [192.0.2.135]. To request removal from this list please visit https://sender.office.com/ and follow the directions. (AS16012609) (in reply to RCPT TO command))',
  'Jun 12 12:13:01 mx postfix/smtp[1236]: 4AB12C0003: to=<friend@163.com>, relay=163mx01.mxmail.netease.com[220.181.14.161]:25, delay=2, delays=0.1/0/1/0.9, dsn=5.0.0, status=bounced (host 163mx01.mxmail.netease.com[220.181.14.161] said: 554 DT:SPM 163 mx19,QcCowAD3_1ZxJ9ZeBSmLCg--.13785S2 1591093108 http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.135&hostid=mx19&time=1591093108 (in reply to end of DATA command))',
  '',
].join('\n');

test('the log summary groups refusals by what they mean from their provider', () => {
  for (const lang of ['en', 'zh-cn'] as const) {
    const model = parseDocument(LOG, 'maillog');
    assert.equal(model.kind, 'log');
    const summary = logSummary(model as Parameters<typeof logSummary>[0], catalog, lang);
    const ms = catalog.providerRule('microsoft-banned-ip')!;
    const netease = catalog.providerRule('netease-dt-spm')!;
    assert.deepEqual(summary.reasons.map((r) => [r.count, r.reason, r.provider]), [
      [2, `550 5.7.606 ${ms.provider.name[lang]}: ${ms.rule.title[lang]}`, 'microsoft-banned-ip'],
      [1, `554 5.0.0 ${netease.provider.name[lang]}: ${netease.rule.title[lang]}`, 'netease-dt-spm'],
    ]);
  }
});
