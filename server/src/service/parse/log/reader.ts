import { readTranscript } from '../transcript/reader';
import type { LogModel } from './model';

/** Reads an MTA log; SMTP dialogue lines in it are read as a transcript on the same lines. */
export function readLog(text: string): LogModel {
  const transcript = readTranscript(text);
  return { kind: 'log', lineCount: transcript.lineCount, transcript };
}
