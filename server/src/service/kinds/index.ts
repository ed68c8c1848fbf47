import type { DocumentModel } from '../parse';
export type { LanguageId } from '../../../../protocol';
import { shiftCachedFindings } from '../analyze';
import { readLog } from '../parse/log/reader';
import { readMessage } from '../parse/message/reader';
import { rereadTranscript, linesAfterEdit, type LineEdit } from '../parse/transcript/incremental';
import type { TextLines } from '../parse/transcript/lines';
import { readModel, readTranscript, usesPrefixes } from '../parse/transcript/reader';

/**
 * A kind of document, one per language: how it is read, re-read after an edit and read in a window
 * of lines around a position when the document is too large to read whole. Adding a language is
 * adding a kind here.
 */
export interface DocumentKind<M extends DocumentModel = DocumentModel> {
  /** The model's `kind`. */
  readonly name: M['kind'];
  read(text: string): M;
  /** The model of the edited text from the one before, or undefined when it must be read whole. */
  reread(previous: DocumentModel, text: string, edit: LineEdit): M | undefined;
  /** Lines from..to of a large document, read as they would be in the whole document. */
  readWindow(lines: TextLines, from: number, to: number): DocumentModel;
}

/** The dialogue in a window of lines, read as it would be in the whole document. */
const transcriptWindow = (lines: TextLines, from: number, to: number): DocumentModel => readModel(lines, [{ from, to }], usesPrefixes(lines));

export const TRANSCRIPT_KIND: DocumentKind = {
  name: 'transcript',
  read: readTranscript,
  reread: (previous, text, edit) => (previous.kind === 'transcript'
    ? rereadTranscript(previous, linesAfterEdit(previous, text, edit), edit, shiftCachedFindings) : undefined),
  readWindow: transcriptWindow,
};

export const LOG_KIND: DocumentKind = {
  name: 'log',
  read: readLog,
  reread: () => undefined,
  readWindow: transcriptWindow,
};

export const MESSAGE_KIND: DocumentKind = {
  name: 'message',
  read: readMessage,
  reread: () => undefined,
  readWindow: transcriptWindow,
};

/** The kind of a document by its language id; any other language is read as a transcript. */
export function kindOfLanguage(languageId: string): DocumentKind {
  switch (languageId) {
    case 'eml': return MESSAGE_KIND;
    case 'maillog': return LOG_KIND;
    default: return TRANSCRIPT_KIND;
  }
}

/** Text to model: the one place a whole document is read, by the reader of its language's kind. */
export function parseDocument(text: string, languageId: string): DocumentModel {
  return kindOfLanguage(languageId).read(text);
}
