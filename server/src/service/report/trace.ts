import type { MessageRecord } from './records';

/** A Message-ID as logs write it, with or without its angle brackets: compared without them. */
export function bareMessageId(id: string): string {
  return id.startsWith('<') && id.endsWith('>') ? id.slice(1, -1) : id;
}

/** One message of a trace: its record, where it was read, and why it belongs to the chain. */
export interface TraceHop {
  record: MessageRecord;
  /** The input (a file, or a rotated set named by its newest file) the record was read from. */
  input: string;
  /**
   * How it joined: it has the id asked for; a hop's delivery said "queued as" its id (or it is a
   * hop's notice to the sender); it has the chain's Message-ID; it passed the message on to a hop
   * (previous-hop) or its notice is one (notification).
   */
  via: 'id' | 'queued-as' | 'message-id' | 'notification' | 'previous-hop';
}

/**
 * Follows a message through content filters, relays and bounces: starting from a queue id or a
 * Message-ID, a record joins the chain when its queue id or Message-ID is one the chain names, or
 * when it names one of the chain's queue ids as its next hop. The inputs are read again until the
 * chain stops growing (a chain's hops may stand in any file, in any order).
 */
export class TraceCollector {
  private readonly queueIds = new Set<string>();
  private readonly messageIds = new Set<string>();
  private readonly hops = new Map<string, TraceHop>();
  private grew = false;
  private readonly asked: string;

  constructor(id: string) {
    const bare = bareMessageId(id.trim());
    this.asked = bare;
    this.queueIds.add(bare);
    this.messageIds.add(bare);
  }

  /** Call before each pass over the inputs. */
  startPass(): void {
    this.grew = false;
  }

  /** Whether the last pass found something new (another pass may then find more). */
  get growing(): boolean {
    return this.grew;
  }

  /** Looks at one record of `input`; keeps it when it belongs to the chain. */
  consider(record: MessageRecord, input: string): void {
    const key = `${input}\u0000${record.queueId}\u0000${record.line}`;
    if (this.hops.has(key)) return;
    const messageId = record.messageId ? bareMessageId(record.messageId) : undefined;
    let via: TraceHop['via'] | undefined;
    if (record.queueId === this.asked || messageId === this.asked) via = 'id';
    else if (this.queueIds.has(record.queueId)) via = 'queued-as';
    else if (messageId && this.messageIds.has(messageId)) via = 'message-id';
    else if (record.nextIds.some((id) => this.queueIds.has(id))) via = 'previous-hop';
    else if (record.notificationIds.some((id) => this.queueIds.has(id))) via = 'notification';
    if (!via) return;
    this.hops.set(key, { record, input, via });
    this.grew = true;
    this.queueIds.add(record.queueId);
    if (messageId) this.messageIds.add(messageId);
    for (const id of record.nextIds) this.queueIds.add(id);
    for (const id of record.notificationIds) this.queueIds.add(id);
  }

  /** The chain in time order as written (first hops first); messages of one input keep their order. */
  chain(): TraceHop[] {
    const hops = [...this.hops.values()];
    return hops.sort((a, b) => order(a) - order(b));
  }
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/** Seconds of a timestamp as written ("Nov 28 10:00:01", "2026-11-28T10:00:01", "2026-11-28 10:00:01"), for ordering only. */
function order(hop: TraceHop): number {
  const start = hop.record.start ?? '';
  const iso = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)/.exec(start);
  if (iso) return Date.UTC(0, Number(iso[2]) - 1, Number(iso[3]), Number(iso[4]), Number(iso[5]), Number(iso[6])) / 1000;
  const classic = /^([A-Z][a-z]{2}) +(\d+) (\d\d):(\d\d):(\d\d)/.exec(start);
  if (classic) return Date.UTC(0, MONTHS.indexOf(classic[1]) / 3, Number(classic[2]), Number(classic[3]), Number(classic[4]), Number(classic[5])) / 1000;
  return Number.MAX_SAFE_INTEGER;
}

const VIA: Record<TraceHop['via'], string> = {
  id: 'the id asked for',
  'queued-as': 'queued as by a hop',
  'message-id': 'same Message-ID',
  'previous-hop': 'passed it on',
  notification: 'its notice is in the chain',
};

/** The chain as the CLI prints it: one block per hop, its recipients indented. */
export function traceText(hops: readonly TraceHop[]): string[] {
  if (hops.length === 0) return [];
  const out: string[] = [];
  for (const [i, hop] of hops.entries()) {
    const r = hop.record;
    const where = `${r.file ?? hop.input}:${r.line}`;
    out.push(`${i + 1}. ${r.queueId}${r.messageId ? ` ${r.messageId}` : ''}  (${where}; ${VIA[hop.via]})`);
    const facts = [r.start && `${r.start}${r.end && r.end !== r.start ? ` → ${r.end}` : ''}`, r.client && `from ${r.client}`, r.sender !== undefined && `sender <${r.sender}>`, r.size !== undefined && `${r.size} bytes`].filter(Boolean);
    if (facts.length > 0) out.push(`   ${facts.join(', ')}`);
    for (const rcpt of r.recipients) {
      const next = rcpt.reason && /queued as (\S+?)\)?$/.exec(rcpt.reason)?.[1];
      out.push(`   → ${rcpt.address}: ${rcpt.status ?? 'no delivery logged'}${rcpt.relay ? ` via ${rcpt.relay}` : ''}${rcpt.dsn ? ` (${rcpt.dsn})` : ''}${next ? ` queued as ${next}` : rcpt.reason && rcpt.status !== 'sent' ? ` — ${rcpt.reason}` : ''}`);
    }
    for (const n of r.notificationIds) out.push(`   ↩ notice to the sender: ${n}`);
  }
  return out;
}
