import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentVersion } from '../../../server/src/open-documents';
import { TextLines } from '../../../server/src/service';

/** Every line of a version as TextLines gives it, with how it ends: equal when two versions agree line by line. */
function linesOf(document: DocumentVersion): Array<[string | undefined, number]> {
  return Array.from({ length: document.lineCount }, (_, i) => [document.lines.at(i), document.lines.endAt(i)]);
}

const PIECES = fc.constantFrom('', 'x', 'S: 250 ok', '\n', '\r\n', '\r', 'C: QUIT\r\nS: 221 bye\n', 'a\rb\nc', '\n\n');
const TEXT = fc.array(PIECES, { maxLength: 12 }).map((parts) => parts.join(''));
/** Positions inside and outside the text: past the last line, past a line's end, negative. */
const POSITION = fc.record({ line: fc.integer({ min: -1, max: 12 }), character: fc.integer({ min: -1, max: 14 }) });
const CHANGE = fc.oneof(
  { weight: 9, arbitrary: fc.record({ range: fc.record({ start: POSITION, end: POSITION }), text: TEXT }) },
  { weight: 1, arbitrary: fc.record({ text: TEXT }) },
);

test('an edited version holds the text and lines TextDocument.update gives for the same changes', () => {
  // Pieces of a few characters (a long document's are of 256 K): edits across them, at their ends, joining them.
  fc.assert(fc.property(TEXT, fc.array(fc.array(CHANGE, { minLength: 1, maxLength: 3 }), { maxLength: 4 }), fc.constantFrom(undefined, 1, 3, 8), (text, edits, pieceLength) => {
    let reference = TextDocument.create('file:///a.smtp', 'smtp', 1, text);
    let ours = new DocumentVersion('file:///a.smtp', 'smtp', 1, TextLines.of(text, pieceLength));
    edits.forEach((changes, i) => {
      // Each change applied to a document made afresh from the text: TextDocument's own line offsets go
      // wrong after a range past the last line (it moves them by the line numbers as sent).
      for (const change of changes) reference = TextDocument.update(TextDocument.create('file:///a.smtp', 'smtp', 0, reference.getText()), [change], i + 2);
      const before = ours;
      ours = ours.edited(changes, i + 2);
      assert.equal(ours.lines.textLength, reference.getText().length);
      assert.equal(ours.getText(), reference.getText());
      assert.equal(ours.version, i + 2);
      assert.equal(before.version, i + 1, 'the version before is left as it was');
      const fresh = TextDocument.create('file:///a.smtp', 'smtp', 0, reference.getText());
      assert.equal(ours.lineCount, fresh.lineCount);
      assert.deepEqual(linesOf(ours), linesOf(DocumentVersion.create('file:///a.smtp', 'smtp', 0, reference.getText())));
      for (let line = -1; line <= ours.lineCount; line++) {
        for (const character of [-1, 0, 1, 3, 100]) assert.equal(ours.offsetAt({ line, character }), fresh.offsetAt({ line, character }));
      }
    });
  }), { numRuns: 6000 });
});

test('an edit across a line break in the middle of a long CRLF text: the lines around it and after it', () => {
  const text = Array.from({ length: 20000 }, (_, i) => `S: 250 line ${i}`).join('\r\n');
  const document = DocumentVersion.create('file:///b.smtp', 'smtp', 1, text);
  const edited = document.edited([{ range: { start: { line: 10000, character: 3 }, end: { line: 10001, character: 0 } }, text: 'X\nY\r\nZ ' }], 2);
  assert.equal(edited.lineCount, 20001);
  assert.equal(edited.lines.at(10000), 'S: X');
  assert.equal(edited.lines.at(10002), 'Z S: 250 line 10001');
  assert.equal(edited.lines.at(20000), 'S: 250 line 19999');
  assert.deepEqual(linesOf(edited), linesOf(DocumentVersion.create('file:///b.smtp', 'smtp', 2, edited.getText())));
});

test('an edit makes only the piece of a long text it falls in anew: the text is not joined till asked for', () => {
  const text = Array.from({ length: 200_000 }, (_, i) => `S: 250 line ${i}`).join('\r\n');
  let document = DocumentVersion.create('file:///c.smtp', 'smtp', 1, text);
  for (let i = 0; i < 3; i++) document = document.edited([{ range: { start: { line: 100_000 + i, character: 0 }, end: { line: 100_000 + i, character: 0 } }, text: 'x' }], i + 2);
  const lines = document.lines as unknown as { whole?: string; pieces: string[] };
  assert.equal(lines.whole, undefined, 'no whole text made by the edits');
  assert.ok(lines.pieces.length > 8, `the text is kept in pieces (${lines.pieces.length})`);
  assert.equal(document.lines.at(100_001), 'xS: 250 line 100001');
  assert.equal(document.getText().length, text.length + 3);
});
