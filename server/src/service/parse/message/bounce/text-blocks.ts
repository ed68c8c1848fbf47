import type { Span } from '../../model';
import type { Notice } from './notice';

/** A recipient's paragraph in a bounce's text: where its address stands, and the lines that follow it. */
export interface TextBlock {
  address: string;
  addressSpan: Span;
  notice: Notice;
  /** View line of the address. */
  anchor: number;
  /** Where the block's own text starts on the anchor line (after the address). */
  restFrom: number;
  /** Last view line of the block. */
  end: number;
  /** A verdict line that is the whole report (sendmail's "550 <bob@x>... User unknown"): the block never grows. */
  single?: boolean;
}

/** An address as bounces write it; the domain needs a dot or is a single label (test.ex, localhost). */
export const ADDR = String.raw`[^\s<>()"',;:@\[\]]{1,128}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,253}[A-Za-z0-9])?`;

/**
 * Lines that name a failed recipient, in the many ways MTAs write them. Each keeps the address in
 * group 1; all are anchored or start from a fixed phrase, and run on lines of bounded length.
 */
const ANCHORS: readonly RegExp[] = [
  // The address alone: "<bob@x>:", "bob@x", "\"bob@x\":" (Postfix, qmail, Yahoo, Exim, Gmail, sendmail), "-- bob@x" (Mimecast).
  new RegExp(`^(?:-- )?["<]{0,2}(${ADDR})[">]{0,2}:?$`),
  // Postfix: "<bob@x>: host mx[1.2.3.4] said: 550 ..." and "<bob@x> (expanded from <a@y>): ...".
  new RegExp(`^<(${ADDR})>(?: \\(expanded from <[^<>]{0,300}>\\))?:\\s`),
  // Exchange 2003: "bob@x on 4/29/01 11:34 PM" (the date is no diagnostic: the line is taken whole).
  new RegExp(`^(${ADDR}) on \\S.{0,100}$`),
  // Microsoft 365: "bob@x<mailto:bob@x>"; Exim and OpenSMTPD: "bob@x: 550 ...".
  new RegExp(`^(${ADDR})(?:(?=<mailto:)|:(?=\\s+\\S))`),
  // "Recipient: <bob@x>", "Original recipient: bob@x", "Recipient address: bob@x", "Failed recipient: ...".
  new RegExp(`^(?:(?:final|original|failed|invalid|unknown|intended)[ -])?(?:recipient|address|addressee|rcpt to)(?:[ -]address)?(?:\\(es\\)|s)?:\\s*<?(${ADDR})>?(?:\\s|$|[.,;:])`, 'i'),
  // Quoted dialogue: "Sent <<< RCPT TO:<bob@x>" (InterScan), ">>> RCPT To:<bob@x>" (sendmail).
  new RegExp(`^(?:Sent <<<|>>>)\\s*RCPT TO:\\s*<(${ADDR})>`, 'i'),
  // Zoho: "[Status: Error, Address: <bob@x>, ResponseCode 421, , Host not reachable.]",
  // "bob@x Error, ERROR_CODE :421, ERROR_CODE :, Host not reachable.".
  new RegExp(`^\\[Status: \\w+, Address: <(${ADDR})>`, 'i'),
  new RegExp(`^(${ADDR}) Error, (?=ERROR_CODE)`),
  // Sentences: "There was an error delivering your mail to <bob@x>." (DragonFly), "could not be delivered to bob@x".
  new RegExp(`(?:delivering (?:your|the) (?:mail|message|e-?mail) to|deliver message to:|could not be delivered to|was not delivered to|failed to deliver (?:to|the message to)|undeliverable to|unable to deliver (?:your message |the message )?to|delivery to the following recipient(?:s)? (?:failed|has been delayed)[^:]{0,40}:|your message to|message for)\\s+<?(${ADDR})>?(?:[.:,;)]|\\s|$)`, 'i'),
];

/**
 * Lines that are a recipient's whole report, the reason written before or around the address: the
 * block is that line alone, read from its start.
 */
const WHOLE_LINE_ANCHORS: readonly RegExp[] = [
  // sendmail's verdict: "550 <bob@x>... User unknown".
  new RegExp(`^[245]\\d\\d <(${ADDR})>\\.\\.\\.\\s`),
  // "bob@x ... unknown host" (old sendmail and others), "User's mailbox is full: <bob@x>" (Prodigy).
  new RegExp(`^<?(${ADDR})>? ?\\.\\.\\. ?\\S`),
  new RegExp(`^[^<>@:\\s]{1,60}\\s[^<>@:]{1,120}:\\s+<(${ADDR})>\\.?$`),
];

/** Longest line looked at for an address: a recipient line is short; a megabyte line is not one. */
const MAX_ANCHOR_LINE = 512;

/** A block ends at most this many lines after its address: the rest is boilerplate. */
const MAX_BLOCK_LINES = 40;

/** The recipients' paragraphs in the bounce's own text, in order. */
export function textBlocks(notices: readonly Notice[]): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const notice of notices) {
    let current: TextBlock | undefined;
    for (let i = notice.from; i <= notice.to && i < notice.view.lines.length; i++) {
      const found = anchorOn(notice, i);
      if (found && current && sameAddress(found.address, current.address) && i - current.anchor < MAX_BLOCK_LINES) {
        current.end = i;
        continue;
      }
      if (found) {
        current = found;
        blocks.push(current);
        continue;
      }
      if (current && !current.single && i - current.anchor < MAX_BLOCK_LINES) current.end = i;
    }
  }
  return blocks;
}

function anchorOn(notice: Notice, index: number): TextBlock | undefined {
  const raw = notice.view.lines[index];
  if (raw.length > MAX_ANCHOR_LINE || !raw.includes('@')) return undefined;
  const lead = raw.length - raw.trimStart().length;
  const line = raw.trim();
  const whole = firstMatch(WHOLE_LINE_ANCHORS, line);
  if (whole) {
    const address = cleanAddress(whole[1]);
    const at = lead + line.indexOf(whole[1]);
    // "554 <bob@x>... 550 Host unknown": sendmail's own code first, the remote server's after it.
    const after = line.indexOf('... ', at - lead) + 4;
    const restFrom = /^[245]\d\d\b/.test(line.slice(after)) ? lead + after : lead;
    if (address) return { address, addressSpan: notice.view.span(index, at, at + whole[1].length), notice, anchor: index, restFrom, end: index, single: true };
  }
  for (const re of ANCHORS) {
    const m = re.exec(line);
    if (!m) continue;
    const address = cleanAddress(m[1]);
    if (!address) continue;
    const at = lead + line.indexOf(m[1], m.index);
    return {
      address,
      addressSpan: notice.view.span(index, at, at + m[1].length),
      notice,
      anchor: index,
      restFrom: lead + m.index + m[0].length,
      end: index,
    };
  }
  return undefined;
}

/** Trailing dots and brackets are prose, not address. */
export function cleanAddress(text: string): string | undefined {
  const address = text.replace(/^mailto:/i, '').replace(/[.>\]]+$/, '');
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return undefined;
  return address;
}

export function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function firstMatch(patterns: readonly RegExp[], line: string): RegExpExecArray | undefined {
  for (const re of patterns) {
    const m = re.exec(line);
    if (m) return m;
  }
  return undefined;
}
