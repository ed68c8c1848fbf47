import type { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { parseDocument, type DocumentModel } from './service';
import { shiftCachedFindings } from './service/analyze';
import { composeEdits, lineEditOf, linesAfterEdit, rereadTranscript, type LineEdit } from './service/parse/transcript/incremental';
import { TextLines } from './service/parse/transcript/lines';
import { readModel, usesPrefixes } from './service/parse/transcript/reader';

/** A large document is read in windows of three times this many lines around what is looked at. */
const WINDOW_LINES = 2000;

/**
 * One model per document version, parsed on first use. Edits since the cached version are
 * remembered as one line range, so a transcript is re-read only around them.
 */
export class DocumentCache {
  private readonly models = new Map<string, { version: number; model: DocumentModel }>();
  /** What changed since the cached model: a line range, or 'all' when it cannot be said. */
  private readonly edits = new Map<string, LineEdit | 'all'>();
  /** The window last read of each large document. */
  private readonly windows = new Map<string, { key: string; model: DocumentModel }>();
  /** The lines of each large document's version, found once: each new window reads from them. */
  private readonly lines = new Map<string, { version: number; lines: TextLines }>();

  /** Called with each content change as it arrives (TextDocuments' update hook). */
  recordChanges(uri: string, changes: readonly TextDocumentContentChangeEvent[]): void {
    if (!this.models.has(uri)) return;
    let edit = this.edits.get(uri);
    for (const change of changes) {
      if (edit === 'all' || !('range' in change)) {
        edit = 'all';
        break;
      }
      const next = lineEditOf(change.range, change.text);
      edit = edit ? composeEdits(edit, next) : next;
    }
    if (edit) this.edits.set(uri, edit);
  }

  get(document: TextDocument): DocumentModel {
    const cached = this.models.get(document.uri);
    if (cached && cached.version === document.version) return cached.model;
    const edit = this.edits.get(document.uri);
    this.edits.delete(document.uri);
    const incremental = cached && edit && edit !== 'all' && cached.model.kind === 'transcript' && document.languageId === 'smtp'
      ? rereadTranscript(cached.model, linesAfterEdit(cached.model, document.getText(), edit), edit, shiftCachedFindings)
      : undefined;
    const model = incremental ?? parseDocument(document.getText(), document.languageId);
    this.models.set(document.uri, { version: document.version, model });
    return model;
  }

  /**
   * For a document too large to read whole: the dialogue in a window of lines around `line`, read
   * as it would be in the whole document. Windows are aligned so nearby requests share one.
   */
  around(document: TextDocument, line: number): DocumentModel {
    const start = Math.max(0, Math.floor(line / WINDOW_LINES) * WINDOW_LINES - WINDOW_LINES);
    const key = `${document.version}:${start}`;
    const cached = this.windows.get(document.uri);
    if (cached?.key === key) return cached.model;
    let found = this.lines.get(document.uri);
    if (found?.version !== document.version) {
      found = { version: document.version, lines: TextLines.of(document.getText()) };
      this.lines.set(document.uri, found);
    }
    const { lines } = found;
    const to = Math.min(lines.length, start + 3 * WINDOW_LINES);
    const model = readModel(lines, [{ from: start, to }], usesPrefixes(lines));
    this.windows.set(document.uri, { key, model });
    return model;
  }

  delete(uri: string): void {
    this.windows.delete(uri);
    this.lines.delete(uri);
    this.models.delete(uri);
    this.edits.delete(uri);
  }

  get size(): number {
    return this.models.size;
  }
}
