import type { Catalog, Language } from '../../catalog';
import { blocklistOf, enhancedOf, eventMeaning } from '../../analyze/log/describe';
import { Memo } from '../../analyze/log/memo';
import { providerMatch } from '../../catalog/providers';
import type { DeliveryStatus, LogEvent, LogFormat, LogModel } from '../../parse/log/model';
import { explainingDelivery as explaining, messageOutcome, type MessageOutcome } from '../../parse/log/outcome';
import { FORMAT_NAMES, outcomeWord } from './story';
import { displayWidth } from '../../report/text';

/** What an operator asks first about a log: how did the mail fare, why did it fail, and where. */
export interface LogSummary {
  formats: LogFormat[];
  messages: number;
  /** Messages by their outcome (see messageOutcome). */
  outcomes: Record<MessageOutcome, number>;
  /** Commands this server refused to clients. */
  rejections: number;
  /** Why deliveries failed or were refused, most frequent first. */
  /** Grouped by outcome, meaning and what the server said (`said`, its words with addresses, hosts and ids left out). */
  reasons: Array<{ reason: string; said?: string; outcome: DeliveryStatus | 'rejected'; count: number; code?: string; enhanced?: string; blocklist?: string; provider?: string }>;
  /** Recipients by domain and the final status of each, most failures first. */
  domains: Array<{ domain: string; sent: number; deferred: number; bounced: number; expired: number; discarded: number }>;
  /** Clients this server refused, most refusals first. */
  clients: Array<{ client: string; count: number }>;
}

/** The "domain" of recipients with none (local deliveries to "root"). */
const LOCAL = '(local)';

const OUTCOMES: readonly MessageOutcome[] = ['sent', 'deferred', 'bounced', 'expired', 'discarded', 'rejected', 'received'];

