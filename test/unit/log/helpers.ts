import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readLog } from '../../../server/src/service/parse/log/log-reader';
import type { LogEvent, LogMessage, LogModel } from '../../../server/src/service/parse/log/model';
import { catalog } from '../../helpers/catalog';

export { catalog };

export const FIXTURES = resolve(__dirname, '..', '..', 'fixtures', 'logs');

/** The text of a fixture in test/fixtures/logs. */
export function fixture(name: string): string {
  return readFileSync(resolve(FIXTURES, name), 'utf8');
}

/** A log read from lines. */
export function log(...lines: string[]): LogModel {
  return readLog(lines.join('\n'));
}

/** The 0-based number of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string, occurrence = 0): number {
  const lines = text.split(/\r\n|\r|\n/);
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].includes(needle) && seen++ === occurrence) return i;
  }
  throw new Error(`'${needle}' not in the text`);
}

/** The message with this id (the first one, or the one whose lines include `line`). */
export function message(model: LogModel, id: string, line?: number): LogMessage {
  const found = model.messages.all().find((m) => m.id === id && (line === undefined || m.lines.includes(line)));
  if (!found) throw new Error(`no message ${id}`);
  return found;
}

/** The message whose recipients include `address`. */
export function messageTo(model: LogModel, address: string): LogMessage {
  const found = model.messages.all().find((m) => m.recipients.some((r) => r.address === address));
  if (!found) throw new Error(`no message to ${address}`);
  return found;
}

/** Every event of a model, messages' and rejections', by line. */
export function allEvents(model: LogModel): LogEvent[] {
  const events = new Set<LogEvent>([...model.messages.all().flatMap((m) => m.events), ...model.rejections]);
  return [...events].sort((a, b) => a.line - b.line);
}

/** The text at [at, at + length) of a line of `text`. */
export function slice(text: string, line: number, at: number | undefined, length: number): string {
  const lines = text.split(/\r\n|\r|\n/);
  return at === undefined ? '' : lines[line].slice(at, at + length);
}
