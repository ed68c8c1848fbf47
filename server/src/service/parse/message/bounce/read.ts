import { codesOnLine } from '../codes';
import { readDeliveryStatus } from '../dsn';
import { headerValue, readHeaderBlock } from '../header-block';
import type { BounceRecipient, BounceReport, CodeMention, DeliveryStatusReport, HeaderField, MimePart } from '../model';
import { partView } from '../text-view';
import { agentOf } from './agents';
import { amazonSesRecipients } from './amazon-ses';
import { autoReplyOf, feedbackOf } from './feedback';
import { readFacts, type TextFacts } from './facts';
import { genericRecipients } from './generic';
import { notices, unquoted, type Notice } from './notice';
import { completeFromText, dsnRecipient, textCouldComplete, textRecipient } from './recipients';
import { cleanAddress, sameAddress, textBlocks, type TextBlock } from './text-blocks';
import { transcriptRecipients } from './transcript-recipients';

/** What the bounce reader found in one message. */
export interface BounceReading {
  reports: DeliveryStatusReport[];
  bounce?: BounceReport;
  /** The text parts that are the message's own words (with those of a forwarded bounce read instead). */
  notices: Notice[];
}

const DSN_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const MESSAGE_TYPES = new Set(['message/rfc822', 'message/global']);
/** A DSN field written as text (Amazon WorkMail's "Technical report:", forwarded reports). */
const DSN_FIELD_IN_TEXT = /^(?:Reporting-MTA|Final-Recipient|Original-Recipient):/i;

/** Words in a notice that say the failure is temporary and the MTA keeps trying. */
const DELAYED = /\b(?:has been delayed|(?:delivery|message) (?:has been |is |was )?delayed|will (?:continue|keep) (?:to )?(?:try|retry|attempt)|warning message only|still trying|not yet been delivered|delivery attempts will continue|will be retried|is being retried)\b/i;

/** Senders and subjects of delivery reports (RFC 3464 §1 and what MTAs actually write). */
const BOUNCE_SENDER = /\b(?:mailer-daemon|postmaster|mail delivery (?:subsystem|system|service)|mail administrator|mdaemon|mail\.?delivery|post_master)\b|@sns\.amazonaws\.com\b|@(?:[\w-]+\.)*amazonses\.com\b/i;
const BOUNCE_SUBJECT = /\b(?:undeliver|undelivered|delivery (?:status|failure|failed|notification|problem|report|has failed)|returned mail|failure notice|mail delivery|non-?delivery|nondeliverable|not delivered|could not be delivered|delivery failure|mail system error|warning: could not send|bounce|rejected|returned to sender|delayed mail|delivery delayed|message not delivered|errors from)\b/i;

/**
 * What the reading is for. The editor shows where the text names each recipient a DSN names too
 * (`textAddressSpan`); the bounce command's records need only the facts, so for them a recipient
 * whose DSN fields say everything is never looked for in the text.
 */
export interface BounceReadOptions {
  recordsOnly?: boolean;
}

/** How deep forwarded bounces (a bounce attached to a message) are followed, and how many are tried. */
const MAX_FORWARDS = 2;
const MAX_ATTACHED = 3;

/**
 * Reads what a message says about delivery: its delivery-status parts, the failed recipients its text
 * names (each in its MTA's own words), a feedback report or an auto-reply. Parts inside a returned
 * message are never read as the bounce's own, except a bounce forwarded as an attachment (or quoted
 * with ">") when the message has nothing of its own.
 */
