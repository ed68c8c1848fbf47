import { readTranscript } from '../transcript/reader';
import type { MessageModel } from './model';

/** Reads a message; the SMTP dialogue quoted in it is read as a transcript on the same lines. */
export function readMessage(text: string): MessageModel {
  const transcript = readTranscript(text);
  return { kind: 'message', lineCount: transcript.lineCount, transcript };
}
