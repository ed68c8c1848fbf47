// The provider table (data/providers.json): schema, internal consistency, and real replies from each
// provider recognised as that provider's, with the token the reply itself gives.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { edited, readJson } from '../../helpers/json';
import { LANGUAGES } from '../../../server/src/service/catalog';
import { providerMatch, type ReplyFacts } from '../../../server/src/service/catalog/providers';
import { catalog } from '../../helpers/catalog';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const dataFile = path.join(repoRoot, 'data', 'providers.json');
const schemaFile = path.join(repoRoot, 'data', 'schema', 'providers.schema.json');
const providers = catalog.providers();
const rules = providers.flatMap((p) => p.rules);
const CJK = /[\u3400-\u9fff]/;

describe('providers.json schema', () => {
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(readJson(schemaFile) as object);

  test('the shipped file passes the schema', () => {
    assert.ok(validate(readJson(dataFile)), JSON.stringify(validate.errors, null, 2));
  });

  const breakages: Array<[string, Array<string | number>, unknown]> = [
    ['a missing zh-cn text', ['providers', 0, 'rules', 0, 'meaning', 'zh-cn'], undefined],
    ['an empty what-to-do', ['providers', 0, 'rules', 0, 'whatToDo', 'en'], ''],
    ['a plain-http pointer', ['providers', 0, 'postmaster', 'url'], 'http://example.com/'],
    ['a rule with neither pattern nor enhanced code', ['providers', 0, 'rules', 0], { id: 'x', title: { en: 'x', 'zh-cn': '某' }, meaning: { en: 'x', 'zh-cn': '某' }, whatToDo: { en: 'x', 'zh-cn': '某' }, reason: 'policy' }],
    ['an enhanced code of class 3', ['providers', 0, 'rules', 0, 'enhanced'], ['3.7.1']],
    ['a host with a scheme', ['providers', 0, 'hosts'], ['https://google.com']],
    ['an unknown property', ['providers', 0, 'rules', 0, 'severity'], 'high'],
  ];
  for (const [what, where, value] of breakages) {
    test(`a copy with ${what} fails the schema`, () => {
      assert.equal(validate(edited(readJson(dataFile), where, value)), false);
    });
  }
});

