import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readTranscript, type TranscriptModel } from '../../../server/src/service/parse';
import { lineEditOf, linesAfterEdit, rereadTranscript, type LineEdit } from '../../../server/src/service/parse/transcript/incremental';
import { analyze } from '../../../server/src/service';
import { analysisSlices, shiftCachedFindings, type Finding } from '../../../server/src/service/analyze';
import { transcript } from '../../../bench/generate';
import { catalog } from '../../helpers/documents';
import { StoredSession } from '../../../server/src/service/parse/transcript/session';
import { responseTimes } from '../../../server/src/service/parse/timing';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Everything a feature reads from a model, in plain data: two reads agree when these are equal. */
function canonical(model: TranscriptModel): unknown {
  return {
    lineCount: model.lineCount,
    sessions: model.sessions.map((s) => ({
      start: s.startLine, end: s.endLine, dialect: s.dialect, tls: s.tlsStarted,
      lines: s.lines.map((l) => [l.line, l.kind, l.direction, l.column, l.text]),
      commands: s.commands.map((c) => [c.verb, c.verbSpan, c.path?.span, c.params.map((p) => p.span), c.replies.map((r) => r.lines[0].codeSpan), c.pipelined]),
      replies: s.replies.map((r) => [r.code, r.complete, r.lines.map((l) => [l.codeSpan, l.enhanced?.span, l.textSpan])]),
      transactions: s.transactions.map((t) => [t.mail.source.line, t.recipients.map((r) => [r.address, r.reply?.code]), t.verdict?.code]),
    })),
  };
}

const BASE = transcript(40_000, 3);
const EDITS = fc.constantFrom('', 'X', 'S: 220 mx.example.org ESMTP', '\n', 'C: RCPT TO:<new@example.org>\nS: 550 5.1.1 no', 'C: QUIT\nS: 221 bye\nS: 220 next ESMTP', '5', 'C: DATA');

test('re-reading after an edit gives the same model as reading the whole text', () => {
  fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.02, noNaN: true }), EDITS, (at, span, insert) => {
    const document = TextDocument.create('file:///t.smtp', 'smtp', 1, BASE);
    const start = Math.floor(at * BASE.length);
    const end = Math.min(BASE.length, start + Math.floor(span * BASE.length));
    const range = { start: document.positionAt(start), end: document.positionAt(end) };
    const edited = BASE.slice(0, start) + insert + BASE.slice(end);
    const edit: LineEdit = { start: range.start.line, end: range.end.line, newLineCount: insert.split(/\r\n|\r|\n/).length + (range.start.line === range.end.line ? 0 : 0) };
    edit.newLineCount = (BASE.slice(0, start).split(/\r\n|\r|\n/).pop()! + insert + BASE.slice(end).split(/\r\n|\r|\n/)[0]).split(/\r\n|\r|\n/).length;
    const previous = readTranscript(BASE);
    const incremental = rereadTranscript(previous, edited, edit) ?? readTranscript(edited);
    assert.deepEqual(canonical(incremental), canonical(readTranscript(edited)));
    // As the server does it: the lines found from those of the model before the edit (read anew,
    // since re-reading carries the sessions of the model it is given into the new one).
    const again = readTranscript(BASE);
    const fromLines = rereadTranscript(again, linesAfterEdit(again, edited, edit), edit) ?? readTranscript(edited);
    assert.deepEqual(canonical(fromLines), canonical(readTranscript(edited)));
  }), { numRuns: 150, seed: 11 });
});

test('findings cached for moved sessions move with them', () => {
  const document = TextDocument.create('file:///t.smtp', 'smtp', 1, BASE);
  const previous = readTranscript(BASE);
  analyze(previous, { catalog, language: 'en' });
  const at = document.offsetAt({ line: 10, character: 0 });
  const edited = BASE.slice(0, at) + 'S: 250 inserted\r\nS: 250 inserted again\r\n' + BASE.slice(at);
  const model = rereadTranscript(previous, edited, { start: 10, end: 10, newLineCount: 3 }, shiftCachedFindings)!;
  const incremental = analyze(model, { catalog, language: 'en' }).map((f) => [f.id, f.span.line, f.span.start, f.message]);
  const full = analyze(readTranscript(edited), { catalog, language: 'en' }).map((f) => [f.id, f.span.line, f.span.start, f.message]);
  assert.deepEqual(incremental, full);
});

