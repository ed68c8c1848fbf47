import type { DocumentModel, LineEntry, Session, TranscriptModel } from './model';
import { entryOnLine, sessionLineNumbers } from './transcript/views';
import { memoOn } from './memo';

export * from './model';
export type { MessageModel } from './message/model';
export type { LogModel } from './log/model';
export { readTranscript, splitLines } from './transcript/transcript-reader';
export { capabilitiesOf } from './transcript/views';
export { withScratchObjects } from './transcript/session';
export { classifyContent, detectionSample, looksLikeMessage } from './classify';

/** The SMTP dialogue of any document: the transcript itself, or what a message or log quotes. */
export function transcriptOf(model: DocumentModel): TranscriptModel {
  return model.kind === 'transcript' ? model : model.transcript;
}

/**
 * How a model finds the session of a line: by binary search over sessions that follow one another,
 * or, where sessions interleave (Exchange logs, Postfix processes), through the session of every line.
 */
const SESSION_ORDER = Symbol('session order');

/** The entry for a document line: the session's objects are made (or found) for it. */
export function lineEntry(model: TranscriptModel, line: number): LineEntry | undefined {
  const order = memoOn(model, SESSION_ORDER, (m): { ordered: boolean; sessionOfLine?: Int32Array } => ({
    ordered: m.sessions.every((s, i) => i === 0 || s.startLine > m.sessions[i - 1].endLine),
  }));
  let session: Session | undefined;
  if (order.ordered) {
    session = sessionAt(model.sessions, line);
  } else {
    order.sessionOfLine ??= sessionOfEveryLine(model);
    const index = line >= 0 && line < order.sessionOfLine.length ? order.sessionOfLine[line] : -1;
    session = index >= 0 ? model.sessions[index] : undefined;
  }
  return session && line >= session.startLine && line <= session.endLine ? entryOnLine(session, line) : undefined;
}

function sessionAt(sessions: readonly Session[], line: number): Session | undefined {
  let low = 0;
  let high = sessions.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const s = sessions[mid];
    if (line < s.startLine) high = mid - 1;
    else if (line > s.endLine) low = mid + 1;
    else return s;
  }
  return undefined;
}

/** For sessions that interleave: the index of the session that read each line, or -1. */
function sessionOfEveryLine(model: TranscriptModel): Int32Array {
  const of = new Int32Array(Math.max(0, model.lineCount)).fill(-1);
  model.sessions.forEach((session, index) => {
    for (const line of sessionLineNumbers(session)) if (line >= 0 && line < of.length) of[line] = index;
  });
  return of;
}

/** The last line of a session that has something on it: trailing blank lines belong to no one. */
export function lastContentLine(session: Session): number {
  for (let i = session.lines.length - 1; i >= 0; i--) {
    if (session.lines[i].kind !== 'blank') return session.lines[i].line;
  }
  return session.startLine;
}