export function logSummary(model: LogModel, catalog: Catalog, lang: Language): LogSummary {
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<MessageOutcome, number>;
  const reasons = new Map<string, LogSummary['reasons'][number]>();
  const domains = new Map<string, LogSummary['domains'][number]>();
  const clients = new Map<string, number>();
  const countReason = (event: LogEvent, outcome: DeliveryStatus | 'rejected'): void => {
    const known = providerReason(event, catalog, lang);
    // A provider's own block list is what the provider's reason already says.
    const named = blocklistOf(event, catalog);
    const blocklist = named && !(known && catalog.blocklist(named.id)?.kind === 'provider') ? named : undefined;
    const reason = (known?.reason ?? eventMeaning(event, catalog, lang)) + (blocklist ? ` · ${blocklist.name}` : '');
    const said = event.text ? serverWords(event.text) : '';
    const key = `${outcome}\u0000${reason}\u0000${said}`;
    const found = reasons.get(key);
    if (found) found.count++;
    else reasons.set(key, { reason, ...(said ? { said } : {}), outcome, count: 1, code: event.code, enhanced: event.enhanced ?? event.dsn, blocklist: blocklist?.id, ...(known ? { provider: known.rule } : {}) });
  };
  for (let i = 0; i < model.messages.length; i++) {
    const message = model.messages.at(i);
    outcomes[messageOutcome(message)]++;
    for (const recipient of message.recipients) {
      const status = recipient.status;
      if (!status) continue;
      const domain = domainOf(recipient.address);
      let row = domains.get(domain);
      if (!row) domains.set(domain, row = { domain, sent: 0, deferred: 0, bounced: 0, expired: 0, discarded: 0 });
      row[status]++;
      if (status !== 'sent') {
        const event = explaining(recipient);
        if (event) countReason(event, status);
      }
    }
  }
  for (const event of model.rejections) {
    countReason(event, 'rejected');
    const client = event.peer || '?';
    clients.set(client, (clients.get(client) ?? 0) + 1);
  }
  const failures = (d: LogSummary['domains'][number]): number => d.bounced + d.expired + d.deferred;
  return {
    formats: model.formats,
    messages: model.messages.length,
    outcomes,
    rejections: model.rejections.length,
    reasons: [...reasons.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    domains: [...domains.values()].sort((a, b) => failures(b) - failures(a) || b.sent - a.sent || a.domain.localeCompare(b.domain)),
    clients: [...clients.entries()].map(([client, count]) => ({ client, count })).sort((a, b) => b.count - a.count || a.client.localeCompare(b.client)),
  };
}

const providerReasons = new Memo<{ reason: string; rule: string } | null>();

/**
 * "550 5.7.606 Microsoft 365 / Exchange Online: Banned sending IP" when the reply is one a provider
 * is known to give: the group says what it means from that provider. Worked out once per distinct
 * reply and host: a log repeats a few hundred replies.
 */
function providerReason(event: LogEvent, catalog: Catalog, lang: Language): { reason: string; rule: string } | undefined {
  if (!event.text) return undefined;
  // A delivery's peer is the server that answered; a rejection's is the client, which names no provider.
  const host = event.status && event.peer ? event.peer.split('[')[0] : '';
  const enhanced = enhancedOf(event);
  const key = `${event.code ?? ''}\u0000${enhanced ?? ''}\u0000${host}\u0000${event.text}`;
  return providerReasons.get(catalog, lang, key, () => {
    const match = providerMatch({ text: event.text ?? '', code: event.code, enhanced, host: host || undefined }, catalog);
    if (!match) return null;
    const codes = [event.code, enhanced].filter(Boolean).join(' ');
    const named = `${catalog.text(match.provider.name, lang)}: ${catalog.text(match.rule.title, lang)}`;
    return { reason: codes ? `${codes} ${named}` : named, rule: match.rule.id };
  }) ?? undefined;
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at >= 0 ? address.slice(at + 1).toLowerCase() : LOCAL;
}

/** How many rows of each table the text form shows. */
const TOP = 15;

/** The summary as the CLI prints it: a few aligned tables. */
export function summaryText(file: string, summary: LogSummary, catalog: Catalog, lang: Language): string[] {
  const m = (key: string, ...args: Array<string | number>): string => catalog.message(key, lang, ...args);
  const out: string[] = [];
  const formats = summary.formats.map((f) => FORMAT_NAMES[f]).join(', ') || '?';
  out.push(`${file}: ${m('log.summary.messages', summary.messages)} (${formats})`);
  const counts = OUTCOMES.filter((o) => summary.outcomes[o] > 0).map((o) => `${outcomeWord(o, catalog, lang)} ${summary.outcomes[o]}`);
  if (summary.rejections > 0) counts.push(`${m('log.summary.refused')} ${summary.rejections}`);
  out.push(`  ${m('log.summary.byOutcome')}: ${counts.join(' · ') || '-'}`);
  if (summary.reasons.length > 0) {
    out.push(`  ${m('log.summary.byReason')}:`);
    const width = String(summary.reasons[0].count).length;
    for (const r of summary.reasons.slice(0, TOP)) out.push(`    ${String(r.count).padStart(width)}  ${outcomeWord(r.outcome, catalog, lang)}: ${r.reason}${r.said ? ` — “${r.said}”` : ''}`);
    if (summary.reasons.length > TOP) out.push(`    ${m('log.hover.more', summary.reasons.length - TOP)}`);
  }
  if (summary.domains.length > 0) {
    out.push(`  ${m('log.summary.byDomain')}:`);
    const columns: Array<'sent' | 'deferred' | 'bounced' | 'expired'> = ['sent', 'deferred', 'bounced', 'expired'];
    const shown = summary.domains.slice(0, TOP);
    const nameWidth = Math.max(...shown.map((d) => d.domain.length), 6);
    const heads = columns.map((c) => outcomeWord(c, catalog, lang));
    const widths = heads.map((h, i) => Math.max(displayWidth(h), ...shown.map((d) => String(d[columns[i]]).length)));
    out.push(`    ${''.padEnd(nameWidth)}  ${heads.map((h, i) => ' '.repeat(widths[i] - displayWidth(h)) + h).join('  ')}`);
    for (const d of shown) out.push(`    ${d.domain.padEnd(nameWidth)}  ${columns.map((c, i) => String(d[c]).padStart(widths[i])).join('  ')}`);
    if (summary.domains.length > TOP) out.push(`    ${m('log.hover.more', summary.domains.length - TOP)}`);
  }
  if (summary.clients.length > 0) {
    out.push(`  ${m('log.summary.byClient')}:`);
    const width = String(summary.clients[0].count).length;
    for (const c of summary.clients.slice(0, TOP)) out.push(`    ${String(c.count).padStart(width)}  ${c.client}`);
    if (summary.clients.length > TOP) out.push(`    ${m('log.hover.more', summary.clients.length - TOP)}`);
  }
  return out;
}

/**
 * What a server said, as one reason whatever the message: "Greylisted, please try again" from
 * "<bob@example.org>: Recipient address rejected: Greylisted, please try again" for every recipient.
 * Addresses, host names in brackets, IP addresses and ids are left out; the rest is cut to 80 characters.
 */
export function serverWords(text: string): string {
  const words = text
    .replace(/\(in reply to [^)]*\)/gi, '')
    .replace(/<[^<>]*>:?/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/[\w.+=-]+@[\w.-]+/g, '…')
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g, '…')
    .replace(/\b(?=[\w-]*\d)[\w-]{8,}\b/g, '…')
    .replace(/\s+/g, ' ')
    .replace(/^[\s:;,-]+|[\s:;,-]+$/g, '');
  return words.length > 80 ? `${words.slice(0, 79)}…` : words;
}
