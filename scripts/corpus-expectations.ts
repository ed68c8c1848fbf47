// Writes test/corpus/expected/<folder>.json: the CLI's findings on every file of ../shared/corpus.
//   npm run corpus:update   (then read every changed line of `git diff test/corpus` against its file)
import { writeFileSync } from 'node:fs';
import { assertCorpusPresent, CORPUS_FOLDERS, currentFindings, expectationPath } from '../test/helpers/corpus';

assertCorpusPresent();
for (const folder of CORPUS_FOLDERS) {
  const findings = currentFindings(folder);
  writeFileSync(expectationPath(folder), `${JSON.stringify(findings, null, 1)}\n`);
  const count = Object.values(findings).reduce((sum, list) => sum + list.length, 0);
  console.log(`${folder}: ${Object.keys(findings).length} files, ${count} findings -> test/corpus/expected/${folder}.json`);
}
