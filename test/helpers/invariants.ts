import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import { codeActions, diagnostics, documentSymbols, foldingRanges, hover, inlayHints, parseDocument, resolveOptions } from '../../server/src/service';
import { catalog } from './catalog';

const options = resolveOptions({});

/** Throws when a position lies outside the document (past the last line, or past its line's end). */
export function assertInside(document: TextDocument, position: Position, what: string): void {
  assert.ok(position.line >= 0 && position.line < document.lineCount, `${what}: line ${position.line} outside 0..${document.lineCount - 1}`);
  const lineLength = document.offsetAt({ line: position.line, character: Number.MAX_SAFE_INTEGER }) - document.offsetAt({ line: position.line, character: 0 });
  assert.ok(position.character >= 0 && position.character <= lineLength, `${what}: character ${position.character} outside line ${position.line} (length ${lineLength})`);
}

function assertRange(document: TextDocument, range: Range, what: string): void {
  assertInside(document, range.start, `${what} start`);
  assertInside(document, range.end, `${what} end`);
}

/**
 * Runs every feature of the service over a text, as the server would, and checks what the LSP
 * client relies on: nothing throws, and every range lies inside the document.
 */
export function exerciseService(text: string, languageId: string, probes: Position[] = []): void {
  const document = TextDocument.create(`file:///fuzz.${languageId}`, languageId, 1, text);
  const model = parseDocument(text, languageId);
  const found = diagnostics(model, catalog, options);
  for (const d of found) assertRange(document, d.range, `diagnostic ${String(d.code)}`);
  const whole: Range = { start: { line: 0, character: 0 }, end: document.positionAt(text.length) };
  for (const symbol of documentSymbols(model, catalog, 'en')) {
    assertRange(document, symbol.range, 'symbol');
    for (const child of symbol.children ?? []) assertRange(document, child.range, 'child symbol');
  }
  for (const fold of foldingRanges(model)) assert.ok(fold.startLine <= fold.endLine && fold.endLine < document.lineCount, 'folding range');
  for (const hint of inlayHints(model, catalog, whole, options)) assertInside(document, hint.position, 'inlay hint');
  for (const position of probes) {
    const result = hover(model, catalog, position, options);
    if (result?.range) assertRange(document, result.range, 'hover');
    for (const action of codeActions(model, catalog, document.uri, { start: position, end: position }, { diagnostics: found.filter((d) => d.range.start.line === position.line) }, options)) {
      for (const edit of action.edit?.changes?.[document.uri] ?? []) assertRange(document, edit.range, `edit of ${action.title}`);
    }
  }
}

/** Positions on every line start, on reply codes and a few columns in, for hover and code actions. */
export function probesFor(text: string, limit = 200): Position[] {
  const lines = text.split(/\r\n|\r|\n/);
  const probes: Position[] = [];
  for (let line = 0; line < lines.length && probes.length < limit; line++) {
    for (const character of [0, 1, 4, 5, 9, 14]) if (character <= lines[line].length) probes.push({ line, character });
  }
  return probes;
}
