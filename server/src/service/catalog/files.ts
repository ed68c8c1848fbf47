/** The catalog's files in data/ (shipped as dist/data): the protocol names them, the browser client sends them. */
export { CATALOG_FILES, type CatalogFiles } from '../../../../protocol';
