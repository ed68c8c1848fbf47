import type { Command, DialectId, Reply, Session, Transaction, TranscriptLine } from '../model';
import { memoOn } from '../memo';
import type { StoreRanges, TranscriptStore } from './store';
import { SessionColumns } from './columns';
import { SessionObjects, type SessionView } from './views';

/**
 * Views kept at most, counted in entries: a small document keeps every session it has shown
 * (objects stay the same from one request to the next), a 20 MB one only those looked at lately.
 */
const VIEW_ENTRIES = 2_000;

/**
 * The sessions of one store whose objects exist, oldest first. The oldest are let go when the
 * entries they hold pass VIEW_ENTRIES: reading a document front to back keeps memory flat.
 */
class ViewCache {
  /** Sessions whose objects were made inside `withScratchObjects`, to let go when it ends. */
  scratch: StoredSession[] | undefined;
  private readonly order: StoredSession[] = [];
  private head = 0;
  private entries = 0;

  add(session: StoredSession, entries: number): void {
    this.order.push(session);
    this.entries += entries;
    while (this.entries > VIEW_ENTRIES && this.head < this.order.length - 1) {
      this.entries -= this.order[this.head++].dropView();
    }
    // Forget the let-go front now and then, so the list stays as long as what it holds.
    if (this.head > 4096 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
  }
}

const VIEW_CACHE = Symbol('view cache');

/** The views of a store's sessions: kept on the store, so they go with the document's model. */
const viewCacheOf = (store: TranscriptStore): ViewCache => memoOn(store, VIEW_CACHE, () => new ViewCache());

/**
 * Runs `work`; the objects it makes for sessions of `session`'s store that had none are let go when
 * it returns, not kept in the cache. Analysis reads every session once: objects that die at once
 * cost the garbage collector little, objects kept a while are moved to the old generation, which costs much.
 */
export function withScratchObjects<T>(session: Session, work: () => T): T {
  if (!(session instanceof StoredSession)) return work();
  const cache = viewCacheOf(session.store);
  if (cache.scratch) return work();
  const scratch: StoredSession[] = [];
  cache.scratch = scratch;
  try {
    return work();
  } finally {
    for (const made of scratch) made.dropScratch();
    cache.scratch = undefined;
  }
}

/**
 * A session as the reader found it: where its lines, commands and replies lie in the store, and
 * what the reader settled about it. Its lines, commands, replies, transactions and capabilities
 * are objects made from the store when first asked for.
 */
export class StoredSession implements Session {
  constructor(
    public index: number,
    public startLine: number,
    public endLine: number,
    public dialect: DialectId,
    public id: string | undefined,
    public tlsStarted: boolean,
    public serverOnly: boolean,
    /** The store it lies in, and where: an edit carries it into the next store. */
    public store: TranscriptStore,
    public ranges: StoreRanges,
  ) {}

  private made: SessionObjects | undefined;
  private numbers: SessionColumns | undefined;

  /** The session as numbers from the store's columns (see columns.ts). */
  columns(): SessionColumns {
    return (this.numbers ??= new SessionColumns(this));
  }

  /**
   * The session's objects, made one at a time as they are asked for (see SessionObjects), kept
   * while its store's cache keeps them, or until withScratchObjects returns when made inside it.
   */
  objects(): SessionObjects {
    if (this.made) return this.made;
    const made = new SessionObjects(this.store, this.ranges);
    this.made = made;
    const cache = viewCacheOf(this.store);
    if (cache.scratch) cache.scratch.push(this);
    else cache.add(this, this.ranges.entryEnd - this.ranges.firstEntry);
    return made;
  }

  /** All the objects of this session. */
  view(): SessionView {
    return this.objects().view();
  }

  /** Lets the objects go (they are made again when asked for); returns the entries they held. */
  dropView(): number {
    const entries = this.made ? this.ranges.entryEnd - this.ranges.firstEntry : 0;
    this.made = undefined;
    return entries;
  }

  /** Lets go of objects made inside withScratchObjects, and of its columns (20,000 sessions kept 1.6 MB of them after analysis). */
  dropScratch(): void {
    this.made = undefined;
    this.numbers = undefined;
  }

  /** Carries the session into the next store after an edit: its objects are made again from there. */
  moveTo(index: number, startLine: number, endLine: number, store: TranscriptStore, ranges: StoreRanges): void {
    this.index = index;
    this.startLine = startLine;
    this.endLine = endLine;
    this.store = store;
    this.ranges = ranges;
    this.made = undefined;
    this.numbers = undefined;
  }

  /**
   * Leaves the session in its store after an edit elsewhere: `delta` lines were added (or taken)
   * above it. Its entries' lines move in place; objects made before are made again when asked for.
   */
  moveInPlace(index: number, delta: number): void {
    this.index = index;
    if (delta === 0) return;
    this.startLine += delta;
    this.endLine += delta;
    this.store.moveLines(this.ranges.firstEntry, this.ranges.entryEnd, delta);
    this.made = undefined;
  }

  get lines(): TranscriptLine[] {
    return this.view().lines;
  }

  get commands(): Command[] {
    return this.view().commands;
  }

  get replies(): Reply[] {
    return this.view().replies;
  }

  get transactions(): Transaction[] {
    return this.view().transactions;
  }

  get capabilities(): Map<string, string[]> {
    return this.view().capabilities;
  }

  get capabilitiesReply(): Reply | undefined {
    return this.view().capabilitiesReply;
  }
}
