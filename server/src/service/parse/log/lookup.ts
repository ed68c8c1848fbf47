import type { LogEvent, LogMessage, LogModel } from './model';

/** What stands on one line of a log: the message whose id it names, and its events. */
export interface LogLine {
  message?: LogMessage;
  /** Column where the message's id stands on the line. */
  idColumn: number;
  events: LogEvent[];
}

interface LineIndex {
  /** Message index + 1 per line (0: none), and the id's column. */
  messageOf: Int32Array;
  columnOf: Int32Array;
  /** Every event, sorted by line. */
  events: LogEvent[];
}

const indexes = new WeakMap<LogModel, LineIndex>();

/**
 * The message and events on a line, from an index built on the first question and kept with the
 * model: two typed arrays over the lines and one sorted list of events, not an object per line.
 */
export function logLine(model: LogModel, line: number): LogLine {
  let index = indexes.get(model);
  if (!index) {
    index = buildIndex(model);
    indexes.set(model, index);
  }
  const result: LogLine = { idColumn: -1, events: [] };
  if (line < 0 || line >= index.messageOf.length) return result;
  const m = index.messageOf[line];
  if (m > 0) {
    result.message = model.messages[m - 1];
    result.idColumn = index.columnOf[line];
  }
  const events = index.events;
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid].line < line) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < events.length && events[i].line === line; i++) result.events.push(events[i]);
  return result;
}

function buildIndex(model: LogModel): LineIndex {
  const messageOf = new Int32Array(model.lineCount);
  const columnOf = new Int32Array(model.lineCount);
  const events: LogEvent[] = [];
  const seen = new Set<LogEvent>();
  model.messages.forEach((message, i) => {
    for (let k = 0; k < message.lines.length; k++) {
      const line = message.lines[k];
      if (line < model.lineCount) {
        messageOf[line] = i + 1;
        columnOf[line] = message.columns[k];
      }
    }
    for (const event of message.events) {
      events.push(event);
      seen.add(event);
    }
  });
  for (const event of model.rejections) if (!seen.has(event)) events.push(event);
  events.sort((a, b) => a.line - b.line || a.markAt - b.markAt);
  return { messageOf, columnOf, events };
}

/** The messages by id, for jumps from an id a line names ("queued as 4Xyz") to that message. */
export function messagesWithId(model: LogModel, id: string): LogMessage[] {
  return model.messages.filter((m) => m.id === id);
}
