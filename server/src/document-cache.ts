import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument, type DocumentModel } from './service';

/** One model per document version: parsed on first use, dropped when the document changes or closes. */
export class DocumentCache {
  private readonly models = new Map<string, { version: number; model: DocumentModel }>();

  get(document: TextDocument): DocumentModel {
    const cached = this.models.get(document.uri);
    if (cached && cached.version === document.version) return cached.model;
    const model = parseDocument(document.getText(), document.languageId);
    this.models.set(document.uri, { version: document.version, model });
    return model;
  }

  delete(uri: string): void {
    this.models.delete(uri);
  }

  get size(): number {
    return this.models.size;
  }
}
