import type { Connection, Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextLines, type ContentChange, type ServiceDocument } from './service';

/**
 * One version of an open document: its text and where its lines start. A version is never changed;
 * an edit makes the next one (TextLines.replace): only the piece of the text the edit falls in is
 * made anew, with its line starts, and the rest is shared with this one, where a new string of
 * the whole text would be flattened (20 MB copied) on every keystroke. vscode-languageserver's
 * TextDocument works the line offsets of a 20 MB text out again on the first edit, into an array
 * of numbers, and then moves every offset after each edit: half a second and more.
 */
export class DocumentVersion implements ServiceDocument {
  constructor(readonly uri: string, readonly languageId: string, readonly version: number, readonly lines: TextLines) {}

  static create(uri: string, languageId: string, version: number, text: string): DocumentVersion {
    return new DocumentVersion(uri, languageId, version, TextLines.of(text));
  }

  getText(): string {
    return this.lines.text;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  /** The offset of a position as LSP means it (see offsetIn). */
  offsetAt(position: Position): number {
    return offsetIn(this.lines, position);
  }

  /** The next version: these changes applied in order, as LSP sends them (a range and its new text, or the whole text). */
  edited(changes: readonly ContentChange[], version: number): DocumentVersion {
    let lines = this.lines;
    for (const change of changes) {
      if (!('range' in change)) {
        lines = TextLines.of(change.text);
        continue;
      }
      const range = wellFormed(change.range);
      lines = lines.replace(offsetIn(lines, range.start), offsetIn(lines, range.end), change.text);
    }
    return new DocumentVersion(this.uri, this.languageId, version, lines);
  }
}

/**
 * The offset of a position in `lines` as LSP means it: a line past the end is the end of the text, a
 * character past its line's end (or into its line break) is the line's end.
 */
function offsetIn(lines: TextLines, position: Position): number {
  if (position.line >= lines.length) return lines.textLength;
  if (position.line < 0) return 0;
  const start = lines.start(position.line);
  if (position.character <= 0) return start;
  return Math.min(start + position.character, lines.end(position.line));
}

/** A range whose start comes before its end, as an editor may send it either way round. */
function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}

interface DocumentEvents {
  /** A document was opened (its first version). */
  opened(document: DocumentVersion): void;
  /** A new version came: `changes` made it from the one before. */
  changed(document: DocumentVersion, changes: readonly ContentChange[]): void;
  /** A document was closed: its last version. */
  closed(document: DocumentVersion): void;
}

/** The open documents by URI, kept in step with the client's didOpen, didChange and didClose. */
export class OpenDocuments {
  private readonly byUri = new Map<string, DocumentVersion>();

  get(uri: string): DocumentVersion | undefined {
    return this.byUri.get(uri);
  }

  all(): DocumentVersion[] {
    return [...this.byUri.values()];
  }

  listen(connection: Connection, events: DocumentEvents): void {
    connection.onDidOpenTextDocument(({ textDocument: d }) => {
      const document = DocumentVersion.create(d.uri, d.languageId, d.version, d.text);
      this.byUri.set(d.uri, document);
      events.opened(document);
    });
    connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
      const previous = this.byUri.get(textDocument.uri);
      if (!previous || textDocument.version === null) return;
      const changes = contentChanges as readonly TextDocumentContentChangeEvent[] as readonly ContentChange[];
      const document = previous.edited(changes, textDocument.version);
      this.byUri.set(document.uri, document);
      events.changed(document, changes);
    });
    connection.onDidCloseTextDocument(({ textDocument }) => {
      const document = this.byUri.get(textDocument.uri);
      if (!document) return;
      this.byUri.delete(textDocument.uri);
      events.closed(document);
    });
  }
}
