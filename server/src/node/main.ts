import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { Catalog, CATALOG_FILES, catalogData, type CatalogFiles } from '../service/catalog';
import { startServer } from '../server';

/** The catalog from dist/data, beside this bundle: read once at start, not compiled in. */
function readCatalog(): Catalog {
  const files = Object.fromEntries(CATALOG_FILES.map((name) => [name, JSON.parse(readFileSync(join(__dirname, 'data', `${name}.json`), 'utf8')) as unknown]));
  return new Catalog(catalogData(files as CatalogFiles));
}

// The transport (--stdio, --node-ipc or --socket) comes from the command line.
startServer(createConnection(ProposedFeatures.all), readCatalog());
