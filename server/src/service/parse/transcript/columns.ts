import type { Command, LineEnd, Reply, Session, TranscriptLine } from '../model';
import { KIND_REPLY, VERB_RCPT } from './codes';
import { StoredSession } from './session';
import { ANSWERS_CONNECTION, ANSWERS_UNLOGGED_RCPT, INFO_CONTINUATION, type StoreRanges, type TranscriptStore } from './store';
import type { SessionObjects } from './views';

/**
 * A session as numbers read straight from the store's columns, for the rules: they look at every
 * reply and command this way, and make the objects (Reply, Command) only of what they report.
 * A 20 MB transcript has a quarter of a million replies; making each one an object cost more than
 * reading the text.
 *
 * Replies, commands and entries are numbered as in the store: [firstReply, replyEnd) and so on.
 */
export class SessionColumns {
  readonly store: TranscriptStore;
  readonly firstEntry: number;
  readonly entryEnd: number;
  readonly firstCommand: number;
  readonly commandEnd: number;
  readonly firstReply: number;
  readonly replyEnd: number;

  constructor(readonly session: StoredSession) {
    const ranges: StoreRanges = session.ranges;
    this.store = session.store;
    this.firstEntry = ranges.firstEntry;
    this.entryEnd = ranges.entryEnd;
    this.firstCommand = ranges.firstCommand;
    this.commandEnd = ranges.commandEnd;
    this.firstReply = ranges.firstReply;
    this.replyEnd = ranges.replyEnd;
  }

  /** The objects made so far of this session (see SessionObjects): rules keep what they work out there. */
  get objects(): SessionObjects {
    return this.session.objects();
  }

  /** Reply `r` as an object. */
  reply(r: number): Reply {
    return this.session.objects().reply(r);
  }

  /** Command `c` as an object. */
  command(c: number): Command {
    return this.session.objects().command(c);
  }

  /** The line of entry `e` as an object. */
  line(e: number): TranscriptLine {
    return this.session.objects().line(e);
  }

  /** The code of a reply's first line, 0–999 (the object's `code` as a number). */
  code(r: number): number {
    return this.store.replyCode[r];
  }

  /** What a reply answers: a command's number, or ANSWERS_CONNECTION, ANSWERS_NOTHING, ANSWERS_UNLOGGED_RCPT. */
  answers(r: number): number {
    return this.store.replyAnswers[r];
  }

  /** The verb (VERB_*) of the command a reply answers; RCPT for one a sendmail log left out; -1 for none. */
  answeredVerb(r: number): number {
    const answers = this.store.replyAnswers[r];
    if (answers >= 0) return this.store.commandVerb[answers];
    return answers === ANSWERS_UNLOGGED_RCPT ? VERB_RCPT : -1;
  }

  /** Whether a reply answers the connection (the greeting, or an unprompted 421). */
  answersConnection(r: number): boolean {
    return this.store.replyAnswers[r] === ANSWERS_CONNECTION;
  }

  /** The document line a reply starts on. */
  replyLine(r: number): number {
    return this.store.entryLine[this.store.replyFirstEntry[r]];
  }

  /** The entries of a reply's lines (its own reply lines, not a wrapped line's rest), in order. */
  replyLineEntries(r: number): number[] {
    const store = this.store;
    const entries: number[] = [];
    for (let e = store.replyFirstEntry[r]; e <= store.replyLastEntry[r]; e++) {
      if (store.entryKind[e] === KIND_REPLY && store.entryOwner[e] === r && (store.entryInfo[e] & INFO_CONTINUATION) === 0) entries.push(e);
    }
    return entries;
  }

  /** Whether any of a reply's lines shows `flag` (a LINE_* bit of reply-line.ts), as the reader noted. */
  replyLineShows(r: number, flag: number): boolean {
    return (this.store.replyLineFlags[r] & flag) !== 0;
  }

  /** A command's verb (VERB_*; VERB_OTHER for one no reader knows). */
  verb(c: number): number {
    return this.store.commandVerb[c];
  }

  /** The document line a command stands on. */
  commandLine(c: number): number {
    return this.store.entryLine[this.store.commandEntry[c]];
  }

  /** How many replies answered a command (its `replies.length`). */
  replyCount(c: number): number {
    return this.store.commandFirstReply[c] < 0 ? 0 : this.store.commandReplyCount[c];
  }

  /** The latest reply to a command (its `replies.at(-1)`), or -1. */
  lastReply(c: number): number {
    const count = this.replyCount(c);
    return count > 0 ? this.store.commandFirstReply[c] + count - 1 : -1;
  }

  /** The SMTP text of an entry (its line's `text`). */
  text(e: number): string {
    return this.store.entryText(e);
  }

  entryKind(e: number): number {
    return this.store.entryKind[e];
  }

  /** How the line of an entry ends. */
  lineEnd(e: number): LineEnd {
    return this.store.entryEnd(e);
  }

  /** The capture shows the session from its start (the greeting), so what is missing was really never sent. */
  showsStart(): boolean {
    return this.firstReply < this.replyEnd && this.store.replyAnswers[this.firstReply] === ANSWERS_CONNECTION;
  }
}

/** The columns of a session read into a store (every transcript session is). */
export function columnsOf(session: Session): SessionColumns {
  if (!(session instanceof StoredSession)) throw new Error('only sessions read into a store have columns');
  return session.columns();
}
