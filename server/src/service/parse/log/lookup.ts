import type { LogEvent, LogMessage, LogModel } from './model';

/** What stands on one line of a log: the message whose id it names, and its events. */
export interface LogLine {
  message?: LogMessage;
  /** The message's index in the model's table, or -1. */
  index: number;
  /** Column where the message's id stands on the line. */
  idColumn: number;
  events: LogEvent[];
}

/**
 * The message and events on a line: the message the line names, read again from its lines, and
 * the refusals of the line that belong to no message, in the order of their marks.
 */
export function logLine(model: LogModel, line: number): LogLine {
  const table = model.messages;
  const index = table.onLine(line);
  const result: LogLine = { index, idColumn: -1, events: [] };
  if (index >= 0) {
    const message = table.at(index);
    result.message = message;
    result.idColumn = table.idColumn(line);
    for (const event of message.events) if (event.line === line) result.events.push(event);
  }
  const rejections = model.rejections;
  let lo = 0;
  let hi = rejections.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rejections[mid].line < line) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < rejections.length && rejections[i].line === line; i++) {
    if (!result.events.includes(rejections[i])) result.events.push(rejections[i]);
  }
  result.events.sort((a, b) => a.markAt - b.markAt);
  return result;
}
