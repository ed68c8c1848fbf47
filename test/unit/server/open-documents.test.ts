import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentVersion } from '../../../server/src/open-documents';

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
  fc.assert(fc.property(TEXT, fc.array(fc.array(CHANGE, { minLength: 1, maxLength: 3 }), { maxLength: 4 }), (text, edits) => {
    let reference = TextDocument.create('file:///a.smtp', 'smtp', 1, text);
    let ours = DocumentVersion.create('file:///a.smtp', 'smtp', 1, text);
    edits.forEach((changes, i) => {
      // Each change applied to a document made afresh from the text: TextDocument's own line offsets go
      // wrong after a range past the last line (it moves them by the line numbers as sent).
      for (const change of changes) reference = TextDocument.update(TextDocument.create('file:///a.smtp', 'smtp', 0, reference.getText()), [change], i + 2);
      const before = ours;
      ours = ours.edited(changes, i + 2);
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
  }), { numRuns: 3000 });
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
