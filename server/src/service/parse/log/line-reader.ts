import { readDomino } from './domino';
import { readExim } from './exim';
import { readKerio } from './kerio';
import { readPostfix } from './postfix';
import { isProgram, type LinePrefix } from './prefix';
import { readSendmail } from './sendmail';
import { readZimbra } from './zimbra';
import type { LogSink } from './sink';

/** Where a reader puts the SMTP dialogue lines it meets (Postfix verbose logging), for the transcript readers. */
export interface DialogueLines {
  lines: string[];
  lineNumbers: number[];
}

/**
 * The program's text of a syslog or Exim line, by the program that wrote it; true when a reader
 * knew the line. The first pass and the reading of one message again both come here, so that a
 * message read again is the message the first pass saw.
 */
export function readBody(line: string, lineNo: number, prefix: LinePrefix, sink: LogSink, dialogue: DialogueLines): boolean {
  if (readSyslogOrExim(line, lineNo, prefix, sink, dialogue)) return true;
  // Servers with logs of their own, tried only on lines no MTA reader knew.
  if (readKerio(line, lineNo, sink)) {
    sink.counted('kerio');
    return true;
  }
  if (readDomino(line, lineNo, sink)) {
    sink.counted('domino');
    return true;
  }
  if (readZimbra(line, lineNo, sink)) {
    sink.counted('zimbra');
    return true;
  }
  return false;
}

function readSyslogOrExim(line: string, lineNo: number, prefix: LinePrefix, sink: LogSink, dialogue: DialogueLines): boolean {
  const { body } = prefix;
  if (prefix.eximTime) {
    // Exim writes one space after its stamp; Domino's console, with the same stamp, several.
    if (line.charCodeAt(body) === 32 || !readExim(line, lineNo, body, sink)) return false;
    sink.counted('exim');
    return true;
  }
  if (prefix.programEnd === prefix.programStart) {
    // A message part without its syslog header, as people paste them: "4E74613FE76: to=<...>".
    if (!readPostfix(line, lineNo, body, sink)) return false;
    sink.counted('postfix');
    return true;
  }
  if (isProgram(line, prefix, 'postfix')) {
    const mark = line.charCodeAt(body);
    if ((mark === 62 || mark === 60) && line.charCodeAt(body + 1) === 32) {
      // Verbose logging: "postfix/smtp[1]: > mx[192.0.2.1]:25: EHLO client", "< mx[...]: 250 ...".
      dialogue.lines.push(line);
      dialogue.lineNumbers.push(lineNo);
    } else {
      readPostfix(line, lineNo, body, sink);
    }
    sink.counted('postfix');
    return true;
  }
  if (isProgram(line, prefix, 'exim')) {
    readExim(line, lineNo, body, sink);
    sink.counted('exim');
    return true;
  }
  if (isProgram(line, prefix, 'sendmail', true) || isProgram(line, prefix, 'sm-')) {
    readSendmail(line, lineNo, body, sink);
    sink.counted('sendmail');
    return true;
  }
  return false;
}