test('several edits composed into one re-read give the same model as reading the whole text', async () => {
  const { composeEdits, lineEditOf } = await import('../../../server/src/service/parse/transcript/incremental');
  fc.assert(fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 300 }), EDITS), { minLength: 1, maxLength: 6 }), (edits) => {
    let document = TextDocument.create('file:///t.smtp', 'smtp', 1, BASE);
    const previous = readTranscript(BASE);
    let pending: LineEdit | undefined;
    for (const [at, length, insert] of edits) {
      const text = document.getText();
      const start = Math.floor(at * text.length);
      const range = { start: document.positionAt(start), end: document.positionAt(Math.min(text.length, start + length)) };
      const edit = lineEditOf(range, insert);
      pending = pending ? composeEdits(pending, edit) : edit;
      document = TextDocument.update(document, [{ range, text: insert }], document.version + 1);
    }
    assert.deepEqual(canonical(rereadTranscript(previous, document.getText(), pending!) ?? readTranscript(document.getText())), canonical(readTranscript(document.getText())));
  }), { numRuns: 120, seed: 5 });
});

test('findings whose details are read before an edit, or only after it, name the lines where they are then', () => {
  const document = TextDocument.create('file:///t.smtp', 'smtp', 1, BASE);
  const previous = readTranscript(BASE);
  const before = analyze(previous, { catalog, language: 'en' });
  // Half the findings are read before the edit (as a published diagnostic is), half are not.
  before.forEach((f, i) => { if (i % 2 === 0) void f.related; });
  const at = document.offsetAt({ line: 10, character: 0 });
  const edited = BASE.slice(0, at) + 'S: 250 inserted\r\nS: 250 inserted again\r\n' + BASE.slice(at);
  const model = rereadTranscript(previous, edited, { start: 10, end: 10, newLineCount: 3 }, shiftCachedFindings)!;
  const read = (f: Finding) => [f.id, f.span, f.message, f.data, f.related?.map((r) => [r.span, r.message])];
  const incremental = analyze(model, { catalog, language: 'en' });
  assert.ok(incremental.some((f) => f.related && f.related.length > 0), 'the base transcript has findings with related lines');
  assert.deepEqual(incremental.map(read), analyze(readTranscript(edited), { catalog, language: 'en' }).map(read));
});

/** How many stores a model's sessions lie in. */
const storeCount = (model: TranscriptModel): number => new Set(model.sessions.map((s) => (s instanceof StoredSession ? s.store : undefined))).size;

test('edit after edit, each re-read from the model the one before made (as the server does), gives the whole read\'s model and findings', () => {
  const base = BASE;
  const read = (f: Finding) => [f.id, f.span, f.message, f.data, f.related?.map((r) => [r.span, r.message])];
  let most = 0;
  fc.assert(fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 200 }), EDITS), { minLength: 30, maxLength: 45 }), (edits) => {
    let document = TextDocument.create('file:///t.smtp', 'smtp', 1, base);
    let model = readTranscript(base);
    analyze(model, { catalog, language: 'en' });
    for (const [at, length, insert] of edits) {
      const text = document.getText();
      const start = Math.floor(at * text.length);
      const range = { start: document.positionAt(start), end: document.positionAt(Math.min(text.length, start + length)) };
      const edit = lineEditOf(range, insert);
      document = TextDocument.update(document, [{ range, text: insert }], document.version + 1);
      const edited = document.getText();
      const stores = storeCount(model);
      model = rereadTranscript(model, linesAfterEdit(model, edited, edit), edit, shiftCachedFindings) ?? readTranscript(edited);
      most = Math.max(most, stores);
      const whole = readTranscript(edited);
      assert.deepEqual(canonical(model), canonical(whole));
      assert.deepEqual(analyze(model, { catalog, language: 'en' }).map(read), analyze(whole, { catalog, language: 'en' }).map(read));
    }
  }), { numRuns: 12, seed: 23 });
  assert.ok(most > 2, `models re-read from models whose sessions lie in several stores (at most ${most} seen)`);
});

