// The packaged extension in code-server (VS Code 1.100.3) through Chromium: open a transcript, hover a reply code.
// Then the in-editor suite of test/e2e/electron (the one @vscode/test-electron runs in VS Code desktop, see
// ../README.md) runs in code-server's extension host too, with the same expectations (expectations.ts).
// One file, one code-server: `node --test` runs files in parallel, and each session packages the extension.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bundleInEditorSuite, CodeServerSession, fixtureText, REPO_ROOT, TIMEOUTS } from './code-server';
import { assertHover, assertTokenAt, hoverExpectations, missingHoverTexts } from './expectations';

const files = Object.fromEntries(hoverExpectations.map((e) => [e.fixture, fixtureText(e.fixture)]));
let editor: CodeServerSession | undefined;

before(async () => {
  editor = await CodeServerSession.start({ files });
}, { timeout: TIMEOUTS.install + TIMEOUTS.package + 5 * 60 * 1000 });

after(async () => {
  await editor?.stop();
}, { timeout: 60 * 1000 });

for (const expectation of hoverExpectations) {
  test(`${expectation.fixture}: hovering '${expectation.token}' at ${expectation.line}:${expectation.column} shows its explanation`, { timeout: 3 * 60 * 1000 }, async () => {
    assertTokenAt(expectation, files[expectation.fixture]);
    assert.ok(editor, 'code-server session did not start');
    const session = editor;
    await session.step(`open ${expectation.fixture}`, async () => {
      await session.openFile(expectation.fixture);
      // The extension's language contribution is active: the status bar names the language.
      assert.match(await session.languageMode(), /SMTP Transcript/i);
    });
    const text = await session.step(`hover ${expectation.name}`, async () => {
      const seen = await session.hoverUntil(expectation.line, expectation.column, (t) => missingHoverTexts(expectation, t).length === 0);
      await session.screenshot(expectation.name);
      assertHover(expectation, seen);
      return seen;
    });
    assert.ok(text.length > 0);
  });
}

test('the in-editor suite (electron/suite.ts) passes in code-server\'s extension host', { timeout: 5 * 60 * 1000 }, async () => {
  assert.ok(editor, 'code-server session did not start');
  const session = editor;
  const suite = await bundleInEditorSuite(join(session.root, 'in-editor', 'index.js'));
  const { code, log } = await session.step('in-editor suite', () =>
    session.runExtensionTests({ extensionDevelopmentPath: REPO_ROOT, extensionTestsPath: suite }),
  );
  const results = log.filter((line) => /[✔✖]|passed, \d+ failed|Error/.test(line));
  process.stderr.write(`[e2e] in-editor suite exit ${code}:\n${results.join('\n')}\n`);
  assert.equal(code, 0, `in-editor suite failed (exit ${code}):\n${log.slice(-40).join('\n')}`);
  assert.ok(results.some((line) => /\d+ passed, 0 failed/.test(line)), `in-editor suite reported no results:\n${log.slice(-40).join('\n')}`);
});
