import type { Location, Position, Range } from 'vscode-languageserver-types';
import { logLine } from '../../parse/log/lookup';
import type { LogMessage, LogModel } from '../../parse/log/model';

/**
 * The message whose id stands at the position: the id at the start of a line, or an id a line
 * refers to ("queued as 4Xyz", "sender non-delivery notification: 4Xyz") when the log has it.
 */
function messageAt(model: LogModel, position: Position): LogMessage | undefined {
  const entry = logLine(model, position.line);
  const { message, idColumn } = entry;
  const on = (start: number, length: number): boolean => position.character >= start && position.character <= start + length;
  if (message && idColumn >= 0 && on(idColumn, message.id.length)) return message;
  for (const event of entry.events) {
    if (event.related === undefined || event.relatedAt === undefined || !on(event.relatedAt, event.related.length)) continue;
    // The message with that id nearest after this line (a short Postfix id may come back later).
    const table = model.messages;
    const candidates = table.withId(event.related);
    const found = candidates.find((i) => table.lastLine(i) >= position.line) ?? candidates[candidates.length - 1];
    return found === undefined ? undefined : table.at(found);
  }
  return undefined;
}

function idRange(message: LogMessage, k: number): Range {
  const line = message.lines[k];
  const start = message.columns[k];
  return { start: { line, character: start }, end: { line, character: start + message.id.length } };
}

/** Go to definition on a queue id: the message's first line. Null where no id stands. */
export function logDefinition(document: LogModel, uri: string, position: Position): Location[] | null {
  const message = messageAt(document, position);
  return message ? [{ uri, range: idRange(message, 0) }] : null;
}

/** Find references on a queue id: every line of its message (the first only with `includeDeclaration`). */
export function logReferences(document: LogModel, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const message = messageAt(document, position);
  if (!message) return [];
  const locations: Location[] = [];
  for (let k = includeDeclaration ? 0 : 1; k < message.lines.length; k++) locations.push({ uri, range: idRange(message, k) });
  return locations;
}
