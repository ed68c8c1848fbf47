// data/blocklists.json: schema, both languages, https links; and finding the lists a rejection names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { LANGUAGES } from '../../../server/src/service';
import { blocklistMentions } from '../../../server/src/service/analyze/log/blocklists';
import { catalog } from './helpers';

const root = resolve(__dirname, '..', '..', '..');
const readJson = (path: string): unknown => JSON.parse(readFileSync(resolve(root, path), 'utf8'));

test('blocklists.json passes its schema, and the schema refuses broken copies', () => {
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(readJson('data/schema/blocklists.schema.json') as object);
  const data = readJson('data/blocklists.json') as { blocklists: Array<Record<string, unknown>> };
  assert.ok(validate(data), JSON.stringify(validate.errors, null, 2));
  const broken: Array<(d: typeof data) => void> = [
    (d) => { d.blocklists[0].lookup = 'http://check.spamhaus.org/'; },
    (d) => { d.blocklists[0].description = { en: 'x' }; },
    (d) => { d.blocklists[0].zones = []; d.blocklists[0].names = []; },
    (d) => { d.blocklists[0].kind = 'other'; },
    (d) => { d.blocklists[0].zones = ['Zen.Spamhaus.org']; },
  ];
  for (const breakIt of broken) {
    const copy = structuredClone(data);
    breakIt(copy);
    assert.equal(validate(copy), false, JSON.stringify(copy.blocklists[0]).slice(0, 120));
  }
});

test('the catalog knows the lists the issue names, with unique ids and texts in both languages', () => {
  const lists = catalog.blocklists();
  const ids = lists.map((b) => b.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ['spamhaus-zen', 'spamhaus-sbl', 'spamhaus-xbl', 'spamhaus-pbl', 'spamhaus-dbl', 'barracuda', 'spamcop', 'sorbs', 'uceprotect', 'psbl', 'mailspike', 'surbl', 'uribl', 'microsoft-banned-ip', 'outlook-com-block-list']) {
    assert.ok(catalog.blocklist(id), id);
  }
  for (const b of lists) {
    for (const lang of LANGUAGES) {
      assert.ok(b.description[lang].trim() && b.delisting[lang].trim(), `${b.id} ${lang}`);
    }
    assert.match(b.description['zh-cn'], /\p{Script=Han}/u, b.id);
    assert.match(b.lookup, /^https:\/\//);
  }
});

test('mentions: DNS zones (also below them), names as whole words, each list once, the longest first', () => {
  const ids = (text: string) => blocklistMentions(text, catalog).map((m) => `${m.entry.id}: ${text.slice(m.start, m.end)}`);
  assert.deepEqual(ids('client [192.0.2.7] blocked using zen.spamhaus.org; from=<a>'), ['spamhaus-zen: zen.spamhaus.org']);
  assert.deepEqual(ids('blocked using 7.2.0.192.zen.spamhaus.org'), ['spamhaus-zen: zen.spamhaus.org'], 'a reversed IP in front');
  assert.deepEqual(ids('listed at sbl-xbl.spamhaus.org'), ['spamhaus-sbl-xbl: sbl-xbl.spamhaus.org'], 'not SBL or XBL inside it');
  assert.deepEqual(ids('Rejected: IP in SpamCop blacklist, see: http://spamcop.net/bl.shtml?1.2.3.4'), ['spamcop: SpamCop']);
  assert.deepEqual(ids('Rejected: IP in SpamHaus PBL, see http://www.spamhaus.org/query/bl?ip=1'), ['spamhaus-pbl: SpamHaus PBL']);
  assert.deepEqual(ids('is in an RBL: https://www.spamhaus.org/sbl/query/SBLCSS'), ['spamhaus-css: SBLCSS']);
  assert.deepEqual(ids('550 5.7.606 Access denied, banned sending IP [192.0.2.7]'), ['microsoft-banned-ip: banned sending IP']);
  assert.deepEqual(ids('part of their network is on our block list (S3150)'), ['outlook-com-block-list: on our block list'], 'each list once');
  assert.deepEqual(ids('notzen.spamhaus.org.example and xspamcop'), [], 'no match inside a longer name');
  assert.deepEqual(ids('zen.spamhaus.org. blocked'), ['spamhaus-zen: zen.spamhaus.org'], 'a trailing dot of an FQDN');
});
