/** Explanation and comparison pages: shared by the CLI, the language server and the tests. */
export { parseCodeQuery, isQueryProblem, type CodeQuery, type QueryProblem } from './query';
export type { PageResult } from './resolve';
export { explainPage, type ExplainOptions } from './explain';
export { comparePage } from './compare';
export { catalogItems, catalogPicker, type CatalogItem, type CatalogPicker } from './items';
export { commandLink, COMPARE_COMMAND, EXPLAIN_COMMAND, LINK_COMMANDS, type CompareArgs, type ExplainArgs } from './links';
