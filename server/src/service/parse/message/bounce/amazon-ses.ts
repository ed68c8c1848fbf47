import type { BounceRecipient, DeliveryAction } from '../model';
import { firstEnhancedCode, firstReplyCode } from '../codes';
import { commandIn } from './facts';
import type { Notice } from './notice';

/**
 * Amazon SES sends bounces and deliveries as JSON (an SNS notification whose "Message" is JSON again,
 * so its quotes are escaped, and long lines may be folded by the mail system). Fields are read with
 * patterns that accept both quotings rather than with a JSON parser that a folded line would defeat.
 */
const FIELD = (name: string): RegExp => new RegExp(`\\\\?"${name}\\\\?"\\s*:\\s*\\\\?"(.{0,2000}?)\\\\?"\\s*(?=[,}\\]])`);
const OBJECT_WITH_ADDRESS = /\{[^{}]{0,4000}?emailAddress[^{}]{0,4000}\}/g;

/** Longest text read: an SES notification is a few kilobytes. */
const MAX_TEXT = 256 * 1024;

export function amazonSesRecipients(own: readonly Notice[]): BounceRecipient[] | undefined {
  for (const notice of own) {
    const lines = notice.view.lines.slice(notice.from, notice.to + 1);
    // Folded lines ("...!\n " or "\n ") are joined back; positions come from a search for the address.
    const text = lines.join('\n').slice(0, MAX_TEXT).replace(/!?\n /g, '');
    if (!/notificationType/.test(text)) continue;
    const type = FIELD('notificationType').exec(text)?.[1];
    if (type === 'Bounce') {
      const section = text.slice(text.indexOf('bouncedRecipients'));
      const recipients: BounceRecipient[] = [];
      for (const m of section.matchAll(OBJECT_WITH_ADDRESS)) {
        const object = m[0];
        const address = FIELD('emailAddress').exec(object)?.[1];
        if (!address) continue;
        const diagnostic = unescape(FIELD('diagnosticCode').exec(object)?.[1] ?? '');
        const action = (FIELD('action').exec(object)?.[1] ?? 'failed') as DeliveryAction;
        recipients.push(make(notice, address, action, FIELD('status').exec(object)?.[1], diagnostic));
      }
      if (recipients.length > 0) return recipients;
    }
    if (type === 'Delivery') {
      const section = text.slice(text.indexOf('"delivery'));
      const list = /\\?"recipients\\?"\s*:\s*\[([^\]]{0,4000})\]/.exec(section)?.[1] ?? '';
      const response = unescape(FIELD('smtpResponse').exec(section)?.[1] ?? '');
      const addresses = Array.from(list.matchAll(/\\?"([^"\\\s]+@[^"\\\s]+)\\?"/g), (a) => a[1]);
      if (addresses.length > 0) return addresses.map((a) => make(notice, a, 'delivered', firstEnhancedCode(response), response));
    }
  }
  return undefined;
}

function make(notice: Notice, address: string, action: DeliveryAction, status: string | undefined, diagnostic: string): BounceRecipient {
  const text = diagnostic.replace(/^smtp;\s*/i, '');
  const recipient: BounceRecipient = {
    address,
    action: ['failed', 'delayed', 'delivered', 'relayed', 'expanded'].includes(action) ? action : 'failed',
    status: status && /^[245]\.\d{1,3}\.\d{1,3}$/.test(status) ? status : firstEnhancedCode(text),
    replyCode: firstReplyCode(text),
    command: commandIn(text),
    diagnostic: text,
    startLine: notice.view.lineOf(notice.from),
    endLine: notice.view.lineOf(notice.to),
  };
  for (let i = notice.from; i <= notice.to && i < notice.view.lines.length; i++) {
    const at = notice.view.lines[i].indexOf(address);
    if (at >= 0) {
      recipient.addressSpan = notice.view.span(i, at, at + address.length);
      break;
    }
  }
  return recipient;
}

function unescape(text: string): string {
  return text.replace(/\\\\/g, '\\').replace(/\\"/g, '"').replace(/\\n/g, ' ');
}
