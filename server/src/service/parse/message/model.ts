import type { TranscriptModel } from '../model';

/**
 * An RFC 5322 message (.eml or one message of an mbox), above all a bounce. The SMTP dialogue quoted
 * in a bounce body is read by the transcript readers into `transcript`, on the message's own lines.
 */
export interface MessageModel {
  kind: 'message';
  lineCount: number;
  transcript: TranscriptModel;
}
