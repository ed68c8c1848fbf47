import { readTranscript } from '../transcript/reader';
import { LogBuilder } from './builder';
import { readDialogue } from './dialogue';
import { readExim } from './exim';
import { ExchangeLog } from './exchange';
import { forEachLine } from './lines';
import type { LogModel } from './model';
import { readPostfix } from './postfix';
import { emptyPrefix, isProgram, readPrefix, type LinePrefix } from './prefix';
import { readSendmail } from './sendmail';

/**
 * Reads an MTA log: every line once, in one pass, its prefix with character tests, then the reader
 * of the program that wrote it. Lines no reader knows (other daemons, shell notes, garbage) cost a
 * prefix test and are dropped. SMTP dialogue lines are read as a transcript on the same lines.
 */
export function readLog(text: string): LogModel {
  const builder = new LogBuilder();
  const exchange = new ExchangeLog();
  const prefix = emptyPrefix();
  const dialogue: string[] = [];
  const dialogueLines: number[] = [];
  let known = 0;
  const lineCount = forEachLine(text, (line, lineNo) => {
    if (line.length === 0) return;
    if (line.charCodeAt(0) === 35 /* # */) {
      // Exchange headers (#Fields: ...); the comments of a log sample (# failJSON ...) say nothing.
      if (exchange.header(line)) known++;
      return;
    }
    readPrefix(line, prefix);
    builder.startLine(line, prefix.timeStart, prefix.timeEnd);
    if (prefix.csv) {
      if (exchange.isDialogue(line, 0)) {
        dialogue.push(line);
        dialogueLines.push(lineNo);
      } else if (!exchange.readRow(line, lineNo, builder)) return;
      builder.counted('exchange');
      known++;
      return;
    }
    if (readBody(line, lineNo, prefix, builder, dialogue, dialogueLines)) known++;
  });
  builder.finish();
  // A document with no line any reader knows is not a log after all (a transcript saved as mail.log):
  // read it as a transcript, as the editor did before logs had a reader of their own.
  const transcript = known === 0 ? readTranscript(text) : readDialogue(dialogue, dialogueLines, lineCount);
  return {
    kind: 'log',
    lineCount,
    formats: builder.formats(),
    messages: builder.messages,
    rejections: builder.rejections,
    transcript,
  };
}

/** The program's text, by the program that wrote it; true when a reader knew the line. */
function readBody(line: string, lineNo: number, prefix: LinePrefix, builder: LogBuilder, dialogue: string[], dialogueLines: number[]): boolean {
  const { body } = prefix;
  if (prefix.eximTime) {
    if (!readExim(line, lineNo, body, builder)) return false;
    builder.counted('exim');
    return true;
  }
  if (prefix.programEnd === prefix.programStart) {
    // A message part without its syslog header, as people paste them: "4E74613FE76: to=<...>".
    if (!readPostfix(line, lineNo, body, builder)) return false;
    builder.counted('postfix');
    return true;
  }
  if (isProgram(line, prefix, 'postfix')) {
    const mark = line.charCodeAt(body);
    if ((mark === 62 || mark === 60) && line.charCodeAt(body + 1) === 32) {
      // Verbose logging: "postfix/smtp[1]: > mx[192.0.2.1]:25: EHLO client", "< mx[...]: 250 ...".
      dialogue.push(line);
      dialogueLines.push(lineNo);
    } else {
      readPostfix(line, lineNo, body, builder);
    }
    builder.counted('postfix');
    return true;
  }
  if (isProgram(line, prefix, 'exim')) {
    readExim(line, lineNo, body, builder);
    builder.counted('exim');
    return true;
  }
  if (isProgram(line, prefix, 'sendmail', true) || isProgram(line, prefix, 'sm-')) {
    readSendmail(line, lineNo, body, builder);
    builder.counted('sendmail');
    return true;
  }
  return false;
}
