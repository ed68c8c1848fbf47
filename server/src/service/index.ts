/** The pure language service: everything the server and the CLI call. */
export * from './catalog';
export * from './parse';
export * from './analyze';
export * from './features/options';
export { diagnostics } from './features/diagnostics';
export { hover } from './features/hover';
