/**
 * A copy of `text` that holds on to nothing else. A string cut out of a piece of the log (an
 * address, a client) is kept by the engine as a view of the whole piece: kept as a key of a table
 * that lives as long as the report, it would keep that piece (1 MB) in memory with it, and a log
 * with new addresses all along would be kept whole. Joining it to another string and cutting that
 * again makes a string of its own; short strings are copies already.
 */
export function detached(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}
