// data/bounce-reasons.json and data/bounce-rules.json: schema, both languages, every rule points at a reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv/dist/2020';
import { checkSync } from 'recheck';
import { loadCatalogData } from '../../../server/src/service/catalog/bundled';
import { matchRule } from '../../../server/src/service/bounce';
import { catalog } from './helpers';

const root = resolve(__dirname, '..', '..', '..');
const json = (path: string): unknown => JSON.parse(readFileSync(resolve(root, path), 'utf8'));
const data = loadCatalogData();

for (const name of ['bounce-reasons', 'bounce-rules']) {
  test(`${name}.json passes its schema`, () => {
    const validate = new Ajv({ allErrors: true, strict: true }).compile(json(`data/schema/${name}.schema.json`) as object);
    assert.ok(validate(json(`data/${name}.json`)), JSON.stringify(validate.errors, null, 2));
  });
}

test('reasons: unique ids, both languages, Chinese text in Chinese', () => {
  const ids = data.bounceReasons.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const reason of data.bounceReasons) {
    for (const text of [reason.name, reason.description, reason.whatToDo]) {
      assert.ok(text.en.trim() && text['zh-cn'].trim(), reason.id);
      assert.match(text['zh-cn'], /\p{Script=Han}/u, `${reason.id}: ${text['zh-cn']}`);
    }
  }
  for (const id of ['user-unknown', 'mailbox-full', 'host-unknown', 'blocked', 'spam', 'policy', 'auth-failure', 'rate-limited', 'expired', 'too-large', 'relay-denied', 'security', 'suspended', 'vacation', 'feedback']) {
    assert.ok(ids.includes(id), `${id} missing from the taxonomy`);
  }
});

test('rules: each names a reason that exists and has a condition; no pattern can backtrack exponentially', () => {
  const ids = new Set(data.bounceReasons.map((r) => r.id));
  for (const [i, rule] of data.bounceRules.entries()) {
    assert.ok(ids.has(rule.reason), `rule ${i}: no reason ${rule.reason}`);
    assert.ok(rule.pattern || rule.enhanced || rule.reply || rule.commands, `rule ${i} has no condition`);
    if (!rule.pattern) continue;
    new RegExp(rule.pattern, 'i');
    // The automaton checker proves the safe ones; a polynomial pattern is bounded by the 2000
    // characters the classifier reads, an exponential one is not. (Lookbehinds it cannot check.)
    const verdict = checkSync(rule.pattern, 'i', { checker: 'automaton', timeout: 1000 });
    const exponential = verdict.status === 'vulnerable' && verdict.complexity.type === 'exponential';
    assert.ok(!exponential, `rule ${i} (${rule.reason}) backtracks exponentially: ${verdict.status === 'vulnerable' ? verdict.attack.pattern : ''}`);
  }
});

test('the rules in action: words settle a reason before codes, exact codes before words that only tell', () => {
  const reason = (text: string, status?: string, replyCode?: string, command?: string): string => {
    const i = matchRule({ text, status, replyCode, command }, catalog);
    return i < 0 ? 'none' : data.bounceRules[i].reason;
  };
  assert.equal(reason('550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown', '5.1.1', '550', 'RCPT'), 'user-unknown');
  assert.equal(reason('550 5.7.26 Unauthenticated email from example.jp is not accepted due to domain\'s DMARC policy', '5.7.26', '550'), 'auth-failure');
  assert.equal(reason('554 5.7.1 Service unavailable; Client host [192.0.2.49] blocked using zen.spamhaus.org', '5.7.1', '554'), 'blocked');
  assert.equal(reason('552 5.2.2 Mailbox full', '5.2.2', '552'), 'mailbox-full');
  assert.equal(reason('550 5.7.1 Message rejected as spam', '5.7.1', '550'), 'spam');
  assert.equal(reason('554 5.7.1 <bob@example.org>: Relay access denied', '5.7.1', '554', 'RCPT'), 'relay-denied');
  assert.equal(reason('450 4.7.1 Client host rejected: cannot find your hostname', '4.7.1', '450'), 'require-ptr');
  assert.equal(reason('421 4.7.0 Too many connections from your IP, slow down', '4.7.0', '421'), 'rate-limited');
  assert.equal(reason('552 5.3.4 Message size exceeds fixed maximum message size', '5.3.4', '552', 'DATA'), 'too-large');
  assert.equal(reason('550 <bob@example.org>: User unknown', undefined, '550', 'DATA'), 'filtered');
  assert.equal(reason('550 5.1.1 <bob@example.org>... User unknown', '5.1.1', '550', 'DATA'), 'user-unknown');
  assert.equal(reason('553 sorry, that domain isn\'t in my list of allowed rcpthosts', undefined, '553'), 'relay-denied');
  assert.equal(reason('530 5.7.0 Must issue a STARTTLS command first', '5.7.0', '530'), 'security');
  assert.equal(reason('550 5.1.8 Sender address rejected: Domain not found', '5.1.8', '550', 'MAIL'), 'sender-rejected');
  assert.equal(reason('nothing to go by'), 'none');
});
