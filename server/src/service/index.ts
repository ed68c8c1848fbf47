/** The pure language service: everything the server and the CLI call. */
export * from './catalog';
export { defaultCatalog, loadCatalogData } from './catalog/bundled';
export * from './parse';
export * from './analyze';
export * from './features/options';
export { diagnosticSlices, diagnostics } from './features/diagnostics';
export { hover } from './features/hover';
export { documentSymbols } from './features/symbols';
export { foldingRanges } from './features/folding';
export { inlayHints } from './features/inlay-hints';
export { authSteps, isLoggerMask, SECRET_MASK } from './parse/auth';
export { codeActions, redactAllEdits } from './features/code-actions';
