import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { assertCorpusPresent, CORPUS_FOLDERS, currentFindings, describeDifferences, expectationPath, type Expectations } from '../../helpers/corpus';

// Every file of ../shared/corpus against its reviewed expectation. When this fails, read each
// difference against the file itself, then regenerate (CONTRIBUTING.md, "Findings on the corpus").

test('the corpus is where CI puts it', () => {
  assertCorpusPresent();
});

for (const folder of CORPUS_FOLDERS) {
  test(`every corpus file in ${folder}/ gives the reviewed findings`, () => {
    assertCorpusPresent();
    const path = expectationPath(folder);
    assert.ok(existsSync(path), `no expectations at ${path}: run npm run corpus:update`);
    const expected = JSON.parse(readFileSync(path, 'utf8')) as Expectations;
    const differences = describeDifferences(folder, expected, currentFindings(folder));
    assert.ok(differences.length === 0, `findings on the corpus changed (- expected, + now):\n${differences.join('\n')}\n` +
      'Read each change against the file; if every one is true, run npm run corpus:update.');
  });
}
