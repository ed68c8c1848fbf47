import { bundledCatalog, createLanguageService, type LanguageService, type ServiceDocument } from '../server/src/service';
import { HOST_RUNTIME } from '../server/src/runtime';

/** The language service the benchmarks measure, made as the CLI makes it: the one door, over the bundled catalog. */
export function benchService(): LanguageService {
  return createLanguageService(bundledCatalog(), HOST_RUNTIME);
}

/** A document as the editor hands it to the service; close it in the service to have it read again. */
export function benchDocument(uri: string, languageId: string, text: string): ServiceDocument {
  return { uri, languageId, version: 1, getText: () => text };
}