test('edits in many places pile up stores till every session is carried into one, the model staying the whole read\'s', () => {
  let document = TextDocument.create('file:///t.smtp', 'smtp', 1, BASE);
  let model = readTranscript(BASE);
  const counts: number[] = [];
  for (let i = 0; i < 80; i++) {
    // A character at the start of a line spread over the document, a new place each time.
    const line = Math.floor(((i * 0.618034) % 1) * (document.lineCount - 1));
    const range = { start: { line, character: 0 }, end: { line, character: 0 } };
    const edit = lineEditOf(range, 'X');
    document = TextDocument.update(document, [{ range, text: 'X' }], document.version + 1);
    model = rereadTranscript(model, linesAfterEdit(model, document.getText(), edit), edit)!;
    assert.ok(model, 'a character re-reads around it');
    counts.push(storeCount(model));
  }
  assert.deepEqual(canonical(model), canonical(readTranscript(document.getText())));
  const most = Math.max(...counts);
  assert.ok(most > 8 && counts.indexOf(1, counts.indexOf(most)) > 0, `stores after each edit: ${counts.join(' ')}`);
});

test('after an edit, analysis in slices works on the sessions re-read only: the others cost it no look at the clock', () => {
  const context = { catalog, language: 'en' as const };
  let looks = 0;
  const now = (): number => {
    looks++;
    return 0;
  };
  const previous = readTranscript(BASE);
  for (const _ of analysisSlices(previous, context, now));
  assert.ok(looks > previous.sessions.length, `every session analysed at first (${looks} looks for ${previous.sessions.length} sessions)`);
  const document = TextDocument.create('file:///t.smtp', 'smtp', 1, BASE);
  const at = document.offsetAt({ line: 40, character: 0 });
  const edited = BASE.slice(0, at) + 'S: 250 inserted\r\n' + BASE.slice(at);
  const model = rereadTranscript(previous, edited, { start: 40, end: 40, newLineCount: 2 }, shiftCachedFindings)!;
  looks = 0;
  for (const _ of analysisSlices(model, context, now));
  assert.ok(looks <= 6, `${looks} looks at the clock for ${model.sessions.length} sessions`);
  assert.deepEqual(analyze(model, context).map((f) => [f.id, f.span.line, f.message]), analyze(readTranscript(edited), context).map((f) => [f.id, f.span.line, f.message]));
});

test('response times read after edits that carry every session into one store are the whole read\'s (swaks time lapses)', () => {
  // Each session's times are keyed by its replies' places in their store: carrying a session into a
  // new store renumbers them, and times kept from before named other replies.
  const lapse = readFileSync(resolve(__dirname, '..', '..', 'fixtures', 'transcripts', 'swaks-exim-time-lapse.txt'), 'utf8').trimEnd();
  const base = Array.from({ length: 60 }, () => lapse).join('\n');
  // What hovers, hints and the slow-reply rule read: each reply's time, looked up by the reply.
  const timesOf = (model: TranscriptModel): unknown => model.sessions.map((s) => { const times = responseTimes(s); return s.replies.map((r) => times.get(r.index)); });
  let document = TextDocument.create('file:///t.txt', 'smtp', 1, base);
  let model = readTranscript(base);
  const whole = timesOf(model);
  assert.ok(JSON.stringify(whole).includes('0.028'), 'the fixture\'s time lapses are read');
  let carried = false;
  for (let i = 0; i < 40; i++) {
    timesOf(model);
    const stores = storeCount(model);
    // A blank line added and taken away again at the end of a line spread over the document.
    const line = Math.floor(((i * 0.618034) % 1) * (document.lineCount - 2));
    const end = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).length - 1;
    for (const insert of ['\n', '']) {
      const range = insert ? { start: { line, character: end }, end: { line, character: end } } : { start: { line, character: end }, end: { line: line + 1, character: 0 } };
      const edit = lineEditOf(range, insert);
      document = TextDocument.update(document, [{ range, text: insert }], document.version + 1);
      model = rereadTranscript(model, linesAfterEdit(model, document.getText(), edit), edit) ?? readTranscript(document.getText());
    }
    if (storeCount(model) < stores) carried = true;
    assert.equal(document.getText(), base);
    assert.deepEqual(timesOf(model), whole, `after edit ${i + 1}`);
  }
  assert.ok(carried, 'the edits carried every session into one store at least once');
});
