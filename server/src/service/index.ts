/**
 * The pure language service: everything the server, the CLI and the benchmarks call.
 * `createLanguageService` is the door; the functions below it are the features it is made of,
 * exported for the tests, which call them on plain models.
 */
export { createLanguageService, type ContentChange, type FollowInput, type LanguageService, type ServiceDocument, type ServiceRuntime } from './language-service';
export {
  analyze, definition, documentSymbols, foldingRanges, hover, inlayHints, kindOf, kindOfLanguage, parseDocument, references,
  type DocumentKind, type LanguageId,
} from './kinds';
export * from './catalog';
export { bundledCatalog, loadCatalogData } from './catalog/bundled';
export * from './parse';
export { TextLines } from './parse/transcript/lines';
export * from './analyze';
export * from './features/options';
export { diagnosticSlices, diagnostics } from './features/diagnostics';
export { summaryText, type LogSummary } from './features/log/summary';
export type { LogReport } from './report';
export type { BounceRecord, RecordOptions } from './bounce/records';
export { readBounceRecords } from './bounce/read-records';
export { authSteps, isLoggerMask, SECRET_MASK } from './parse/auth';
export { codeActions, redactAllEdits } from './features/code-actions';
export type { RedactOptions } from './share/redact';
