import { readTranscript } from '../transcript/reader';
import { LogBuilder } from './builder';
import { readDialogue } from './dialogue';
import { ExchangeLog } from './exchange';
import { readBody, type DialogueLines } from './line-reader';
import { forEachLine } from './lines';
import type { LogModel } from './model';
import { emptyPrefix, readPrefix } from './prefix';
import { MessageTable } from './table';

/** Characters of a short log line, to size the line columns once for most logs (finish() cuts them to the line count). */
const TYPICAL_LINE = 100;

/**
 * Reads an MTA log: every line once, in one pass, its prefix with character tests, then the reader
 * of the program that wrote it. Lines no reader knows (other daemons, shell notes, garbage) cost a
 * prefix test and are dropped. SMTP dialogue lines are read as a transcript on the same lines.
 */
export function readLog(text: string): LogModel {
  const builder = new LogBuilder(Math.ceil(text.length / TYPICAL_LINE));
  const exchange = new ExchangeLog();
  const prefix = emptyPrefix();
  const dialogue: DialogueLines = { lines: [], lineNumbers: [] };
  let known = 0;
  const lineCount = forEachLine(text, (line, lineNo, offset) => {
    if (line.length === 0) return;
    if (line.charCodeAt(0) === 35 /* # */) {
      // Exchange headers (#Fields: ...); the comments of a log sample (# failJSON ...) say nothing.
      if (exchange.header(line)) known++;
      return;
    }
    readPrefix(line, prefix);
    builder.startLine(line, offset, prefix.timeStart, prefix.timeEnd);
    if (prefix.csv) {
      if (exchange.isDialogue(line, 0)) {
        dialogue.lines.push(line);
        dialogue.lineNumbers.push(lineNo);
      } else if (!exchange.readRow(line, lineNo, builder)) return;
      builder.counted('exchange');
      known++;
      return;
    }
    if (readBody(line, lineNo, prefix, builder, dialogue)) known++;
  });
  const columns = builder.finish(lineCount);
  // A document with no line any reader knows is not a log after all (a transcript saved as mail.log):
  // read it as a transcript, as the editor did before logs had a reader of their own.
  const transcript = known === 0 ? readTranscript(text) : readDialogue(dialogue.lines, dialogue.lineNumbers, lineCount);
  return {
    kind: 'log',
    lineCount,
    formats: builder.formats(),
    formatLines: builder.formatLineCounts(),
    messages: new MessageTable(text, columns, builder.rejections),
    rejections: builder.rejections,
    transcript,
  };
}
