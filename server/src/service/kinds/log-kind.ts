import { LOG_RULES } from '../analyze';
import type { LogModel } from '../parse';
import { logHover } from '../features/log/hover';
import { logDefinition, logReferences } from '../features/log/navigation';
import { logSymbols } from '../features/log/symbols';
import { logWindowLines, readLog, readLogLines } from '../parse/log/log-reader';
import type { DocumentKind } from './kind';
import { transcriptWindow } from './transcript-kind';

/**
 * A mail log: messages grouped by queue id (the story of each), refusals, and the SMTP dialogue of
 * verbose logging. A window of a large log is its lines and every other line of the messages shown
 * in it, so a queue id's story, definition and references are those of the whole log.
 */
export const LOG_KIND: DocumentKind<LogModel> = {
  name: 'log',
  languageIds: ['maillog'],
  read: (document) => readLog(document.getText()),
  reread: () => undefined,
  readWindow(source, from, to) {
    const wanted = logWindowLines(source.text, from, to);
    const model = wanted ? readLogLines(source.text, (lineNo) => wanted[lineNo] === 1) : readLog(source.text);
    // No line a log reader knows: a transcript saved under a log's name, read as the whole one would be.
    return model.formats.length === 0 ? transcriptWindow(source, from, to) : model;
  },
  rules: LOG_RULES,
  hover: logHover,
  symbols: logSymbols,
  definition: logDefinition,
  references: logReferences,
};
