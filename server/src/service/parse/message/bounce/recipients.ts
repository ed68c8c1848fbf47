import { dsnField } from '../dsn';
import type { BounceRecipient, CodeMention, DeliveryAction, DsnField, DsnGroup } from '../model';
import { firstReplyCode } from '../codes';
import { commandIn, remoteMtaIn, type TextFacts } from './facts';
import { cleanAddress } from './text-blocks';

const ACTIONS = new Set<DeliveryAction>(['failed', 'delayed', 'delivered', 'relayed', 'expanded']);

/** A DSN Status as written, when it has the shape of one ("5.1.1", not "5.1.1 (Unknown user)"). */
const STATUS = /^([245]\.\d{1,3}\.\d{1,3})\b/;

/** Longest recipient kept when it is no Internet address (x400, a pipe, a local name). */
const MAX_OTHER_ADDRESS = 256;

/**
 * The recipient a Final-Recipient or Original-Recipient names: for "rfc822; bob@x" the address
 * (brackets and quotes taken off, a quoted local part kept whole); for any other address type (x400,
 * utf-8, a pipe or a local name without a domain) the value as written, since it is what names them.
 */
export function dsnAddress(text: string): string | undefined {
  const value = text.trim();
  if (!value) return undefined;
  const bracketed = /<([^<>\s]+@[^<>\s]+)>/.exec(value)?.[1];
  if (bracketed) return cleanAddress(bracketed);
  // "\"FAIL cannot route this one\"@some.host": a quoted local part may hold blanks.
  const quoted = /^<?("[^"]{1,200}"@[^\s<>]+)/.exec(value)?.[1];
  if (quoted) return cleanAddress(quoted.replace(/>$/, ''));
  for (const token of value.split(/\s+/)) {
    const address = token.includes('@') ? cleanAddress(token.replace(/^[<"(]+|[>")]+$/g, '')) : undefined;
    if (address) return address;
  }
  return value.replace(/^<|>$/g, '').trim().slice(0, MAX_OTHER_ADDRESS) || undefined;
}

/**
 * The SMTP reply a Diagnostic-Code holds, read by its type (RFC 3464 §2.3.6): "smtp" (or no type)
 * is a reply; "x-postfix" is Postfix's own words, which hold a reply only where they quote a server
 * ("host mx[192.0.2.1] said: 550 ...", "server refused to talk to me: 421 ..."); "x-unix" is a program's exit status and others (x-notes,
 * x-local ...) are an MTA's own words, which hold a reply only as "said:" quotes or when they start
 * with a reply and its enhanced code.
 */
function diagnosticReply(diagnostic: DsnField | undefined): CodeMention | undefined {
  if (!diagnostic) return undefined;
  const replies = diagnostic.codes.filter((c) => c.kind === 'reply');
  const refusal = (list: readonly CodeMention[]): CodeMention | undefined => list.find((c) => /^[45]/.test(c.code)) ?? list[0];
  const type = diagnostic.type ?? 'smtp';
  if (type === 'smtp') return refusal(replies);
  if (type === 'x-unix') return undefined;
  const said = /\b(?:said|refused to talk to me):\s*/i.exec(diagnostic.text);
  if (said) {
    const code = firstReplyCode(diagnostic.text.slice(said.index + said[0].length));
    return code ? replies.find((c) => c.code === code) : undefined;
  }
  const first = replies[0];
  const opening = /^([2-5]\d\d)[ -]+[245]\.\d{1,3}\.\d{1,3}\b/.exec(diagnostic.text.trim());
  return opening && first?.code === opening[1] ? first : undefined;
}

