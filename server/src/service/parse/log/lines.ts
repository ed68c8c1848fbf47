/**
 * Calls `visit` for every line of `text` with its 0-based number and where it starts, splitting on CRLF, CR or LF as
 * editors do (the same numbering as `splitLines`), without building an array of all lines: a day
 * of log is a million of them. Returns the number of lines.
 */
export function forEachLine(text: string, visit: (line: string, lineNo: number, offset: number) => void): number {
  const n = text.length;
  // Positions of the next LF and the next CR at or after `pos`, found once and reused until passed.
  let lf = -2;
  let cr = -2;
  let pos = 0;
  let lineNo = 0;
  for (;;) {
    if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
    if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
    let end = lf === -1 ? n : lf;
    let next = end + 1;
    if (cr !== -1 && cr < end) {
      end = cr;
      next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
    }
    visit(text.slice(pos, end), lineNo, pos);
    if (end >= n) return lineNo + 1;
    pos = next;
    lineNo++;
  }
}
