import { readTranscript } from '../transcript/transcript-reader';
import { LogBuilder } from './builder';
import { readDialogue } from './dialogue';
import { ExchangeLog } from './exchange';
import { readBody, type DialogueLines } from './line-reader';
import { forEachLine } from './lines';
import type { LogModel } from './model';
import { emptyPrefix, readPrefix } from './prefix';
import { MessageTable } from './table';
import { ZeekLog } from './zeek';

/** Characters of a short log line, to size the line columns once for most logs (finish() cuts them to the line count). */
const TYPICAL_LINE = 100;

/**
 * Reads an MTA log: every line once, in one pass, its prefix with character tests, then the reader
 * of the program that wrote it. Lines no reader knows (other daemons, shell notes, garbage) cost a
 * prefix test and are dropped. SMTP dialogue lines are read as a transcript on the same lines.
 */
export function readLog(text: string): LogModel {
  return readLogLines(text);
}

/**
 * readLog over the lines `keep` accepts only (numbers and offsets stay those of the whole text): a
 * window of a large log and the other lines of the messages it shows. Exchange's and Zeek's header lines
 * are always read (a row needs the #Fields or #fields above it). Without `keep`, a text no reader knows a line of
 * is read as a transcript.
 */
export function readLogLines(text: string, keep?: (lineNo: number) => boolean): LogModel {
  const builder = new LogBuilder(Math.ceil(text.length / TYPICAL_LINE));
  const exchange = new ExchangeLog();
  const zeek = new ZeekLog();
  const prefix = emptyPrefix();
  const dialogue: DialogueLines = { lines: [], lineNumbers: [] };
  let known = 0;
  const lineCount = forEachLine(text, (line, lineNo, offset) => {
    if (line.length === 0) return;
    if (line.charCodeAt(0) === 35 /* # */) {
      // Exchange and Zeek headers (#Fields: ..., #fields\t...); the comments of a log sample (# failJSON ...) say nothing.
      if (exchange.header(line)) known++;
      else if (zeek.header(line)) {
        // The header says what the log is: Zeek's lines, as its rows are.
        builder.counted('zeek');
        known++;
      }
      return;
    }
    if (keep && !keep(lineNo)) return;
    if (zeek.mayRead(line)) {
      const [timeStart, timeEnd] = zeek.timeColumn(line);
      builder.startLine(line, offset, timeStart, timeEnd);
      if (zeek.readRow(line, lineNo, builder)) {
        builder.counted('zeek');
        known++;
        return;
      }
    }
    readPrefix(line, prefix);
    builder.startLine(line, offset, prefix.timeStart, prefix.timeEnd);
    if (prefix.csv) {
      if (exchange.isDialogue(line, 0)) {
        dialogue.lines.push(line);
        dialogue.lineNumbers.push(lineNo);
        exchange.readProtocolRow(line, lineNo, builder);
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
  const transcript = known === 0 && !keep ? readTranscript(text) : readDialogue(dialogue.lines, dialogue.lineNumbers, lineCount);
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

/**
 * The lines of a large log a window of it needs to be read as the whole log reads it: lines
 * from..to, and every other line of the messages with an id in them, or an id they refer to
 * ("queued as 4Xyz"). Undefined for an Exchange log, whose rows carry their ids elsewhere: read it whole.
 */
export function logWindowLines(text: string, from: number, to: number): Uint8Array | undefined {
  const inWindow = (lineNo: number): boolean => lineNo >= from && lineNo < to;
  const window = readLogLines(text, inWindow);
  if (window.formats.includes('exchange')) return undefined;
  const ids = new Set<string>();
  const table = window.messages;
  for (let i = 0; i < table.length; i++) {
    ids.add(table.id(i));
    for (const event of table.at(i).events) if (event.related !== undefined) ids.add(event.related);
  }
  for (const event of window.rejections) if (event.related !== undefined) ids.add(event.related);
  const prefix = emptyPrefix();
  const wanted = new Uint8Array(window.lineCount);
  forEachLine(text, (line, lineNo) => {
    if (inWindow(lineNo)) {
      wanted[lineNo] = 1;
      return;
    }
    if (ids.size === 0 || line.length === 0) return;
    readPrefix(line, prefix);
    // Postfix, Exim and Sendmail lines name their message first: the id runs to a colon or a space.
    let end = prefix.body;
    while (end < line.length) {
      const c = line.charCodeAt(end);
      if (c === 58 || c === 32) break;
      end++;
    }
    if (end > prefix.body && ids.has(line.slice(prefix.body, end))) wanted[lineNo] = 1;
  });
  return wanted;
}
