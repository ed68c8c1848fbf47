import { emptyPrefix, PostfixPrefixReader } from '../parse/log/prefix';
import { LineRanges } from '../parse/log/stream';
import { scanPostfixLine, SCAN_FIELDS } from './postfix-totals';

/**
 * Lines of a log cut out of pieces of text and their Postfix prefixes read in place, ready for a
 * reader to tally them: the work of a line that needs nothing of the lines before it, done apart
 * (on another thread) from the tally, which needs them all in order. `texts` are the pieces (and the
 * lines joined across two pieces); each line is a row of `rows`, BATCH_FIELDS numbers:
 * the index of its text, its start and end there, then the prefix columns PostfixPrefixReader read
 * (timeStart, timeEnd, programStart, programEnd, body) and from BATCH_SCAN what scanPostfixLine
 * found for the tally, or NOT_IN_PLACE as its timeStart when the line is not the commonest Postfix
 * shape and must be read by readPrefix (and the tally) on the reader's thread. Plain data: it can
 * be posted to another thread as it is (`rows.buffer` moved, not copied).
 */
export interface LineBatch {
  texts: string[];
  rows: Int32Array;
  count: number;
}

/** Where a row's scanPostfixLine starts. */
export const BATCH_SCAN = 8;
export const BATCH_FIELDS = BATCH_SCAN + SCAN_FIELDS;
export const NOT_IN_PLACE = -2;

/** Rows a batch has room for at first; it grows for a piece of many short lines. */
const FIRST_ROWS = 16_384;

/**
 * Cuts pieces of text into lines (as LineRanges does, lone CRs and lines across pieces included),
 * reads the commonest Postfix prefix of each in place and what the tally counts in it, gathering
 * them into LineBatches.
 */
export class LineBatcher {
  private readonly prefixReader = new PostfixPrefixReader();
  private readonly prefix = emptyPrefix();
  private readonly cutter = new LineRanges((text, start, end) => this.add(text, start, end));
  private texts: string[] = [];
  private rows = new Int32Array(FIRST_ROWS * BATCH_FIELDS);
  private count = 0;
  /** The text the last line was in, and its index in `texts`. */
  private lastText: string | undefined;
  private lastIndex = -1;

  /** The next piece of text; a line may run on into the next piece (it is then in the batch of that piece). */
  push(text: string): void {
    this.cutter.push(text);
  }

  /** The line in progress (an input without a final newline) ends here. */
  flush(): void {
    this.cutter.flush();
  }

  /** Lines gathered since the last take(). */
  get size(): number {
    return this.count;
  }

  /** The lines gathered since the last call, or undefined when there are none. */
  take(): LineBatch | undefined {
    if (this.count === 0) return undefined;
    const batch: LineBatch = { texts: this.texts, rows: this.rows, count: this.count };
    this.texts = [];
    this.rows = new Int32Array(Math.max(FIRST_ROWS, this.count) * BATCH_FIELDS);
    this.count = 0;
    this.lastText = undefined;
    this.lastIndex = -1;
    return batch;
  }

  private add(text: string, start: number, end: number): void {
    // Most lines are in the piece of the line before (a line joined across two pieces is a string of its own).
    if (text !== this.lastText) {
      this.lastText = text;
      this.lastIndex = this.texts.push(text) - 1;
    }
    let rows = this.rows;
    const at = this.count * BATCH_FIELDS;
    if (at + BATCH_FIELDS > rows.length) {
      rows = new Int32Array(rows.length * 2);
      rows.set(this.rows);
      this.rows = rows;
    }
    this.count++;
    rows[at] = this.lastIndex;
    rows[at + 1] = start;
    rows[at + 2] = end;
    const prefix = this.prefix;
    if (!this.prefixReader.read(text, start, end, prefix)) {
      rows[at + 3] = NOT_IN_PLACE;
      return;
    }
    rows[at + 3] = prefix.timeStart;
    rows[at + 4] = prefix.timeEnd;
    rows[at + 5] = prefix.programStart;
    rows[at + 6] = prefix.programEnd;
    rows[at + 7] = prefix.body;
    scanPostfixLine(text, prefix, end, rows, at + BATCH_SCAN);
  }
}
