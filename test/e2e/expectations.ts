// What a user should see in a real editor, shared by the code-server suite (hover.test.ts, driven through
// Chromium) and the Extension Development Host suite (electron/suite.ts, driven through the `vscode` API).
// Only plain data and node:assert here, so both runtimes can load it.
import assert from 'node:assert/strict';

export interface HoverExpectation {
  /** Short name, used for test titles and screenshot files. */
  name: string;
  /** Fixture file under test/fixtures, copied into the workspace. */
  fixture: string;
  /** 1-based line and column of the token to hover, as a user would type them into "Go to Line" (Ctrl+G). */
  line: number;
  column: number;
  /** The token found at that position (checked against the fixture, so the position cannot drift silently). */
  token: string;
  /** Texts the hover must contain. */
  contains: string[];
}

export const hoverExpectations: HoverExpectation[] = [
  {
    name: 'hover-251',
    fixture: 'slice.smtp',
    line: 9,
    column: 4,
    token: '251',
    contains: ['251 User Not Local', 'success (2xx)'],
  },
];

/** The texts of `expectation.contains` that `text` lacks (empty when the hover is complete). */
export function missingHoverTexts(expectation: HoverExpectation, text: string): string[] {
  const flat = text.replace(/\s+/g, ' ');
  return expectation.contains.filter((needle) => !flat.includes(needle));
}

/** Throws an AssertionError naming what is missing from the hover text. */
export function assertHover(expectation: HoverExpectation, text: string): void {
  const missing = missingHoverTexts(expectation, text);
  assert.deepEqual(missing, [], `hover over '${expectation.token}' (${expectation.fixture}:${expectation.line}:${expectation.column}) lacks ${JSON.stringify(missing)}; it read:\n${text}`);
}

/** Checks that the fixture still has the expected token at the expected position. */
export function assertTokenAt(expectation: HoverExpectation, fixtureText: string): void {
  const line = fixtureText.split(/\r?\n/)[expectation.line - 1] ?? '';
  const at = line.slice(expectation.column - 1, expectation.column - 1 + expectation.token.length);
  assert.equal(at, expectation.token, `${expectation.fixture}:${expectation.line}:${expectation.column} should hold '${expectation.token}', line is ${JSON.stringify(line)}`);
}
