// The whole shared corpus (../shared/corpus), when it is there: nothing throws, and the reader agrees
// with Sisimai's verdicts (expected-sisimai.tsv) on status and reply code as `npm run compare:sisimai` counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze } from '../../../server/src/service';
import { catalog, readEml } from './helpers';

const corpus = resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const present = existsSync(resolve(corpus, 'expected-sisimai.tsv'));

test('every bounce of the corpus reads and analyses without throwing', { skip: !present && 'no ../shared/corpus here' }, () => {
  for (const name of readdirSync(resolve(corpus, 'eml'))) {
    const model = readEml(readFileSync(resolve(corpus, 'eml', name), 'utf8'));
    assert.doesNotThrow(() => analyze(model, { catalog, language: 'en' }), name);
  }
});

test('status and reply code agree with Sisimai for more than 95% of the recipients', { skip: !present && 'no ../shared/corpus here' }, () => {
  const [head, ...rows] = readFileSync(resolve(corpus, 'expected-sisimai.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
  const col = (name: string): number => head.indexOf(name);
  const byFile = new Map<string, string[][]>();
  for (const row of rows) byFile.set(row[col('sample_file')], [...(byFile.get(row[col('sample_file')]) ?? []), row]);
  let status = 0;
  let reply = 0;
  for (const [file, expected] of byFile) {
    const model = readEml(readFileSync(resolve(corpus, file), 'utf8'));
    const ours = model.messages.flatMap((m) => m.bounce?.recipients ?? []);
    expected.forEach((row, i) => {
      const r = ours[i];
      const onWire = row[col('status_in_text')] === 'yes';
      if (onWire ? (r?.status ?? '') === row[col('expected_status')] : !r?.status || r.status === row[col('expected_status')]) status++;
      if ((r?.replyCode ?? '') === row[col('expected_replycode')]) reply++;
    });
  }
  assert.ok(status / rows.length > 0.95, `status ${status}/${rows.length}`);
  assert.ok(reply / rows.length > 0.95, `reply code ${reply}/${rows.length}`);
});
