/** One message's lines in a document: [start, end), and its "From " line when it came from an mbox. */
export interface MessageRange {
  start: number;
  end: number;
  separator?: number;
}

/** An mbox separator: "From " then the envelope sender (or nothing, as some tools write it). */
const SEPARATOR = /^From (?:\S+|\s*$)/;

/**
 * Splits a document into messages. A document whose first line is a "From " line is an mbox: a new
 * message starts at each "From " line that follows a blank line (or another message's end), as
 * mboxrd and mboxo writers leave it. Anything else is one message.
 */
export function splitMbox(lines: readonly string[]): MessageRange[] {
  if (lines.length === 0 || !SEPARATOR.test(lines[0])) return [{ start: 0, end: lines.length }];
  const ranges: MessageRange[] = [];
  let separator = 0;
  for (let i = 1; i <= lines.length; i++) {
    if (i < lines.length && !(lines[i].startsWith('From ') && lines[i - 1] === '' && SEPARATOR.test(lines[i]))) continue;
    ranges.push({ start: separator + 1, end: i, separator });
    separator = i;
  }
  return ranges;
}

/** Blank lines read past before a message's first header field (some saved messages start with a few). */
const MAX_LEADING_BLANKS = 64;

/** Where the header of the message on lines [start, end) starts: past a few leading blank lines, if only blanks lead. */
export function firstHeaderLine(lines: readonly string[], start: number, end: number): number {
  let first = start;
  while (first < end && first - start < MAX_LEADING_BLANKS && lines[first].trim() === '') first++;
  return first === end || first - start === MAX_LEADING_BLANKS ? start : first;
}