export function readBounce(lines: readonly string[], root: MimePart, parts: readonly MimePart[], options: BounceReadOptions = {}, depth = 0): BounceReading {
  const returned = returnedParts(root);
  const own = notices(lines, root);
  const reports = dsnReports(lines, parts.filter((p) => !returned.has(p)), own);
  const headers = root.headers;
  const reading = (bounce?: BounceReport): BounceReading => ({ reports, notices: own, bounce });

  const feedback = feedbackOf(lines, root, parts);
  if (feedback) return reading({ format: 'feedback', agent: feedback.agent, recipients: [], feedback: feedback.report });

  // One search of each notice's joined lines: the phrases hold no line break, so none spans two lines.
  const delayed = own.some((n) => DELAYED.test(n.view.lines.slice(n.from, n.to + 1).join('\n')))
    || /\b(?:delay(?:ed)?|warning)\b/i.test(headerValue(headers, 'subject') ?? '');
  let recipients = recipientsOf(reports, own, headers, delayed, options);
  const bouncy = reports.length > 0 || looksLikeBounce(headers, root);

  if (recipients.length === 0) {
    // A bounce forwarded inline, every line quoted with ">".
    const quoted = own.map(unquoted).filter((n): n is Notice => n !== undefined);
    if (quoted.length > 0) {
      const inner = dsnReports(lines, [], quoted);
      recipients = recipientsOf(inner, quoted, [], delayed, options);
      if (recipients.length > 0) reports.push(...inner);
    }
  }
  if (recipients.length === 0 && depth < MAX_FORWARDS) {
    // A bounce forwarded as an attachment: the first attached message (of the first few) that is one.
    const attached = parts.filter((p) => p !== root && MESSAGE_TYPES.has(p.contentType) && p.children[0] && looksLikeBounce(p.children[0].headers, p.children[0]));
    for (const part of attached.slice(0, MAX_ATTACHED)) {
      const inner = part.children[0];
      const nested = readBounce(lines, inner, subtree(inner), options, depth + 1);
      if (nested.bounce && nested.bounce.recipients.length > 0) {
        return { reports: [...reports, ...nested.reports], notices: [...own, ...nested.notices], bounce: nested.bounce };
      }
    }
  }
  if (recipients.length === 0 && bouncy) recipients = transcriptRecipients(own);
  const agent = agentOf(headers, own, reports.length > 0);
  // The original sender, to whom the notice goes, is never one of its failed recipients: a notice of
  // no known format whose text names it names it as the sender.
  // Read only when a notice of no known format has a say (most notices are DSNs or of a known format).
  let senders: Set<string> | undefined;
  const sendersNow = (): Set<string> => (senders ??= sendersOf(headers, parts));
  if (reports.length === 0 && agent.format === 'generic' && recipients.length > 0) {
    const known = sendersNow();
    recipients = recipients.filter((r) => !known.has(r.address.toLowerCase()));
  }
  // No reader of a known format found anyone: the generic reader's best guess.
  let guessed = false;
  if (recipients.length === 0 && bouncy) {
    recipients = genericRecipients(own, delayed, sendersNow());
    guessed = recipients.length > 0;
  }
  if (recipients.length === 0 && bouncy) recipients = returnedToRecipients(root, parts, own, delayed);

  // Addresses and codes in a message that does not say it is a delivery report (a forwarded
  // discussion, a pasted log) make no bounce.
  if (recipients.length > 0 && bouncy) {
    return reading(guessed ? { format: 'generic', recipients } : { format: agent.format, agent: agent.name, recipients });
  }
  const autoReply = autoReplyOf(headers);
  if (autoReply) return reading({ format: 'auto-reply', recipients: [], autoReply });
  return reading();
}

/** The delivery-status parts, or DSN fields written in the text when there is no such part. */
function dsnReports(lines: readonly string[], parts: readonly MimePart[], own: readonly Notice[]): DeliveryStatusReport[] {
  const reports: DeliveryStatusReport[] = [];
  for (const part of parts) {
    if (!DSN_TYPES.has(part.contentType) || part.bodyEnd < part.bodyStart) continue;
    const view = partView(lines, part);
    const report = readDeliveryStatus(view, 0, view.lines.length - 1, part.id);
    if (report) reports.push(report);
  }
  if (reports.length > 0) return reports;
  for (const notice of own) {
    const at = firstLine(notice, (line) => DSN_FIELD_IN_TEXT.test(line));
    if (at < 0) continue;
    const report = readDeliveryStatus(notice.view, at, notice.to);
    if (report) reports.push(report);
  }
  return reports;
}

/** The recipients of the DSN groups completed from the text, else those the text alone names. */
function recipientsOf(reports: readonly DeliveryStatusReport[], own: readonly Notice[], headers: readonly HeaderField[], delayed: boolean,
  options: BounceReadOptions): BounceRecipient[] {
  // The text's recipient paragraphs, found when first needed: a DSN that says everything needs none for records.
  let found: TextBlock[] | undefined;
  const textBlocksNow = (): TextBlock[] => (found ??= textBlocks(own));
  const recipients: BounceRecipient[] = [];
  for (const report of reports) {
    for (const group of report.recipients) {
      const recipient = dsnRecipient(group);
      if (!recipient) continue;
      if (options.recordsOnly && !textCouldComplete(recipient)) {
        recipients.push(recipient);
        continue;
      }
      const blocks = textBlocksNow();
      const block = blocks.find((b) => sameAddress(b.address, recipient.address))
        ?? (recipient.originalRecipient ? blocks.find((b) => sameAddress(b.address, recipient.originalRecipient!)) : undefined)
        ?? (blocks.length === 1 && report.recipients.length === 1 ? blocks[0] : undefined);
      if (block) {
        if (textCouldComplete(recipient)) completeFromText(recipient, blockFacts(block, blocks.length, own));
        recipient.textAddressSpan = block.addressSpan;
      }
      else if (!recipient.replyCode && own.length > 0 && report.recipients.length === 1) completeFromText(recipient, noticeFacts(own[0]));
      recipients.push(recipient);
    }
  }
  if (recipients.length > 0) return recipients;
  const ses = amazonSesRecipients(own);
  if (ses) return ses;
  return fromText(textBlocksNow(), own, headers, delayed);
}

