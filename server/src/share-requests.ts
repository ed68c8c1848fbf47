import { RequestType } from 'vscode-languageserver';
import { isRecord, type Catalog, type DocumentModel, type Language } from './service';
import { redactDocument, redactSummaryText, type RedactOptions } from './service/share/redact';

/** A share-safe copy of an open document: its URI and what to keep. */
export const REDACT_REQUEST = new RequestType<unknown, { text: string; summary: string } | null, void>('smtpLens/redact');

/** The request's answer: null for a document the server does not hold. */
export function redactRequest(params: unknown, open: (uri: string) => { text: string; model: DocumentModel } | undefined, catalog: Catalog, language: Language): { text: string; summary: string } | null {
  const p = isRecord(params) ? params : {};
  const document = typeof p.uri === 'string' ? open(p.uri) : undefined;
  if (!document) return null;
  const result = redactDocument(document.text, document.model, catalog, redactOptions(p.options));
  return { text: result.text, summary: redactSummaryText(result.summary, catalog, language) };
}

/** What to keep, from the client's settings; anything malformed is left at its default. */
function redactOptions(raw: unknown): Partial<RedactOptions> {
  if (!isRecord(raw)) return {};
  const options: Partial<RedactOptions> = {};
  const keep = Array.isArray(raw.keep) ? raw.keep : [];
  if (keep.includes('addresses')) options.addresses = false;
  if (keep.includes('bodies')) options.bodies = true;
  if (keep.includes('subjects')) options.subjects = true;
  if (raw.domains === true) options.domains = true;
  if (raw.ips === 'reduce' || raw.ips === 'pseudonymise' || raw.ips === 'keep') options.ips = raw.ips;
  return options;
}
