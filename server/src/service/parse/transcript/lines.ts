import { LineEnd } from '../model';

/**
 * The lines of a document, by number. The transcript model keeps one to make its objects from
 * (views.ts), so it must give the same lines for as long as the model lives.
 */
export interface LineSource {
  readonly length: number;
  at(index: number): string | undefined;
  /** How a line ends; without it every line counts as ending in LF. */
  endAt?(index: number): LineEnd;
  /** `at(index).slice(from, to)` for `from <= to <=` the line's length, without making the line first. */
  sliceOf?(index: number, from: number, to: number): string;
}

/** Splits on CRLF, CR or LF, as editors do. */
export function splitLines(text: string): string[] {
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
}

/** Where the line after the one that `from` is on starts, past its CRLF, CR or LF; -1 on the last line. */
function nextLineStart(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return -1;
}

/**
 * A text's lines through the offsets where they start, found in one pass: a million lines cost
 * four bytes each instead of a million strings, and a line becomes a string only when asked for.
 */
export class TextLines implements LineSource {
  private constructor(readonly text: string, private readonly starts: Int32Array, readonly length: number) {}

  static of(text: string): TextLines {
    let starts = new Int32Array(Math.max(16, (text.length >> 5) + 1));
    let count = 0;
    const push = (at: number): void => {
      if (count === starts.length) {
        const grown = new Int32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[count++] = at;
    };
    push(0);
    if (text.indexOf('\r') < 0) {
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) push(at + 1);
    } else {
      let lf = text.indexOf('\n');
      let cr = text.indexOf('\r');
      for (;;) {
        let next: number;
        if (cr >= 0 && (lf < 0 || cr < lf)) {
          next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        } else if (lf >= 0) {
          next = lf + 1;
        } else {
          break;
        }
        push(next);
        if (lf >= 0 && lf < next) lf = text.indexOf('\n', next);
        if (cr >= 0 && cr < next) cr = text.indexOf('\r', next);
      }
    }
    return new TextLines(text, starts, count);
  }

  /**
   * The lines of `text`, which is `previous.text` with lines start..end replaced by `newLineCount`
   * lines: the lines before are the same, the lines after moved by as many characters as the text
   * grew, and only the replaced ones are looked for. Where the lines around the edit do not meet
   * as they should, the whole text is read instead.
   */
  static edited(previous: TextLines, text: string, start: number, end: number, newLineCount: number): TextLines {
    const oldCount = previous.length;
    const count = oldCount - (end - start + 1) + newLineCount;
    if (start < 0 || end < start || end >= oldCount || newLineCount < 1) return TextLines.of(text);
    const starts = new Int32Array(count);
    starts.set(previous.starts.subarray(0, start + 1));
    let at = starts[start];
    // A line feed put right after a CR line end joins the two into one CRLF: the lines before change.
    if (at > 0 && text.charCodeAt(at - 1) === 13 && text.charCodeAt(at) === 10) return TextLines.of(text);
    for (let k = start + 1; k < start + newLineCount; k++) {
      at = nextLineStart(text, at);
      if (at < 0) return TextLines.of(text);
      starts[k] = at;
    }
    const following = nextLineStart(text, at);
    if (end + 1 === oldCount) return following < 0 ? new TextLines(text, starts, count) : TextLines.of(text);
    const delta = text.length - previous.text.length;
    if (following !== previous.starts[end + 1] + delta) return TextLines.of(text);
    const moved = previous.starts;
    for (let i = end + 1, k = start + newLineCount; i < oldCount; i++, k++) starts[k] = moved[i] + delta;
    return new TextLines(text, starts, count);
  }

  /** Offset where line `index` starts. */
  start(index: number): number {
    return this.starts[index];
  }

  /** Offset where line `index` ends, before its line break. */
  end(index: number): number {
    if (index + 1 >= this.length) return this.text.length;
    const next = this.starts[index + 1];
    if (this.text.charCodeAt(next - 1) === 10 && next - 2 >= this.starts[index] && this.text.charCodeAt(next - 2) === 13) return next - 2;
    return next - 1;
  }

  at(index: number): string | undefined {
    if (index < 0 || index >= this.length) return undefined;
    return this.text.slice(this.starts[index], this.end(index));
  }

  sliceOf(index: number, from: number, to: number): string {
    if (index < 0 || index >= this.length) return '';
    const start = this.starts[index];
    const end = this.end(index);
    return this.text.slice(Math.min(start + from, end), Math.min(start + to, end));
  }

  endAt(index: number): LineEnd {
    if (index < 0 || index + 1 >= this.length) return LineEnd.None;
    const next = this.starts[index + 1];
    if (this.text.charCodeAt(next - 1) === 13) return LineEnd.CR;
    return next - 2 >= this.starts[index] && this.text.charCodeAt(next - 2) === 13 ? LineEnd.CRLF : LineEnd.LF;
  }
}
