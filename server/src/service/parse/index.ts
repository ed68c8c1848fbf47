import type { Command, DocumentModel, Reply, ReplyLine, Session, TranscriptLine, TranscriptModel } from './model';
import { readTranscript } from './transcript/reader';
import { readMessage } from './message/reader';
import { readLog } from './log/reader';

export * from './model';
export type { MessageModel } from './message/model';
export type { LogModel } from './log/model';
export { readTranscript, splitLines } from './transcript/reader';

/** The languages the server reads. */
export type LanguageId = 'smtp' | 'eml' | 'maillog';

/** Text to model: the one place a document is read, by the reader of its language. */
export function parseDocument(text: string, languageId: LanguageId | string): DocumentModel {
  switch (languageId) {
    case 'eml': return readMessage(text);
    case 'maillog': return readLog(text);
    default: return readTranscript(text);
  }
}

/** The SMTP dialogue of any document: the transcript itself, or what a message or log quotes. */
export function transcriptOf(model: DocumentModel): TranscriptModel {
  return model.kind === 'transcript' ? model : model.transcript;
}

/** What stands on one document line, for position lookups. */
export interface LineEntry {
  session: Session;
  line: TranscriptLine;
  command?: Command;
  reply?: Reply;
  replyLine?: ReplyLine;
}

/**
 * How a model finds the session of a line: by binary search over sessions that follow one another,
 * or, where sessions interleave (Exchange logs, Postfix processes), by one index of every line.
 */
const sessionOrders = new WeakMap<TranscriptModel, { ordered: boolean; index?: Array<LineEntry | undefined> }>();
const sessionIndexes = new WeakMap<Session, Array<LineEntry | undefined>>();

/** The entry for a document line. After an edit only the sessions read anew build their index again. */
export function lineEntry(model: TranscriptModel, line: number): LineEntry | undefined {
  let order = sessionOrders.get(model);
  if (!order) {
    const sessions = model.sessions;
    order = { ordered: sessions.every((s, i) => i === 0 || s.startLine > sessions[i - 1].endLine) };
    sessionOrders.set(model, order);
  }
  if (!order.ordered) {
    order.index ??= buildIndex(model.sessions, 0, model.lineCount);
    return order.index[line];
  }
  const session = sessionAt(model.sessions, line);
  if (!session) return undefined;
  let index = sessionIndexes.get(session);
  if (!index || sessionIndexBase.get(index) !== session.startLine) {
    index = buildIndex([session], session.startLine, session.endLine - session.startLine + 1);
    sessionIndexes.set(session, index);
    sessionIndexBase.set(index, session.startLine);
  }
  return index[line - session.startLine];
}

/** The line a session index was built from: an edit above moves the session and so its index. */
const sessionIndexBase = new WeakMap<object, number>();

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

function buildIndex(sessions: readonly Session[], base: number, size: number): Array<LineEntry | undefined> {
  const index: Array<LineEntry | undefined> = new Array(Math.max(0, size));
  for (const session of sessions) {
    for (const line of session.lines) index[line.line - base] = { session, line };
    for (const command of session.commands) {
      const entry = index[command.source.line - base];
      if (entry) entry.command = command;
    }
    for (const reply of session.replies) {
      for (const replyLine of reply.lines) {
        const entry = index[replyLine.source.line - base];
        if (entry) {
          entry.reply = reply;
          entry.replyLine = replyLine;
        }
      }
    }
  }
  return index;
}

/** The last line of a session that has something on it: trailing blank lines belong to no one. */
export function lastContentLine(session: Session): number {
  for (let i = session.lines.length - 1; i >= 0; i--) {
    if (session.lines[i].kind !== 'blank') return session.lines[i].line;
  }
  return session.startLine;
}
