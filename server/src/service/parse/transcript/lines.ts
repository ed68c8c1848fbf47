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
}

/** Splits on CRLF, CR or LF, as editors do. */
export function splitLines(text: string): string[] {
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
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

  endAt(index: number): LineEnd {
    if (index < 0 || index + 1 >= this.length) return LineEnd.None;
    const next = this.starts[index + 1];
    if (this.text.charCodeAt(next - 1) === 13) return LineEnd.CR;
    return next - 2 >= this.starts[index] && this.text.charCodeAt(next - 2) === 13 ? LineEnd.CRLF : LineEnd.LF;
  }
}
