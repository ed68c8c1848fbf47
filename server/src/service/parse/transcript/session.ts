import type { Command, DialectId, Reply, Session, Transaction, TranscriptLine } from '../model';
import type { StoreRanges, TranscriptStore } from './store';
import { buildView, type SessionView } from './views';

/**
 * Views kept at most, counted in entries: a small document keeps every session it has shown
 * (objects stay the same from one request to the next), a 20 MB one only those looked at lately.
 */
const VIEW_ENTRIES = 20_000;

/**
 * The sessions of one store whose objects exist, oldest first. The oldest are let go when the
 * entries they hold pass VIEW_ENTRIES: reading a document front to back keeps memory flat.
 */
class ViewCache {
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

const caches = new WeakMap<TranscriptStore, ViewCache>();

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

  private built: SessionView | undefined;

  /** The objects of this session, made once and kept while its store's cache keeps them. */
  view(): SessionView {
    if (this.built) return this.built;
    let cache = caches.get(this.store);
    if (!cache) {
      cache = new ViewCache();
      caches.set(this.store, cache);
    }
    const view = buildView(this.store, this);
    this.built = view;
    cache.add(this, view.lines.length);
    return view;
  }

  /** Lets the objects go (they are made again when asked for); returns the entries they held. */
  dropView(): number {
    const entries = this.built?.lines.length ?? 0;
    this.built = undefined;
    return entries;
  }

  /** Carries the session into the next store after an edit: its objects are made again from there. */
  moveTo(index: number, startLine: number, endLine: number, store: TranscriptStore, ranges: StoreRanges): void {
    this.index = index;
    this.startLine = startLine;
    this.endLine = endLine;
    this.store = store;
    this.ranges = ranges;
    this.built = undefined;
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