/** A program's exit status in "X-Unix; 67" (sendmail's sysexits), when the Diagnostic-Code is only that. */
function exitStatus(diagnostic: DsnField | undefined): number | undefined {
  if (diagnostic?.type !== 'x-unix') return undefined;
  const m = /^(\d{1,3})\b(?![.:\d])/.exec(diagnostic.text.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * One recipient group of a DSN as a bounce recipient: Final-Recipient (else Original-Recipient),
 * Action, Status, the code in Diagnostic-Code, Remote-MTA; the command from what the diagnostic says.
 */
export function dsnRecipient(group: DsnGroup): BounceRecipient | undefined {
  const final = dsnField(group, 'final-recipient');
  const original = dsnField(group, 'original-recipient');
  // "Final-Recipient: system;<>" names nobody: the Original-Recipient does.
  const named = final && dsnAddress(final.text) ? final : original;
  const address = named ? dsnAddress(named.text) : undefined;
  if (!named || !address) return undefined;
  const action = dsnField(group, 'action');
  const status = dsnField(group, 'status');
  const diagnostic = dsnField(group, 'diagnostic-code');
  const remote = dsnField(group, 'remote-mta');
  const lastAttempt = dsnField(group, 'last-attempt-date');
  const actionWord = action?.text.trim().toLowerCase().split(/[\s(;]/)[0] as DeliveryAction | undefined;
  const statusCode = status ? STATUS.exec(status.text.trim())?.[1] : undefined;
  // The refusal: a 4xx or 5xx before any 2xx or 3xx that precedes it ("220-laposte 421 4.2.1 ..."), as its type allows.
  const reply = diagnosticReply(diagnostic);
  const inDiagnostic = diagnostic?.type === 'x-unix' ? undefined : diagnosticStatus(diagnostic?.codes ?? []);
  const recipient: BounceRecipient = {
    address,
    addressSpan: named.textSpan,
    originalRecipient: original && original !== named ? dsnAddress(original.text) : undefined,
    action: actionWord && ACTIONS.has(actionWord) ? actionWord : statusCode?.startsWith('4') ? 'delayed' : statusCode?.startsWith('2') ? 'delivered' : 'failed',
    status: statusCode,
    statusSpan: statusCode ? status?.textSpan : undefined,
    replyCode: reply?.code,
    replyCodeSpan: reply?.span,
    diagnostic: diagnostic ? diagnostic.text.replace(/\s+/g, ' ').trim() : '',
    diagnosticSpan: diagnostic?.textSpan,
    diagnosticType: diagnostic?.type,
    exitStatus: exitStatus(diagnostic),
    // "dns; mx.example.org (TCP|192.0.2.1|25) (comments)": the host, without the comments.
    remoteMta: remote ? remote.text.trim().split(/[\s(]/)[0].replace(/\.$/, '') || undefined : undefined,
    lastAttemptDate: lastAttempt?.text.trim(),
    startLine: group.startLine,
    endLine: group.endLine,
    dsn: group,
  };
  if (diagnostic) {
    recipient.command = commandIn(diagnostic.text);
    recipient.remoteMta ??= remoteMtaIn(diagnostic.text);
  }
  if (statusCode && status) recipient.statusSpan = { ...status.textSpan, end: status.textSpan.start + statusCode.length };
  if (inDiagnostic && preferDiagnostic(statusCode, inDiagnostic.code, reply?.code)) {
    recipient.status = inDiagnostic.code;
    recipient.statusSpan = inDiagnostic.span;
  }
  return recipient;
}

/** The enhanced code the remote server gave: the one that follows its reply code, else the first written. */
function diagnosticStatus(codes: readonly CodeMention[]): CodeMention | undefined {
  const reply = codes.findIndex((c) => c.kind === 'reply');
  if (reply >= 0 && codes[reply].enhanced) return codes.slice(reply).find((c) => c.kind === 'enhanced' && c.code === codes[reply].enhanced);
  return codes.find((c) => c.kind === 'enhanced');
}

/**
 * Whose enhanced code a recipient gets when the DSN's Status and the remote server's words differ.
 * The server's own code is the more exact one (a Status is often the reporting MTA's summary: 5.0.0,
 * or 4.4.7 for "gave up"), unless it says less (x.0.0) or its class contradicts its own reply code.
 */
export function preferDiagnostic(status: string | undefined, diagnostic: string, replyCode: string | undefined): boolean {
  if (!status) return true;
  if (status === diagnostic) return false;
  if (replyCode && /^[245]/.test(replyCode) && diagnostic[0] !== replyCode[0] && status[0] === replyCode[0]) return false;
  const generic = (code: string): boolean => /^\d\.0\.0$/.test(code);
  if (generic(diagnostic) && !generic(status)) return false;
  return true;
}

/** Whether the remote server's words in the DSN (Diagnostic-Code) hold an enhanced code. */
function diagnosticSaysStatus(recipient: BounceRecipient): boolean {
  const diagnosticCodes = recipient.dsn?.fields.find((f) => f.key === 'diagnostic-code')?.codes ?? [];
  return diagnosticCodes.some((c) => c.kind === 'enhanced');
}

/**
 * Whether completeFromText could change the recipient, whatever the text says: not when the DSN gave
 * every fact and its Diagnostic-Code an enhanced code. Reading the text is then wasted work.
 */
export function textCouldComplete(recipient: BounceRecipient): boolean {
  return !recipient.replyCode || !recipient.status || recipient.command === undefined || recipient.remoteMta === undefined
    || !recipient.diagnostic || !diagnosticSaysStatus(recipient);
}

/**
 * Fills what a DSN group left out from what the bounce's text says about the same recipient. The
 * group's own fields win: a Status is never replaced by a code from the text or quoted dialogue
 * (except a class-only x.0.0, which says nothing but the class, by an exact code of that class), and
 * a Diagnostic-Code of any type says what the reply was (none, for an exit status), so the text
 * gives a reply code only when the group has no Diagnostic-Code at all.
 */
export function completeFromText(recipient: BounceRecipient, facts: TextFacts): void {
  const dsnDiagnostic = recipient.dsn?.fields.some((f) => f.key === 'diagnostic-code') === true;
  if (!recipient.replyCode && facts.replyCode && !dsnDiagnostic) {
    recipient.replyCode = facts.replyCode;
    recipient.replyCodeSpan = facts.replyCodeSpan;
  }
  // A Status of only its class ("5.0.0": other or undefined) yields to the same class's exact code in the text.
  const classOnly = recipient.status !== undefined && /^\d\.0\.0$/.test(recipient.status) && facts.status?.[0] === recipient.status[0];
  if (facts.status && (!recipient.status || (classOnly && !diagnosticSaysStatus(recipient)))) {
    recipient.status = facts.status;
    recipient.statusSpan = facts.statusSpan;
  }
  recipient.command ??= facts.command;
  recipient.remoteMta ??= facts.remoteMta;
  if (!recipient.diagnostic && facts.diagnostic) {
    recipient.diagnostic = facts.diagnostic;
    recipient.diagnosticSpan = facts.diagnosticSpan;
  }
}

/** A recipient named only in the bounce's text. */
export function textRecipient(address: string, facts: TextFacts, startLine: number, endLine: number, delayed: boolean): BounceRecipient {
  const transient = facts.replyCode?.startsWith('4') || facts.status?.startsWith('4');
  const permanent = facts.replyCode?.startsWith('5') || facts.status?.startsWith('5');
  return {
    address,
    action: delayed && !permanent ? 'delayed' : transient && delayed ? 'delayed' : 'failed',
    status: facts.status,
    statusSpan: facts.statusSpan,
    replyCode: facts.replyCode,
    replyCodeSpan: facts.replyCodeSpan,
    command: facts.command,
    remoteMta: facts.remoteMta,
    diagnostic: facts.diagnostic,
    diagnosticSpan: facts.diagnosticSpan,
    startLine,
    endLine,
  };
}
