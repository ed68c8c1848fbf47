import type { LogSink } from './sink';

/**
 * Servers that log their verdicts as sentences with no SMTP reply in them (Kerio Connect's security
 * log, Domino's console log): each sentence a server writes is a pattern whose named groups say what
 * the line tells. `mark` is the words that say what happened; `peer` the client's address; `recipient`,
 * `sender`; `reason` the server's words for the finding (the mark when there is none).
 */
export interface Phrase {
  /** Tried at the start of the sentence; with the `d` flag, for the groups' columns. */
  pattern: RegExp;
  /** The command the server refused; none for a sentence of the format that refuses nothing. */
  command?: string;
}

/**
 * Reads the sentence of `line` at `at` with the first phrase that matches; true when one did (the
 * line is the format's). A refusal becomes a rejected event with the line's own timestamp `time`.
 */
export function readPhrase(line: string, lineNo: number, at: number, time: string | undefined, phrases: readonly Phrase[], sink: LogSink): boolean {
  const sentence = line.slice(at);
  for (const phrase of phrases) {
    const match = phrase.pattern.exec(sentence);
    if (!match) continue;
    if (phrase.command === undefined) return true;
    const groups = match.groups ?? {};
    const where = match.indices?.groups ?? {};
    const column = (name: string): number => (where[name]?.[0] ?? 0) + at;
    const markAt = groups.mark === undefined ? at : column('mark');
    const event = sink.event('rejected', lineNo, markAt, markAt + (groups.mark ?? sentence).length);
    event.time = time;
    event.command = phrase.command;
    if (groups.peer !== undefined) event.peer = `[${groups.peer}]`;
    if (groups.sender !== undefined) event.sender = groups.sender;
    if (groups.recipient !== undefined) {
      event.recipient = groups.recipient;
      event.recipientAt = column('recipient');
    }
    const reason = groups.reason === undefined ? 'mark' : 'reason';
    if (groups[reason] !== undefined) {
      event.text = groups[reason];
      event.textAt = column(reason);
    }
    sink.reject(event);
    return true;
  }
  return false;
}
