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

/**
 * How long (UTF-16 units) a piece of a long text is about: an edit makes its piece anew, the others
 * are shared with the version before. Flattening a 20 MB text after every keystroke cost 20–30 ms.
 */
const PIECE_LENGTH = 1 << 18;

/**
 * Where lines start in `text`, from offset 0: one more than its line breaks when `last` (the text
 * ends the document), else one per line break (the line after the last break is the next piece's).
 */
function lineStartsOf(text: string, last: boolean): Int32Array {
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
  if (text.length > 0 || last) push(0);
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
  // A text that is not the document's end ends with its last line break: no line starts after it.
  if (!last && count > 0 && starts[count - 1] === text.length) count--;
  return starts.subarray(0, count);
}

/** Whether a text ends with a line break. */
function endsWithBreak(text: string): boolean {
  const c = text.charCodeAt(text.length - 1);
  return c === 10 || c === 13;
}

/**
 * A text's lines through the offsets where they start, found in one pass: a million lines cost
 * four bytes each instead of a million strings, and a line becomes a string only when asked for.
 * A long text is kept as pieces of whole lines (about PIECE_LENGTH each), so that an edit makes
 * only its piece anew (see replace): the whole text is joined only when asked for.
 */
export class TextLines implements LineSource {
  /** The piece looked up last: lines are mostly read one after another. */
  private recent = 0;

  private constructor(
    /** The pieces, in order: each ends with a line break, but the last, which ends the text. */
    private pieces: readonly string[],
    /** The line each piece starts with, and the line count after the last. */
    private readonly pieceLines: Int32Array,
    /** Where each piece starts in the whole text, and the text's length after the last. */
    private readonly pieceOffsets: Float64Array,
    /** Where each line starts in its piece. */
    private readonly starts: Int32Array,
    readonly length: number,
    /** The whole text, when it is at hand (read whole, or joined once asked for). */
    private whole: string | undefined,
    /** How long a piece is about (tests make them short). */
    private readonly pieceLength: number,
  ) {}

  static of(text: string, pieceLength = PIECE_LENGTH): TextLines {
    return TextLines.piecesOf(text, lineStartsOf(text, true), pieceLength, text);
  }

  /**
   * The lines of `text`, given where its lines start, from the text's start (`starts`, made
   * relative to their pieces in place): cut into pieces of about `pieceLength` (lines stay whole).
   */
  private static piecesOf(text: string, starts: Int32Array, pieceLength: number, whole?: string): TextLines {
    const pieces: string[] = [];
    const pieceLines: number[] = [];
    const pieceOffsets: number[] = [];
    const absolute = starts;
    let pieceStart = 0;
    for (let i = 0; i < absolute.length; i++) {
      const at = absolute[i];
      if (i === 0 || at - pieceStart >= pieceLength) {
        if (i > 0) pieces.push(text.slice(pieceStart, at));
        pieceStart = at;
        pieceLines.push(i);
        pieceOffsets.push(at);
      }
      starts[i] = at - pieceStart;
    }
    pieces.push(pieceLines.length === 1 ? text : text.slice(pieceStart));
    pieceLines.push(absolute.length);
    pieceOffsets.push(text.length);
    return new TextLines(pieces, Int32Array.from(pieceLines), Float64Array.from(pieceOffsets), starts, absolute.length, whole, pieceLength);
  }

  /**
   * The whole text: when it was edited since it was read, its pieces joined (once, kept), and the
   * pieces cut again from the joined text, so that the texts they were cut from before can go.
   */
  get text(): string {
    if (this.whole !== undefined) return this.whole;
    const pieces = this.pieces;
    const whole = pieces.length === 1 ? pieces[0] : pieces.join('');
    if (pieces.length > 1) this.pieces = pieces.map((_, k) => whole.slice(this.pieceOffsets[k], this.pieceOffsets[k + 1]));
    this.whole = whole;
    return whole;
  }

  /** The length of the text, without joining its pieces. */
  get textLength(): number {
    return this.pieceOffsets[this.pieces.length];
  }

  /**
   * The lines of the text with [from, to) replaced by `inserted` (offsets in the whole text). Only
   * the pieces the range falls in are made anew (and a neighbour where a line break would join
   * with one beside it: a CR before an LF, a line that now runs into the next piece); the others
   * and the line starts in them are those of this version.
   */
  replace(from: number, to: number, inserted: string): TextLines {
    const pieces = this.pieces;
    const last = pieces.length - 1;
    let a = this.pieceAtOffset(from);
    let b = this.pieceAtOffset(to);
    let region: string;
    for (;;) {
      const regionStart = this.pieceOffsets[a];
      let joined = pieces[a];
      for (let k = a + 1; k <= b; k++) joined += pieces[k];
      region = joined.slice(0, from - regionStart) + inserted + joined.slice(to - regionStart);
      if (a > 0 && region.charCodeAt(0) === 10 && pieces[a - 1].charCodeAt(pieces[a - 1].length - 1) === 13) {
        a--;
        continue;
      }
      if (b < last && (!endsWithBreak(region) || (region.charCodeAt(region.length - 1) === 13 && pieces[b + 1].charCodeAt(0) === 10))) {
        b++;
        continue;
      }
      break;
    }
    const regionStarts = lineStartsOf(region, b === last);
    const firstLine = this.pieceLines[a];
    const linesAfter = this.length - this.pieceLines[b + 1];
    const count = firstLine + regionStarts.length + linesAfter;
    const made = regionStarts.length > 0 ? TextLines.piecesOf(region, regionStarts, this.pieceLength) : undefined;
    const madeCount = made ? made.pieces.length : 0;
    const pieceCount = a + madeCount + (last - b);
    const newPieces: string[] = new Array<string>(pieceCount);
    const pieceLines = new Int32Array(pieceCount + 1);
    const pieceOffsets = new Float64Array(pieceCount + 1);
    for (let k = 0; k < a; k++) {
      newPieces[k] = pieces[k];
      pieceLines[k] = this.pieceLines[k];
      pieceOffsets[k] = this.pieceOffsets[k];
    }
    const regionOffset = this.pieceOffsets[a];
    for (let k = 0; k < madeCount; k++) {
      newPieces[a + k] = made!.pieces[k];
      pieceLines[a + k] = firstLine + made!.pieceLines[k];
      pieceOffsets[a + k] = regionOffset + made!.pieceOffsets[k];
    }
    const lineShift = count - this.length;
    const offsetShift = inserted.length - (to - from);
    for (let k = b + 1; k <= last + 1; k++) {
      const at = a + madeCount + (k - b - 1);
      if (k <= last) newPieces[at] = pieces[k];
      pieceLines[at] = this.pieceLines[k] + lineShift;
      pieceOffsets[at] = this.pieceOffsets[k] + offsetShift;
    }
    const starts = new Int32Array(count);
    starts.set(this.starts.subarray(0, firstLine));
    if (made) starts.set(made.starts, firstLine);
    starts.set(this.starts.subarray(this.pieceLines[b + 1]), firstLine + regionStarts.length);
    return new TextLines(newPieces, pieceLines, pieceOffsets, starts, count, undefined, this.pieceLength);
  }

