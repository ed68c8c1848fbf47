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

const lineIndexes = new WeakMap<TranscriptModel, Array<LineEntry | undefined>>();

/** The entry for a document line, from an index built once per model. */
export function lineEntry(model: TranscriptModel, line: number): LineEntry | undefined {
  let index = lineIndexes.get(model);
  if (!index) {
    index = buildLineIndex(model);
    lineIndexes.set(model, index);
  }
  return index[line];
}

function buildLineIndex(model: TranscriptModel): Array<LineEntry | undefined> {
  const index: Array<LineEntry | undefined> = new Array(model.lineCount);
  for (const session of model.sessions) {
    for (const line of session.lines) index[line.line] = { session, line };
    for (const command of session.commands) {
      const entry = index[command.source.line];
      if (entry) entry.command = command;
    }
    for (const reply of session.replies) {
      for (const replyLine of reply.lines) {
        const entry = index[replyLine.source.line];
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
