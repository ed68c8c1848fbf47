// In-editor end-to-end suite: runs inside an Extension Development Host (VS Code desktop through
// @vscode/test-electron, see run.mjs) and asks the editor itself for hovers through the `vscode` API.
// Same expectations as the code-server suite (../expectations.ts). Bundled with esbuild by run.mjs;
// the host calls the exported run().
import * as vscode from 'vscode';
import { assertHover, assertTokenAt, hoverExpectations, missingHoverTexts, type HoverExpectation } from '../expectations';

const EXTENSION_ID = 'smtp-lens.smtp-lens';
const HOVER_TIMEOUT = 60_000;

interface Case {
  name: string;
  body: () => Promise<void>;
}

const cases: Case[] = [];
function test(name: string, body: () => Promise<void>): void {
  cases.push({ name, body });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The workspace file for a fixture: run.mjs copies test/fixtures into the folder it opens. */
function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open (run.mjs opens one holding the fixtures)');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** The Markdown of every hover the editor's providers return at a position, joined. */
async function hoverTextAt(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n\n');
}

test('the extension is installed and activates on an SMTP transcript', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded (is extensionDevelopmentPath the repository root?)`);
  const document = await vscode.workspace.openTextDocument(fixtureUri(hoverExpectations[0].fixture));
  await vscode.window.showTextDocument(document);
  if (document.languageId !== 'smtp') throw new Error(`${document.fileName} opened as '${document.languageId}', expected 'smtp'`);
  const deadline = Date.now() + HOVER_TIMEOUT;
  while (!extension.isActive && Date.now() < deadline) await sleep(200);
  if (!extension.isActive) throw new Error(`${EXTENSION_ID} did not activate within ${HOVER_TIMEOUT / 1000} s`);
});

for (const expectation of hoverExpectations) {
  test(`${expectation.fixture}: hovering '${expectation.token}' at ${expectation.line}:${expectation.column} shows its explanation`, () => hoverCase(expectation));
}

async function hoverCase(expectation: HoverExpectation): Promise<void> {
  const uri = fixtureUri(expectation.fixture);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  assertTokenAt(expectation, document.getText());
  const position = new vscode.Position(expectation.line - 1, expectation.column - 1);
  // The language server may still be starting: ask again until the answer is complete or time runs out.
  const deadline = Date.now() + HOVER_TIMEOUT;
  let text = await hoverTextAt(uri, position);
  while (missingHoverTexts(expectation, text).length > 0 && Date.now() < deadline) {
    await sleep(500);
    text = await hoverTextAt(uri, position);
  }
  assertHover(expectation, text);
}

/** Called by the Extension Development Host; rejects when any case fails. */
export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const { name, body } of cases) {
    const started = Date.now();
    try {
      await body();
      console.log(`✔ ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      console.error(`✖ ${name} (${Date.now() - started} ms)\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      failures.push(name);
    }
  }
  console.log(`${cases.length - failures.length} passed, ${failures.length} failed`);
  if (failures.length) throw new Error(`${failures.length} of ${cases.length} in-editor test(s) failed: ${failures.join('; ')}`);
}
