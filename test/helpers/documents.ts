import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import { parseDocument, resolveOptions, type DocumentModel, type ServiceOptions } from '../../server/src/service';
import { catalog } from './catalog';

export { catalog };

export function options(overrides: Partial<ServiceOptions> = {}): ServiceOptions {
  return { ...resolveOptions({}), ...overrides };
}

/** A plain TextDocument and the model the service reads from it. */
export function open(text: string, languageId = 'smtp'): { document: TextDocument; model: DocumentModel } {
  const document = TextDocument.create('file:///test.' + languageId, languageId, 1, text);
  return { document, model: parseDocument(document.getText(), languageId) };
}

/** The position of the n-th occurrence (0-based) of `needle`, plus `offset` characters. */
export function positionOf(document: TextDocument, needle: string, offset = 0, occurrence = 0): Position {
  const text = document.getText();
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' occurrence ${occurrence} not in document`);
  }
  return document.positionAt(at + offset);
}

/** The Markdown of a hover, or '' when there is none. */
export function hoverText(value: unknown): string {
  if (value && typeof value === 'object' && 'contents' in value) {
    const contents = (value as { contents: unknown }).contents;
    if (contents && typeof contents === 'object' && 'value' in contents) return String((contents as { value: unknown }).value);
  }
  return '';
}
