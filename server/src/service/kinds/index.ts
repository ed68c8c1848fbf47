import type { DocumentSymbol, FoldingRange, Hover, InlayHint, Location, Position, Range } from 'vscode-languageserver-types';
import { analyzeWith, type Finding, type RuleContext } from '../analyze';
import type { Catalog, Language } from '../catalog';
import { dialogueFolding } from '../features/folding';
import { transcriptHover } from '../features/hover';
import { dialogueInlayHints } from '../features/inlay-hints';
import type { ServiceOptions } from '../features/options';
import { dialogueSymbols } from '../features/symbols';
import { transcriptOf, type DocumentModel } from '../parse';
import type { DocumentKind } from './kind';
import { LOG_KIND } from './log-kind';
import { MESSAGE_KIND } from './message-kind';
import { TRANSCRIPT_KIND } from './transcript-kind';

export type { LanguageId } from '../../../../protocol';
export type { DocumentKind, TextSource, WindowSource } from './kind';

/**
 * Every kind of document. The one place that goes from a language id or a model to its kind: the
 * service and the features below ask here, and nowhere else is a document's kind tested.
 */
const KINDS = { transcript: TRANSCRIPT_KIND, log: LOG_KIND, message: MESSAGE_KIND } as const satisfies { [K in DocumentModel['kind']]: DocumentKind<Extract<DocumentModel, { kind: K }>> };

/** The kind of a document by its language id; any other language is read as a transcript. */
export function kindOfLanguage(languageId: string): DocumentKind {
  for (const kind of Object.values(KINDS)) if (kind.languageIds.includes(languageId)) return kind as DocumentKind;
  return KINDS.transcript as DocumentKind;
}

/** The kind that read a model. */
export function kindOf(model: DocumentModel): DocumentKind {
  return KINDS[model.kind] as DocumentKind;
}

/** Text to model: the one place a whole document is read, by the reader of its language's kind. */
export function parseDocument(text: string, languageId: string): DocumentModel {
  return kindOfLanguage(languageId).read({ getText: () => text });
}

/** The findings of a model: its kind's own rules, then the transcript rules over its dialogue. */
export function analyze(model: DocumentModel, context: RuleContext, isCancelled?: () => boolean): Finding[] {
  return analyzeWith(kindOf(model).rules, model, context, isCancelled);
}

/** Hover at a position: the kind's own first, else the SMTP dialogue's. */
export function hover(model: DocumentModel, catalog: Catalog, position: Position, options: ServiceOptions): Hover | null {
  return kindOf(model).hover?.(model, catalog, position, options) ?? transcriptHover(transcriptOf(model), catalog, position, options);
}

/** The Outline: the kind's own entries (a log's messages, a message's reports), then the dialogue's sessions. */
export function documentSymbols(model: DocumentModel, catalog: Catalog, lang: Language, isCancelled: () => boolean = () => false): DocumentSymbol[] {
  const own = kindOf(model).symbols?.(model, catalog, lang, isCancelled) ?? [];
  for (const symbol of dialogueSymbols(transcriptOf(model), catalog, lang, isCancelled)) own.push(symbol);
  return own;
}

/** Folding: the kind's own ranges, then the dialogue's. */
export function foldingRanges(model: DocumentModel, isCancelled: () => boolean = () => false): FoldingRange[] {
  const own = kindOf(model).folding?.(model, isCancelled) ?? [];
  for (const range of dialogueFolding(transcriptOf(model), isCancelled)) own.push(range);
  return own;
}

/** Inlay hints in a range: the dialogue's (decoded AUTH, reply names), then the kind's own. */
export function inlayHints(model: DocumentModel, catalog: Catalog, range: Range, options: ServiceOptions): InlayHint[] {
  const hints = dialogueInlayHints(transcriptOf(model), catalog, range, options);
  for (const hint of kindOf(model).inlayHints?.(model, catalog, range, options) ?? []) hints.push(hint);
  return hints;
}

/** Go to definition (a log's queue ids); null where the kind has none. */
export function definition(model: DocumentModel, uri: string, position: Position): Location[] | null {
  return kindOf(model).definition?.(model, uri, position) ?? null;
}

/** Find references (a log's queue ids); none where the kind has none. */
export function references(model: DocumentModel, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  return kindOf(model).references?.(model, uri, position, includeDeclaration) ?? [];
}
