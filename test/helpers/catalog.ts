import { bundledCatalog } from '../../server/src/service';

/** The bundled catalog, made once per test file (each file runs in a process of its own): every test and helper takes it from here. */
export const catalog = bundledCatalog();
