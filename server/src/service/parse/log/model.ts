import type { TranscriptModel } from '../model';

/**
 * An MTA log (Postfix, Exim, Sendmail, Exchange). SMTP dialogue lines that some logs carry (Postfix
 * verbose `>`/`<` lines) are read by the transcript readers into `transcript`, on the log's own lines.
 */
export interface LogModel {
  kind: 'log';
  lineCount: number;
  transcript: TranscriptModel;
}
