import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { Catalog, CATALOG_FILES, catalogData, type CatalogFiles } from '../service/catalog';
import { startServer, type ServerHost } from '../server';
import { readLogInputs } from '../log-input';

/** The catalog from dist/data, beside this bundle: read once at start, not compiled in. */
function readCatalog(): Catalog {
  const files = Object.fromEntries(CATALOG_FILES.map((name) => [name, JSON.parse(readFileSync(join(__dirname, 'data', `${name}.json`), 'utf8')) as unknown]));
  return new Catalog(catalogData(files as CatalogFiles));
}

// The transport (--stdio, --node-ipc or --socket) comes from the command line.
/** Reading a log file of any size from disk, for "Open Mail Log Report…": what a web worker cannot do. */
const host: ServerHost = {
  async readLog(path, sink) {
    let why: string | undefined;
    await readLogInputs([path], sink, (_path, reason) => {
      why = reason;
    });
    return why;
  },
  fileUri: (path) => pathToFileURL(path).toString(),
};

startServer(createConnection(ProposedFeatures.all), readCatalog(), host);
