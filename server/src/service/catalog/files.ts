/** The catalog's files in data/ (shipped as dist/data), by name without ".json". */
export const CATALOG_FILES = ['reply-codes', 'enhanced-codes', 'commands', 'messages', 'auth-mechanisms', 'bounce-reasons', 'bounce-rules', 'blocklists', 'providers'] as const;
export type CatalogFiles = Record<(typeof CATALOG_FILES)[number], unknown>;