/** Parts inside a returned message (message/rfc822 and the like): a bounce quoted in a bounce is not read. */
export function returnedParts(root: MimePart): Set<MimePart> {
  const inside = new Set<MimePart>();
  const visit = (part: MimePart, under: boolean): void => {
    if (under) inside.add(part);
    const returned = under || (part !== root && (MESSAGE_TYPES.has(part.contentType) || part.contentType === 'text/rfc822-headers'));
    for (const child of part.children) visit(child, returned);
  };
  visit(root, false);
  return inside;
}

/** A part and every part inside it, depth first, as `parts` lists them. */
function subtree(part: MimePart): MimePart[] {
  const out: MimePart[] = [];
  const visit = (p: MimePart): void => {
    out.push(p);
    for (const child of p.children) visit(child);
  };
  visit(part);
  return out;
}

/** The first view line of a notice that passes `test`, or -1. */
function firstLine(notice: Notice, test: (line: string) => boolean): number {
  for (let i = notice.from; i <= notice.to && i < notice.view.lines.length; i++) if (test(notice.view.lines[i])) return i;
  return -1;
}

/**
 * What a recipient's paragraph says; when it says no code and it is the bounce's only recipient, what
 * the whole text says (some MTAs put the server's reply before the address, or far from it).
 */
function blockFacts(block: TextBlock, blockCount: number, own: readonly Notice[]): TextFacts {
  const facts = readFacts(block.notice.view, block.anchor, block.end, block.restFrom);
  if ((facts.replyCode && /^[45]/.test(facts.replyCode)) || facts.status || blockCount > 1) return facts;
  const whole = noticeFacts(own.find((n) => n === block.notice) ?? own[0]);
  return whole.replyCode || whole.status ? { ...whole, command: whole.command ?? facts.command, remoteMta: whole.remoteMta ?? facts.remoteMta } : facts;
}

function noticeFacts(notice: Notice): TextFacts {
  return readFacts(notice.view, notice.from, notice.to);
}

/**
 * Recipients of a bounce that has no DSN: each address paragraph in its text, kept to the addresses
 * X-Failed-Recipients lists when the bounce has that header; that header alone when the text names
 * no address the reader knows.
 */