  /**
   * The lines of `text`, which is `previous.text` with lines start..end replaced by `newLineCount`
   * lines: only what stands in place of those lines is read (see replace). Where that does not
   * give `newLineCount` lines there, the whole text is read instead.
   */
  static edited(previous: TextLines, text: string, start: number, end: number, newLineCount: number): TextLines {
    const oldCount = previous.length;
    if (start < 0 || end < start || end >= oldCount || newLineCount < 1) return TextLines.of(text);
    const from = previous.start(start);
    const oldTo = end + 1 < oldCount ? previous.start(end + 1) : previous.textLength;
    const to = oldTo + text.length - previous.textLength;
    if (to < from) return TextLines.of(text);
    const lines = previous.replace(from, oldTo, text.slice(from, to));
    return lines.length === oldCount - (end - start + 1) + newLineCount && lines.textLength === text.length ? lines : TextLines.of(text);
  }

  /** The piece line `index` lies in (0 ≤ index < length). */
  private pieceOf(index: number): number {
    const lines = this.pieceLines;
    let k = this.recent;
    if (index >= lines[k] && index < lines[k + 1]) return k;
    k = lastAtMost(lines, this.pieces.length, index);
    this.recent = k;
    return k;
  }

  /** The piece offset `at` of the whole text falls in; the text's end is in the last piece. */
  private pieceAtOffset(at: number): number {
    return lastAtMost(this.pieceOffsets, this.pieces.length, at);
  }

  /** The string line `index` lies in: a piece of the text (the text itself when it is short). */
  stringOf(index: number): string {
    return this.pieces[this.pieceOf(index)];
  }

  /** Offset where line `index` starts in stringOf(index). */
  startIn(index: number): number {
    return this.starts[index];
  }

  /** Offset where line `index` ends in stringOf(index), before its line break. */
  endIn(index: number): number {
    return this.endInPiece(index, this.pieceOf(index));
  }

  /** endIn, for a line of piece `k`: a line read looks its piece up once. */
  private endInPiece(index: number, k: number): number {
    const piece = this.pieces[k];
    if (index + 1 >= this.length) return piece.length;
    const next = this.nextStartInPiece(index, k);
    if (piece.charCodeAt(next - 1) === 10 && next - 2 >= this.starts[index] && piece.charCodeAt(next - 2) === 13) return next - 2;
    return next - 1;
  }

  /** Where the line after line `index` (of piece `k`) starts in that piece: its end when the next line is the next piece's. */
  private nextStartInPiece(index: number, k: number): number {
    return index + 1 < this.pieceLines[k + 1] ? this.starts[index + 1] : this.pieces[k].length;
  }

  /** Offset where line `index` starts in the whole text. */
  start(index: number): number {
    return this.pieceOffsets[this.pieceOf(index)] + this.starts[index];
  }

  /** Offset where line `index` ends in the whole text, before its line break. */
  end(index: number): number {
    const k = this.pieceOf(index);
    return this.pieceOffsets[k] + this.endInPiece(index, k);
  }

  at(index: number): string | undefined {
    if (index < 0 || index >= this.length) return undefined;
    const k = this.pieceOf(index);
    return this.pieces[k].slice(this.starts[index], this.endInPiece(index, k));
  }

  sliceOf(index: number, from: number, to: number): string {
    if (index < 0 || index >= this.length) return '';
    const k = this.pieceOf(index);
    const start = this.starts[index];
    const end = this.endInPiece(index, k);
    return this.pieces[k].slice(Math.min(start + from, end), Math.min(start + to, end));
  }

  endAt(index: number): LineEnd {
    if (index < 0 || index + 1 >= this.length) return LineEnd.None;
    const k = this.pieceOf(index);
    const piece = this.pieces[k];
    const next = this.nextStartInPiece(index, k);
    if (piece.charCodeAt(next - 1) === 13) return LineEnd.CR;
    return next - 2 >= this.starts[index] && piece.charCodeAt(next - 2) === 13 ? LineEnd.CRLF : LineEnd.LF;
  }
}

/** The last of the first `count` of ascending `values` that is at most `value` (0 when none is): a binary search. */
function lastAtMost(values: Int32Array | Float64Array, count: number, value: number): number {
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (values[mid] <= value) low = mid;
    else high = mid - 1;
  }
  return low;
}
