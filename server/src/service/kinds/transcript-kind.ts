import { shiftCachedFindings } from '../analyze';
import type { TranscriptModel } from '../parse';
import { linesAfterEdit, rereadTranscript } from '../parse/transcript/incremental';
import { TextLines } from '../parse/transcript/lines';
import { readModel, readTranscript, usesPrefixes } from '../parse/transcript/transcript-reader';
import type { DocumentKind, WindowSource } from './kind';

/** The dialogue in lines from..to of a large document, read as it would be in the whole document. */
export function transcriptWindow(source: WindowSource, from: number, to: number): TranscriptModel {
  const lines = source.lines ?? source.memo('lines', () => TextLines.of(source.text));
  const prefixed = source.memo('prefixed', () => usesPrefixes(lines));
  return readModel(lines, [{ from, to: Math.min(lines.length, to) }], prefixed);
}

/**
 * An SMTP transcript: read into columns, re-read after an edit around the sessions it touched.
 * Its features are those of any document's dialogue, nothing more; its rules run per session.
 */
export const TRANSCRIPT_KIND: DocumentKind<TranscriptModel> = {
  name: 'transcript',
  languageIds: ['smtp'],
  read: (document) => readTranscript(document.lines ?? document.getText()),
  reread: (previous, document, edit) => rereadTranscript(previous, document.lines ?? linesAfterEdit(previous, document.getText(), edit), edit, shiftCachedFindings),
  readWindow: transcriptWindow,
  // The transcript rules run over every kind's dialogue, session by session (analyzeWith).
  rules: [],
};