describe('providers.json content', () => {
  test('the providers the issue names are all there', () => {
    const ids = new Set(providers.map((p) => p.id));
    for (const id of ['gmail', 'microsoft-365', 'outlook-com', 'exchange-server', 'yahoo', 'icloud', 'comcast', 'gmx-webde', 't-online', 'orange', 'mail-ru', 'netease', 'tencent', 'alibaba']) {
      assert.ok(ids.has(id), `${id} missing`);
    }
  });

  test('provider and rule ids are unique', () => {
    assert.equal(new Set(providers.map((p) => p.id)).size, providers.length);
    assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
  });

  test('every rule names a bounce reason that exists, and its pattern compiles', () => {
    for (const rule of rules) {
      assert.ok(catalog.bounceReason(rule.reason), `${rule.id}: reason ${rule.reason} missing from bounce-reasons.json`);
      if (rule.pattern) assert.doesNotThrow(() => new RegExp(rule.pattern!, 'i'), rule.id);
      // Linear patterns only: a quantified group that itself holds a quantifier can backtrack badly.
      if (rule.pattern) assert.doesNotMatch(rule.pattern, /\((?:[^()]*[+*][^()]*)\)[+*{]/, `${rule.id}: nested quantifier`);
    }
  });

  test('every text has both languages, the Chinese one in Chinese', () => {
    for (const p of providers) {
      const texts = [p.name, p.postmaster.title, ...p.rules.flatMap((r) => [r.title, r.meaning, r.whatToDo, ...(r.pointer ? [r.pointer.title] : [])])];
      for (const text of texts) {
        for (const lang of LANGUAGES) assert.ok(text[lang].trim(), `${p.id}: empty ${lang} text`);
      }
      for (const r of p.rules) assert.match(r.meaning['zh-cn'], CJK, `${r.id}: zh-cn meaning is not Chinese`);
    }
  });

  test('no advice suggests moving to other IP addresses to get round a block', () => {
    for (const rule of rules) {
      assert.doesNotMatch(rule.whatToDo.en, /\b(?:rotate|switch to (?:a |an )?(?:new|other|different) (?:ip|address)|use (?:a |an )?(?:new|different|other) ip)/i, rule.id);
    }
  });
});

/** Real replies, as their providers sent them (from ../shared/corpus or public bug reports), and what they must be read as. */
const REAL: Array<{ facts: ReplyFacts; rule: string; token: string }> = [
  { facts: { text: '550-5.7.26 This mail has been blocked because the sender is unauthenticated. 550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM. 550 5.7.26 For instructions on setting up authentication, go to https://support.google.com/mail/answer/81126#authentication 2-222 - gsmtp' }, rule: 'gmail-unauthenticated', token: '5.7.26' },
  { facts: { text: '550-5.7.26 The MAIL FROM domain [mail4.example.com] has an SPF record with a 550-5.7.26 hard fail\n    policy (-all) but it fails to pass SPF checks with the ip: 550-5.7.26 [192.0.2.24]. - gsmtp' }, rule: 'gmail-spf-hardfail', token: '5.7.26' },
  { facts: { text: '421-4.7.0 [216.194.173.80 15] Our system has detected an unusual rate of\\n421-4.7.0 unsolicited mail originating from your IP address. p4si3522070uam.9 - gsmtp', host: 'alt4.gmail-smtp-in.l.google.com' }, rule: 'gmail-unusual-rate-legacy', token: '4.7.0' },
  { facts: { text: '550-5.7.25 [192.0.2.202] The IP address sending this message does not have a PTR record setup', host: 'gmail-smtp-in.l.google.com' }, rule: 'gmail-ptr', token: '5.7.25' },
  { facts: { text: '421 4.7.28 Gmail has detected an unusual rate of unsolicited email originating from your IP Netblock 192.0.2.0 - gsmtp' }, rule: 'gmail-unusual-rate', token: '4.7.28' },
  { facts: { text: '550 5.7.606 Access denied, banned sending IP [198.51.100.222]. To request removal from this list please visit https://sender.office.com/ and follow the directions. (AS16012609)' }, rule: 'microsoft-banned-ip', token: '5.7.606' },
  { facts: { text: '550 5.7.509 Access denied, sending domain [EXAMPLE.JP] does not pass DMARC verification and has a DMARC policy of reject.' }, rule: 'microsoft-dmarc-reject', token: '5.7.509' },
  { facts: { text: '550 5.4.1 [kijitora@example.org]: Recipient address rejected: Access denied. [QQQQQQE00000000.jpnprd01.prod.outlook.com]' }, rule: 'microsoft-recipient-not-found', token: '5.4.1' },
  { facts: { text: "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653 AS(7230)" }, rule: 'microsoft-tenant-blocked', token: '5.7.708' },
  { facts: { text: "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors." }, rule: 'outlook-com-blocklist', token: 'S3150' },
  // The same refusal from Outlook.com's newer servers carries the code with an A in front (AS3150, an
  // internal anti-spam code, not an autonomous system number), and S3140 on other ranges.
  { facts: { text: "550 5.7.1 Unfortunately, messages from [192.0.2.10] weren't sent. Please contact your Internet service provider since part of their network is on our block list (AS3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.", host: 'outlook-com.olc.protection.outlook.com' }, rule: 'outlook-com-blocklist', token: 'AS3150' },
  { facts: { text: "550 5.7.1 Unfortunately, messages from [192.0.2.11] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3140). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [DM6NAM12FT056.eop-nam12.prod.protection.outlook.com]" }, rule: 'outlook-com-blocklist', token: 'S3140' },
  { facts: { text: '550 5.7.23 The message was rejected because of Sender Policy Framework violation', host: 'example-org.mail.protection.outlook.com' }, rule: 'microsoft-spf-fail', token: '5.7.23' },
  { facts: { text: '550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain' }, rule: 'exchange-relay-non-accepted', token: '5.7.54' },
  { facts: { text: '421 4.7.0 [TSS04] Messages from 192.0.2.192 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.verizonmedia.com/error-codes' }, rule: 'yahoo-deferred', token: 'TSS04' },
  { facts: { text: '421 4.7.0 [TSS09] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes' }, rule: 'yahoo-permanently-deferred', token: 'TSS09' },
  { facts: { text: '552 5.2.2 <pseudo-local-part-of-apple-icloud-mail@icloud.com>: user is over quota', host: 'mx02.mail.icloud.com' }, rule: 'icloud-over-quota', token: 'over quota' },
  { facts: { text: '554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137' }, rule: 'icloud-policy', token: 'CS01' },
  { facts: { text: '550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]' }, rule: 'orange-invalid-recipient', token: 'OFR_416' },
  { facts: { text: '421 4.2.0 Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR005_505 [505]' }, rule: 'orange-service-refused', token: 'OFR005_505' },
  { facts: { text: '550 5.2.0 Mail rejete. Mail rejected. ofr_506 [506]' }, rule: 'orange-spam', token: 'ofr_506' },
  { facts: { text: '550 Access from ip address 87.237.123.24 blocked. Visit http://win.mail.ru/cgi-bin/support_bl?ip=87.237.123.24', host: 'mxs.mail.ru' }, rule: 'mail-ru-ip-blocked', token: 'Access from ip address 87.237.123.24 blocked' },
  { facts: { text: '554 DT:SPM 163 smtp10,DsCowAA3D+JApVpd78gMKg--.16104S2 1566221632,please see http://mail.163.com/help/help_spam_16.htm?ip=59.42.123.65&hostid=smtp10&time=1566221632' }, rule: 'netease-dt-spm', token: 'DT:SPM' },
  { facts: { text: '550 MI:SPF 163 mx49,Y8CowABHDZS0MLtb+QOjRQ--.39199S3 1538994358 http://mail.163.com/help/help_spam_16.htm?ip=82.214.109.212&hostid=mx49&time=1538994358' }, rule: 'netease-mi-spf', token: 'MI:SPF' },
  { facts: { text: '554-gmx.net (mxgmx104) Nemesis ESMTP Service not available 554-No SMTP service 554-IP address is block listed. 554 For explanation visit https://postmaster.gmx.net/en/case?c=r0201&i=ip&v=198.51.100.42&r=1MNcgj-1ue23t3pyV-00S2YR' }, rule: 'gmx-blocklisted', token: 'IP address is block listed' },
  { facts: { text: '554 IP=192.0.2.1 - A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.) (BL)', host: 'mx02.t-online.de' }, rule: 't-online-blocked', token: '(BL)' },
  { facts: { text: '554 Reject by behaviour spam at DATA State(Connection IP address:192.0.2.1)ANTISPAM_BAT[01201311R109a, maildocker-behaviorspam033045229131]: list on rbl sites', host: 'mxn.mxhichina.com' }, rule: 'alibaba-behaviour-spam', token: 'Reject by behaviour spam' },
  { facts: { text: '554 5.7.1 resimta-ch2-18v.sys.comcast.net resimta-ch2-18v.sys.comcast.net 192.0.2.1 found on one or more DNSBLs, see http://postmaster.comcast.net/smtp-error-codes.php#BL000001' }, rule: 'comcast-blocklisted', token: 'BL000001' },
  { facts: { text: '550 Connection frequency limited [Q1YzZ3kxdnRYYnpkbVZ0MAo+QTMzMTMzRjUxNzQ4Cg/MTI3MTY2MDge= http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722', host: 'mx3.qq.com' }, rule: 'tencent-frequency', token: 'Connection frequency limited' },
];

describe('real replies are read as their provider\'s', () => {
  for (const { facts, rule, token } of REAL) {
    test(`${rule}: ${facts.text.slice(0, 60)}`, () => {
      const match = providerMatch(facts, catalog);
      assert.equal(match?.rule.id, rule);
      assert.equal(match?.token, token);
    });
  }

  test('every provider has at least one real reply above', () => {
    const seen = new Set(REAL.map((r) => catalog.providerRule(r.rule)?.provider.id));
    for (const p of providers) assert.ok(seen.has(p.id), `${p.id} has no real reply in the test`);
  });

  test('replies from nowhere in particular stay generic', () => {
    for (const text of [
      '550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in local recipient table',
      '550 5.7.26 Multiple authentication checks failed',
      '554 5.7.1 <bob@example.org>: Recipient address rejected: Access denied',
      '550 5.7.1 Message rejected due to local policy',
      '421 4.7.0 Try again later',
      // Coremail, which NetEase's servers run, answers with the same tokens at other organisations.
      '554 DT:SPM mail.example.edu.cn, please see the administrator',
    ]) assert.equal(providerMatch({ text }, catalog), undefined, text);
  });

  test('a host the reply came from is enough to name the provider', () => {
    const text = '550 5.1.1 The email account that you tried to reach does not exist.';
    assert.equal(providerMatch({ text }, catalog), undefined);
    assert.equal(providerMatch({ text, host: 'gmail-smtp-in.l.google.com' }, catalog)?.rule.id, 'gmail-user-unknown');
    // A look-alike name is not the provider's.
    assert.equal(providerMatch({ text, host: 'mx.notgoogle.com' }, catalog), undefined);
    assert.equal(providerMatch({ text: `${text} see google.com.evil.example` }, catalog), undefined);
  });
});
