// Corrections found when every catalog entry was checked against the RFCs and the providers' own
// pages (issue 18): each is a fact a later edit could break again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LANGUAGES } from '../../../server/src/service/catalog';
import { explainPage } from '../../../server/src/service/features/pages';
import { catalog } from '../../helpers/catalog';

const dataDir = path.resolve(__dirname, '..', '..', '..', 'data');

/** Every "zh-cn" text of every data file, with where it is. */
function chineseTexts(): Array<{ where: string; text: string }> {
  const found: Array<{ where: string; text: string }> = [];
  const walk = (value: unknown, where: string): void => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`));
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'zh-cn' && typeof v === 'string') found.push({ where, text: v });
        else walk(v, `${where}.${key}`);
      }
    }
  };
  for (const file of ['reply-codes', 'enhanced-codes', 'commands', 'messages', 'auth-mechanisms', 'bounce-reasons', 'blocklists', 'providers']) {
    walk(JSON.parse(readFileSync(path.join(dataDir, `${file}.json`), 'utf8')), file);
  }
  return found;
}

test('251 and 551 answer RCPT and VRFY, never EXPN (RFC 5321 §4.3.2)', () => {
  for (const id of ['251', '551']) {
    assert.deepEqual(catalog.replyById(id)!.afterCommands, ['RCPT', 'VRFY'], id);
  }
  assert.ok(!catalog.command('EXPN')!.replies.some((r) => r === '251' || r === '551'));
});

test('450 is not listed after MAIL (RFC 5321 §4.3.2 gives it for RCPT and DATA)', () => {
  for (const entry of catalog.replyMeanings('450')) assert.ok(!entry.afterCommands.includes('MAIL'), entry.id);
  assert.ok(!catalog.command('MAIL')!.replies.includes('450'));
  assert.doesNotMatch(catalog.replyById('450')!.whenItOccurs.en, /sometimes after MAIL/);
});

test("550 does not say Gmail's 5.7.27 is about a null MX: Gmail uses it for bulk mail that fails SPF", () => {
  for (const lang of LANGUAGES) {
    const text = catalog.replyById('550')!.whenItOccurs[lang];
    assert.doesNotMatch(text, /5\.7\.27 when the sender domain has a null MX|空 MX 时回复 550 5\.7\.27/, lang);
  }
  assert.match(catalog.replyById('550')!.whenItOccurs.en, /5\.7\.27 when a bulk sender's message fails SPF/);
});

test('X.7.54 is on-premises Exchange Server (receive connector relay), not Mimecast', () => {
  const entry = catalog.enhanced('5.7.54').detail!;
  for (const lang of LANGUAGES) {
    assert.match(entry.description[lang], /Exchange Server/, lang);
    assert.match(entry.description[lang], /ms-Exch-SMTP-Accept-Any-Recipient/, lang);
    assert.doesNotMatch(entry.name[lang], /provider-specific|服务商自定义/, lang);
  }
  assert.doesNotMatch(entry.description.en, /seen in a Mimecast bounce/);
});

test('an enhanced code is never "usually sent with" a reply of another class', () => {
  for (const entry of catalog.data.enhancedCodes) {
    for (const cls of entry.classes) {
      const code = `${cls}.${entry.subject}.${entry.detail}`;
      const result = explainPage(code, catalog, 'en');
      assert.ok('markdown' in result, code);
      const section = result.markdown.split(`## ${catalog.message('heading.usuallySentWith', 'en')}\n\n`)[1]?.split('\n\n')[0] ?? '';
      for (const reply of section.match(/^- (\d{3})/gm) ?? []) assert.equal(reply[2], cls, `${code} lists ${reply.slice(2)}`);
    }
  }
  // And a reply entry lists enhanced codes of its own class only (the documented vendor 254 aside).
  for (const entry of catalog.data.replyCodes) {
    if (entry.kind === 'non-standard' && entry.code === '254') continue;
    for (const e of entry.enhancedCodes) assert.equal(e[0], entry.code[0], `${entry.id} with ${e}`);
  }
});

test('the Spamhaus entry explains the public-resolver false positive (127.255.255.254 and .255)', () => {
  const zen = catalog.blocklist('spamhaus-zen')!;
  for (const lang of LANGUAGES) {
    assert.match(zen.description[lang], /127\.255\.255\.254/, lang);
    assert.match(zen.description[lang], /127\.255\.255\.255/, lang);
    assert.match(zen.delisting[lang], /127\.0\.0\.x/, lang);
  }
});

test('advice on a block never suggests getting round it with other IP addresses or relays', () => {
  const evasion = /rotat\w* (?:the |your )?ip|(?:another|different|new|other) (?:ip|relay|sending address)|relay with a good reputation|改用信誉良好的中继|更换 ?IP|换用其他 ?IP/i;
  const blocked = catalog.bounceReason('blocked')!;
  for (const lang of LANGUAGES) assert.doesNotMatch(blocked.whatToDo[lang], evasion, lang);
  for (const entry of catalog.blocklists()) for (const lang of LANGUAGES) assert.doesNotMatch(entry.delisting[lang], evasion, entry.id);
  for (const p of catalog.providers()) for (const r of p.rules) for (const lang of LANGUAGES) assert.doesNotMatch(r.whatToDo[lang], evasion, r.id);
});

test('Chinese wording: 用户不在本地, 超出存储空间限额, 接受的域', () => {
  assert.equal(catalog.replyById('251')!.name['zh-cn'], '用户不在本地');
  assert.equal(catalog.replyById('551')!.name['zh-cn'], '用户不在本地，请改用其他路径');
  assert.equal(catalog.replyById('552')!.name['zh-cn'], '超出存储空间限额');
  for (const { where, text } of chineseTexts()) {
    assert.doesNotMatch(text, /用户非本地|超出存储分配|受理域/, where);
  }
});

test('Chinese wording: SPF, DKIM and DMARC checks are 身份验证, never 认证 (认证 stays for SMTP AUTH logins)', () => {
  for (const { where, text } of chineseTexts()) {
    // "发件认证失败（SPF、DKIM、DMARC）", "对邮件进行认证（SPF…", "SPF 认证": the old mixed wording.
    assert.doesNotMatch(text, /(?:SPF|DKIM|DMARC)\S{0,4} ?认证|认证\S{0,2}[（(](?:SPF|DKIM|DMARC)|发件(?:人|方)?认证/, `${where}: ${text}`);
  }
  for (const file of ['package.nls.zh-cn.json', 'l10n/bundle.l10n.zh-cn.json']) {
    assert.doesNotMatch(readFileSync(path.join(dataDir, '..', file), 'utf8'), /(?:SPF|DKIM|DMARC)\S{0,4} ?认证|认证\S{0,2}[（(](?:SPF|DKIM|DMARC)/, file);
  }
  // A feedback report's "auth-failure" (RFC 6591) is a failed SPF or DKIM check, not a failed login.
  assert.match(catalog.bounceReason('feedback')!.description['zh-cn'], /身份验证失败/);
});

test('Chinese wording: one form of address (你), never 您', () => {
  for (const { where, text } of chineseTexts()) assert.doesNotMatch(text, /您/, where);
  for (const file of ['package.nls.zh-cn.json', 'l10n/bundle.l10n.zh-cn.json']) {
    assert.doesNotMatch(readFileSync(path.join(dataDir, '..', file), 'utf8'), /您/, file);
  }
});
