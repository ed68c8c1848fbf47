import type { DocumentSymbol, FoldingRange, Hover, InlayHint, Location, Position, Range } from 'vscode-languageserver-types';
import type { Rule } from '../analyze/finding';
import type { Catalog, Language } from '../catalog';
import type { ServiceOptions } from '../features/options';
import type { DocumentModel } from '../parse';
import type { LineEdit } from '../parse/transcript/incremental';
import type { TextLines } from '../parse/transcript/lines';

/**
 * The text of one version of a large document, from which windows are read; `memo` keeps what a
 * kind works out from the whole text once per version (its lines, where its messages start ...).
 */
export interface WindowSource {
  readonly text: string;
  /** Where the text's lines start, when the host keeps them already (the server does). */
  readonly lines?: TextLines;
  memo<T>(key: string, make: () => T): T;
}

/**
 * A document's text as a kind reads it: getText() is the whole text; `lines`, where the host keeps
 * them (the server does), are its lines, so a kind that reads lines need not join the whole text.
 */
export interface TextSource {
  getText(): string;
  readonly lines?: TextLines;
}

/**
 * A kind of document, one per language: how it is read, re-read after an edit and read in a window
 * of lines around a position when it is too large to read whole; the rules over its own structure;
 * and what its features add to those every document has over the SMTP dialogue in it (transcript
 * hover, sessions in the outline and folding, inlay hints, the transcript rules). Adding a language
 * is adding a kind to KINDS (kinds/index.ts), nothing else.
 */
export interface DocumentKind<M extends DocumentModel = DocumentModel> {
  /** The model's `kind`. */
  readonly name: M['kind'];
  /** The language ids (package.json) read as this kind. */
  readonly languageIds: readonly string[];
  /** The model of a text. */
  read(document: TextSource): M;
  /** The model of the edited text from the one before, or undefined when it must be read whole. */
  reread(previous: M, document: TextSource, edit: LineEdit): M | undefined;
  /** Lines from..to of a large document, read as they are in the whole document, with what they need of the rest. */
  readWindow(source: WindowSource, from: number, to: number): DocumentModel;
  /** Rules over the kind's own structure (the transcript rules run over its dialogue as well). */
  readonly rules: readonly Rule<M>[];
  /** Hover on the kind's own structure; null to leave the position to the dialogue hover. */
  hover?(model: M, catalog: Catalog, position: Position, options: ServiceOptions): Hover | null;
  /** Outline entries before the dialogue's sessions. */
  symbols?(model: M, catalog: Catalog, lang: Language, isCancelled: () => boolean): DocumentSymbol[];
  /** Folding ranges besides the dialogue's. */
  folding?(model: M, isCancelled: () => boolean): FoldingRange[];
  definition?(model: M, uri: string, position: Position): Location[] | null;
  references?(model: M, uri: string, position: Position, includeDeclaration: boolean): Location[];
  inlayHints?(model: M, catalog: Catalog, range: Range, options: ServiceOptions): InlayHint[];
}