function fromText(blocks: readonly TextBlock[], own: readonly Notice[], headers: readonly HeaderField[], delayed: boolean): BounceRecipient[] {
  const failedHeader = headers.filter((h) => h.key === 'x-failed-recipients').flatMap((h) => h.value.split(/[\s,]+/)).map((a) => cleanAddress(a.replace(/^<|>$/g, ''))).filter((a): a is string => a !== undefined);
  const recipients: BounceRecipient[] = [];
  const seen = new Set<string>();
  const distinct = new Set(blocks.map((b) => b.address.toLowerCase())).size;
  for (const block of blocks) {
    const key = block.address.toLowerCase();
    if (seen.has(key)) continue;
    if (failedHeader.length > 0 && !failedHeader.some((a) => sameAddress(a, block.address))) continue;
    seen.add(key);
    const facts = blockFacts(block, distinct, own);
    const recipient = textRecipient(block.address, facts, block.notice.view.lineOf(block.anchor), block.notice.view.lineOf(block.end), delayed);
    recipient.addressSpan = block.addressSpan;
    recipients.push(recipient);
  }
  for (const address of failedHeader) {
    if (seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    const notice = own[0];
    const facts: TextFacts = notice ? noticeFacts(notice) : { diagnostic: '' };
    const header = headers.find((h) => h.key === 'x-failed-recipients')!;
    const recipient = textRecipient(address, facts, header.startLine, header.endLine, delayed);
    recipient.addressSpan = header.valueSpan;
    recipients.push(recipient);
  }
  return recipients;
}

/**
 * The last resort for a bounce whose text names no recipient but says what went wrong: the To of the
 * message it returns.
 */
function returnedToRecipients(root: MimePart, parts: readonly MimePart[], own: readonly Notice[], delayed: boolean): BounceRecipient[] {
  const notice = own[0];
  if (!notice) return [];
  const facts = noticeFacts(notice);
  if (!facts.replyCode && !facts.status && !facts.diagnostic) return [];
  let to: HeaderField | undefined;
  for (const part of parts) {
    if (part === root || !(MESSAGE_TYPES.has(part.contentType) || part.contentType === 'text/rfc822-headers')) continue;
    to = part.children[0]?.headers.find((h) => h.key === 'to');
    if (to) break;
  }
  if (!to && notice.returnedAt !== undefined) {
    let start = notice.returnedAt + 1;
    while (start < notice.view.lines.length && notice.view.lines[start].trim() === '') start++;
    const block = readHeaderBlock(notice.view.lines, start, Math.min(notice.view.lines.length, start + 200));
    const field = block.fields.find((h) => h.key === 'to');
    if (field) to = { ...field, nameSpan: notice.view.span(field.startLine, 0, field.name.length), valueSpan: notice.view.span(field.startLine, field.valueSpan.start, field.valueSpan.end), startLine: notice.view.lineOf(field.startLine), endLine: notice.view.lineOf(field.endLine) };
  }
  if (!to) return [];
  const address = cleanAddress(/<([^<>\s]+@[^<>\s]+)>/.exec(to.value)?.[1] ?? to.value.trim().split(/[\s,]+/)[0] ?? '');
  if (!address) return [];
  const recipient = textRecipient(address, facts, notice.view.lineOf(notice.from), notice.view.lineOf(notice.to), delayed);
  recipient.addressSpan = to.valueSpan;
  return [recipient];
}

/** Addresses in a header value: those in brackets, else the bare ones. */
function headerAddresses(value: string | undefined): string[] {
  if (!value) return [];
  const bracketed = Array.from(value.matchAll(/<([^<>\s]+@[^<>\s]+)>/g), (m) => m[1]);
  const list = bracketed.length > 0 ? bracketed : value.split(/[\s,;]+/).filter((t) => t.includes('@'));
  return list.map((a) => cleanAddress(a.replace(/^["'(]+|["')]+$/g, ''))).filter((a): a is string => a !== undefined);
}

/**
 * Who sent the message a notice returns: the notice's own To (a bounce goes back to the sender), and
 * the returned message's From, Sender and Return-Path. Lower case.
 */
function sendersOf(headers: readonly HeaderField[], parts: readonly MimePart[]): Set<string> {
  const out = new Set<string>();
  for (const a of headerAddresses(headerValue(headers, 'to'))) out.add(a.toLowerCase());
  for (const part of parts) {
    if (!(MESSAGE_TYPES.has(part.contentType) || part.contentType === 'text/rfc822-headers')) continue;
    const inner = part.children[0]?.headers ?? [];
    for (const key of ['from', 'sender', 'return-path']) for (const a of headerAddresses(headerValue(inner, key))) out.add(a.toLowerCase());
    break;
  }
  return out;
}

/** Whether the headers say the message is a delivery report. */
function looksLikeBounce(headers: readonly HeaderField[], root: MimePart): boolean {
  if (root.contentType === 'multipart/report') return true;
  if (headers.some((h) => h.key === 'x-failed-recipients')) return true;
  const from = headerValue(headers, 'from') ?? '';
  const subject = headerValue(headers, 'subject') ?? '';
  const returnPath = headerValue(headers, 'return-path');
  // A null sender ("From: <>", "From: \"Jetmail System\" <>") is what RFC 5321 §4.5.5 gives notices.
  return BOUNCE_SENDER.test(from) || BOUNCE_SUBJECT.test(subject) || returnPath?.trim() === '<>' || /^(?:"[^"]*"\s*|[^<>"@]*)<>\s*$/.test(from.trim());
}

/** Codes written in the bounce's own text, for hovers (only where positions are exact). */
export function noticeMentions(own: readonly Notice[]): CodeMention[] {
  const mentions: CodeMention[] = [];
  for (const notice of own) {
    if (!notice.view.exact) continue;
    for (let i = notice.from; i <= notice.to && i < notice.view.lines.length; i++) {
      if (mentions.length > 10_000) return mentions;
      mentions.push(...codesOnLine(notice.view, i));
    }
  }
  return mentions;
}
