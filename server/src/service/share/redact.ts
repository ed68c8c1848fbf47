import type { Catalog, Language } from '../catalog';
import { redactAllEdits } from '../features/code-actions';
import { transcriptOf, type DocumentModel, type TranscriptLine, type TranscriptModel } from '../parse';
import { authSteps, isLoggerMask, joinFields, REDACTED_SECRET, type AuthField } from '../parse/auth';
import { encodeBase64, utf8Encode } from '../parse/base64';
import type { MailMessage, MessageModel, MimePart } from '../parse/message/model';
import { addressPattern, ipv4Pattern, ipv6Candidates, isRoleAccount, reduceIPv4, reduceIPv6 } from './patterns';

/** What a share-safe copy keeps. Secrets always go. */
export interface RedactOptions {
  /** Replace address local parts (and AUTH user names) by pseudonyms: user1, user2 ... */
  addresses: boolean;
  /** Replace the domains of addresses (and the same domains elsewhere) by pseudonyms too. */
  domains: boolean;
  /** IP addresses: cut to their network (/24, /48), replaced by documentation addresses, or kept. */
  ips: 'reduce' | 'pseudonymise' | 'keep';
  /** Keep message bodies. */
  bodies: boolean;
  /** Keep subjects. */
  subjects: boolean;
}

export const DEFAULT_REDACT_OPTIONS: RedactOptions = { addresses: true, domains: false, ips: 'reduce', bodies: false, subjects: false };

/** What the copy changed, for the user to read before posting it. */
export interface RedactSummary {
  /** AUTH responses rewritten, and other places where a secret stood (raw, Base64). */
  secrets: number;
  /** Different local parts and user names replaced. */
  addresses: number;
  domains: number;
  ips: number;
  /** Message body lines blanked. */
  bodyLines: number;
  subjects: number;
}

export interface Redaction {
  text: string;
  summary: RedactSummary;
}

/**
 * What a secret written as plain text becomes: no Base64 and no logger's mask, so that the line
 * is read as it was (a response that is no Base64).
 */
const PLAINTEXT_SECRET = '[secret]';

/** Text put where a subject or a body line was. */
export const REMOVED = '[removed]';

interface Edit { start: number; end: number; text: string }

/**
 * A copy of a document safe to post: same lines in the same order (line ends kept), every secret
 * of an AUTH exchange gone wherever and however it is written, address local parts replaced by
 * pseudonyms that stay the same through the file, IP addresses reduced, subjects and bodies blanked.
 * The AUTH exchanges, messages and bodies are found in the model; addresses and IP addresses in
 * the text, wherever they stand.
 */
export function redactDocument(text: string, model: DocumentModel, catalog: Catalog, given: Partial<RedactOptions> = {}): Redaction {
  const options = { ...DEFAULT_REDACT_OPTIONS, ...given };
  const summary: RedactSummary = { secrets: 0, addresses: 0, domains: 0, ips: 0, bodyLines: 0, subjects: 0 };
  const parts = text.split(/(\r\n|\r|\n)/);
  const lines: string[] = [];
  const ends: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    lines.push(parts[i]);
    ends.push(parts[i + 1] ?? '');
  }
  const names = new Pseudonyms('user', isRoleAccount, '', text);
  const domains = new Pseudonyms('domain', () => false, '.example', text);
  const pseudonym = (local: string): string => (options.addresses ? names.of(local) : local);

  // 1. The AUTH exchanges, from the model: the credential fixes' edits, user names renamed too.
  const transcript = transcriptOf(model);
  const edits = new Map<number, Edit[]>();
  const add = (line: number, edit: Edit): void => {
    const list = edits.get(line) ?? [];
    if (list.some((e) => e.start < edit.end && edit.start < e.end)) return;
    list.push(edit);
    edits.set(line, list);
  };
  const fixes = redactAllEdits(model, catalog, 'en');
  for (const edit of fixes) {
    add(edit.range.start.line, { start: edit.range.start.character, end: edit.range.end.character, text: edit.newText });
  }
  const secrets = new Set<string>();
  const users = new Set<string>();
  for (const step of authResponses(transcript)) {
    const fields = step.fields.length > 0 ? step.fields : step.plaintext ?? [];
    const secret = fields.filter((f) => f.secret && !isLoggerMask(f.value));
    for (const f of secret) {
      if (f.value.length >= 3) secrets.add(f.value);
      secrets.add(step.text);
    }
    for (const f of fields) if (!f.secret && (f.label === 'user' || f.label === 'authzid') && f.value !== '') users.add(f.value);
    const plaintext = step.fields.length === 0;
    const rewrite = (f: AuthField): string => (f.secret && !isLoggerMask(f.value) ? (plaintext ? PLAINTEXT_SECRET : REDACTED_SECRET)
      : (f.label === 'user' || f.label === 'authzid') && f.value !== '' ? renameUser(f.value, pseudonym) : f.value);
    if (secret.length > 0) summary.secrets++;
    const changed = fields.some((f) => rewrite(f) !== f.value);
    if (!changed) continue;
    const plain = joinFields(fields, step.mechanism, rewrite);
    const replacement = plaintext ? plain.replace(/\0/g, '\\0') : encodeBase64(utf8Encode(plain));
    // The credential fix's edit, where there is one, is replaced by this fuller one.
    const list = (edits.get(step.span.line) ?? []).filter((e) => !(e.start === step.span.start && e.end === step.span.end));
    edits.set(step.span.line, list);
    add(step.span.line, { start: step.span.start, end: step.span.end, text: replacement });
  }
  // Every credential the fixes know of is counted, also one that a rule would see but this loop did not.
  summary.secrets = Math.max(summary.secrets, fixes.length);

  // 2. Subjects and bodies, from the model.
  const blank = new Map<number, Blank>();
  // Header lines that name people (From, To, Cc ...): where their value starts.
  const named = new Map<number, number>();
  if (model.kind === 'message') blankMessageParts(model, lines, blank, named);
  for (const session of transcript.sessions) {
    for (const command of session.commands) blankContent(command.content.filter((l) => l.kind === 'data'), lines, blank, named);
  }
  // BDAT says how many bytes its chunk holds: on the lines of a chunk, every replacement keeps the
  // length of what it replaces, or the copy would read differently.
  const fixed = new Set<number>();
  for (const session of transcript.sessions) {
    for (const command of session.commands) if (command.verb === 'BDAT') for (const l of command.content) fixed.add(l.line);
  }
  for (const [line, what] of blank) {
    if ((what.kind === 'body' ? options.bodies : options.subjects) || lines[line] === undefined || lines[line].slice(what.at, what.end).trim() === '') continue;
    // A transcript's line keeps its prefix and stays a line of content; a message's body line is emptied.
    const end = what.end ?? lines[line].length;
    const placeholder = what.kind === 'body' && !what.transcript ? '' : REMOVED;
    lines[line] = lines[line].slice(0, what.at) + (fixed.has(line) ? fit(placeholder, end - what.at) : placeholder) + lines[line].slice(end);
    edits.delete(line);
    if (what.kind === 'body') summary.bodyLines++;
    else summary.subjects++;
  }

  // 3. Apply the AUTH edits, then look for what the text shows elsewhere.
  for (const [line, list] of edits) {
    let out = lines[line];
    for (const e of [...list].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    lines[line] = out;
  }
  // Secrets echoed elsewhere (an MTA's debug output, a log): raw and in Base64.
  const secretForms = new Set<string>();
  for (const s of secrets) {
    secretForms.add(s);
    if (!/^[A-Za-z0-9+/]+=*$/.test(s)) secretForms.add(encodeBase64(utf8Encode(s)));
  }
  const sortedSecrets = [...secretForms].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  const knownUsers = [...users].filter((u) => u.length >= 2 && !u.includes('@')).sort((a, b) => b.length - a.length);
  const userPattern = knownUsers.length > 0 && options.addresses
    ? new RegExp(`(?<![\\w.+-])(?:${knownUsers.map(escapeRegExp).join('|')})(?![\\w+-]|\\.\\w|@)`, 'g') : undefined;
  const domainPattern = (): RegExp | undefined => {
    const known = domains.originals().sort((a, b) => b.length - a.length);
    return known.length > 0 ? new RegExp(`(?<![A-Za-z0-9-])(?:${known.map(escapeRegExp).join('|')})(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`, 'gi') : undefined;
  };
  const ipNames = new Pseudonyms('', () => false);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const keepLength = fixed.has(i);
    const put = (original: string, replacement: string): string => (keepLength ? fit(replacement, original.length) : replacement);
    for (const s of sortedSecrets) {
      if (line.includes(s)) {
        line = line.split(s).join(put(s, REDACTED_SECRET));
        summary.secrets++;
      }
    }
    const nameAt = named.get(i);
    if (options.addresses && nameAt !== undefined && !keepLength) line = line.slice(0, nameAt) + withoutDisplayNames(line.slice(nameAt));
    if (options.addresses || options.domains) {
      line = line.replace(addressPattern(), (_match, quoted: string | undefined, local: string | undefined, domain: string) => {
        const localPart = quoted ?? local ?? '';
        const newLocal = isRoleAccount(localPart) || !options.addresses ? localPart : put(localPart, pseudonym(localPart.replace(/^"|"$/g, '')));
        const newDomain = options.domains && !domain.startsWith('[') ? put(domain, domains.of(domain)) : domain;
        return `${newLocal}@${newDomain}`;
      });
      if (userPattern) line = line.replace(userPattern, (user) => put(user, pseudonym(user)));
    }
    if (options.ips !== 'keep') {
      line = line.replace(ipv4Pattern(), (ip) => {
        if (ip.startsWith('127.') || ip === '0.0.0.0') return ip;
        summary.ips++;
        return put(ip, options.ips === 'reduce' ? reduceIPv4(ip) : documentationIPv4(ipNames.index(ip)));
      });
      line = ipv6Candidates(line, (ip) => {
        if (ip === '::1' || ip === '::') return ip;
        summary.ips++;
        return put(ip, options.ips === 'reduce' ? reduceIPv6(ip) : `2001:db8::${ipNames.index(ip).toString(16)}`);
      });
    }
    lines[i] = line;
  }
  if (options.domains) {
    const pattern = domainPattern();
    if (pattern) for (let i = 0; i < lines.length; i++) lines[i] = lines[i].replace(pattern, (d) => domains.of(d));
  }
  summary.addresses = names.size();
  summary.domains = domains.size();
  return { text: lines.map((l, i) => l + ends[i]).join(''), summary };
}

/** The summary in one line, for the CLI's standard error and the editor's notification. */
export function redactSummaryText(summary: RedactSummary, catalog: Catalog, language: Language): string {
  return catalog.message('redact.summary', language, summary.secrets, summary.addresses, summary.domains, summary.ips, summary.bodyLines, summary.subjects);
}

/** Every AUTH response of the transcript, with its command's mechanism. */
function* authResponses(model: TranscriptModel): Generator<ReturnType<typeof authSteps>[number] & { mechanism: string }> {
  for (const session of model.sessions) {
    for (const command of session.commands) {
      if (command.verb !== 'AUTH' || !command.auth) continue;
      for (const step of authSteps(command)) if (step.role === 'response') yield { ...step, mechanism: command.auth.mechanism };
    }
  }
}

/** A user name's pseudonym: an address keeps its domain, a bare name becomes the name alone. */
function renameUser(user: string, pseudonym: (local: string) => string): string {
  const at = user.lastIndexOf('@');
  return at > 0 ? `${pseudonym(user.slice(0, at))}${user.slice(at)}` : pseudonym(user);
}

/**
 * What to blank on a line, from a column to another or to the end: a body line (of a transcript's
 * DATA or of a message) or a subject.
 */
interface Blank { kind: 'body' | 'subject'; at: number; end?: number; transcript?: boolean }

const SUBJECT_FIELDS = /^(subject|thread-topic|x-original-subject)[ \t]*:[ \t]*/i;

/** Header fields whose addresses may come with a person's name ("Alice Smith" <alice@...>). */
const ADDRESS_FIELDS = /^((?:resent-)?(?:from|to|cc|bcc|sender|reply-to)|disposition-notification-to|return-receipt-to|errors-to|x-original-from|x-original-to)[ \t]*:[ \t]*/i;

/** Names that say who sent a bounce (a bounce is recognised by them): not a person's, kept. */
const ROLE_NAMES = /mailer-daemon|postmaster|post_master|mail delivery|delivery (?:status|subsystem|system|service)|mail administrator|mdaemon|system administrator|microsoft outlook|^\s*"?\s*"?\s*$/i;

/**
 * An address list without the names of people: `"Alice Smith" <a@x>, Bob <b@x>` → `<a@x>, <b@x>`,
 * comments `(Alice)` gone too. Names that say a bounce's sender (Mail Delivery System) stay.
 */
export function withoutDisplayNames(value: string): string {
  return value
    .replace(/(^|,)((?:"(?:[^"\\]|\\.)*"|[^,<>"@()\r\n])*?)(?=<)/g, (match, separator: string, phrase: string) => (ROLE_NAMES.test(phrase) ? match : `${separator}${/^[ \t]*/.exec(phrase)![0]}`))
    .replace(/[ \t]*\((?:[^()\\]|\\.)*\)/g, (comment) => (ROLE_NAMES.test(comment) ? comment : ''));
}

/** The DATA content of a transcript: header lines kept but the subject, body lines blanked. */
function blankContent(content: readonly TranscriptLine[], lines: readonly string[], blank: Map<number, Blank>, named: Map<number, number>): void {
  let inHeaders = true;
  let inSubject = false;
  let inNames = false;
  for (const line of content) {
    // The content's text where it stands: several lines of content can share a line of the
    // document (a pipelined send written with \r\n escapes).
    const physical = lines[line.line] ?? '';
    const at = physical.startsWith(line.text, line.column) ? line.column : physical.indexOf(line.text);
    if (at < 0) continue;
    const end = at + line.text.length;
    if (inHeaders) {
      if (line.text.trim() === '') {
        inHeaders = false;
        continue;
      }
      const subject = SUBJECT_FIELDS.exec(line.text);
      const names = ADDRESS_FIELDS.exec(line.text);
      const folded = /^[ \t]/.test(line.text);
      if (subject) {
        blank.set(line.line, { kind: 'subject', at: at + subject[0].length, end });
        inSubject = true;
      } else if (folded && inSubject) {
        blank.set(line.line, { kind: 'subject', at: at + (line.text.length - line.text.trimStart().length), end });
      } else {
        inSubject = false;
      }
      if (names) named.set(line.line, at + names[0].length);
      else if (folded && inNames) named.set(line.line, at);
      inNames = names !== null || (folded && inNames);
    } else {
      blank.set(line.line, { kind: 'body', at, end, transcript: true });
    }
  }
}

/**
 * An .eml: the bodies and subjects of ordinary messages and of the message a bounce returns are
 * blanked; what a bounce itself says (its notice, its delivery-status fields, its own subject) stays.
 */
function blankMessageParts(model: MessageModel, lines: readonly string[], blank: Map<number, Blank>, named: Map<number, number>): void {
  for (const message of model.messages) {
    const returned = message.returned;
    const inReturned = (line: number): boolean => returned !== undefined && line >= returned.startLine && line <= returned.endLine;
    const isReport = message.bounce !== undefined;
    const covered = new Set<number>();
    for (const part of message.parts) {
      const inside = inReturned(part.headerStart) || inReturned(part.bodyStart);
      for (const field of part.headers) {
        if (ADDRESS_FIELDS.test(`${field.name}:`)) {
          for (let l = field.startLine; l <= field.endLine; l++) named.set(l, l === field.startLine ? field.valueSpan.start : 0);
        }
        if (!SUBJECT_FIELDS.test(`${field.name}:`)) continue;
        if (isReport && !inside) continue;
        for (let l = field.startLine; l <= field.endLine; l++) {
          blank.set(l, { kind: 'subject', at: l === field.startLine ? field.valueSpan.start : lines[l].length - lines[l].trimStart().length });
        }
      }
      for (let l = part.headerStart; l <= part.bodyEnd; l++) covered.add(l);
      if (part.children.length > 0 || !isLeafBody(part)) continue;
      if (isReport && !inside) continue;
      for (let l = part.bodyStart; l <= part.bodyEnd; l++) blank.set(l, { kind: 'body', at: 0 });
    }
    // A bounce that quotes the returned message as plain text: its header block, then its body.
    if (returned && isReport) blankInlineMessage(message, returned, lines, covered, blank);
  }
}

/** A leaf part whose body is content: not headers (text/rfc822-headers), not a report. */
function isLeafBody(part: MimePart): boolean {
  return !/^(message\/|text\/rfc822-headers|multipart\/)/.test(part.contentType) && part.bodyEnd >= part.bodyStart;
}

function blankInlineMessage(message: MailMessage, returned: { startLine: number; endLine: number }, lines: readonly string[], covered: Set<number>, blank: Map<number, Blank>): void {
  // Only where no MIME part of the returned message was read: its lines belong to the bounce's own text part.
  const nested = message.parts.some((p) => p.depth > 0 && p.headerStart >= returned.startLine && p.headerStart <= returned.endLine && p.headers.length > 0);
  if (nested) return;
  let inHeaders = false;
  let seenHeader = false;
  let inSubject = false;
  for (let l = returned.startLine; l <= returned.endLine && l < lines.length; l++) {
    const text = lines[l];
    if (!seenHeader) {
      if (/^[A-Za-z][\w-]*:/.test(text)) {
        seenHeader = true;
        inHeaders = true;
      } else continue;
    }
    if (inHeaders) {
      if (text.trim() === '') {
        inHeaders = false;
        continue;
      }
      const subject = SUBJECT_FIELDS.exec(text);
      if (subject) {
        blank.set(l, { kind: 'subject', at: subject[0].length });
        inSubject = true;
      } else if (/^[ \t]/.test(text) && inSubject) {
        blank.set(l, { kind: 'subject', at: text.length - text.trimStart().length });
      } else inSubject = false;
    } else if (!covered.has(l) || blank.get(l) === undefined) {
      blank.set(l, { kind: 'body', at: 0 });
    }
  }
}

/**
 * Stable pseudonyms: the same original (case aside) always gets the same name, numbered in order
 * of appearance, skipping the numbers of names that the text already holds (a file redacted before).
 */
class Pseudonyms {
  private readonly names = new Map<string, string>();
  private readonly firsts = new Map<string, string>();
  private readonly taken = new Set<number>();
  private next = 1;

  constructor(private readonly prefix: string, private readonly keep: (original: string) => boolean, private readonly suffix = '', text = '') {
    if (prefix === '') return;
    for (const match of text.matchAll(new RegExp(`${prefix}(\\d+)${escapeRegExp(suffix)}`, 'gi'))) this.taken.add(Number(match[1]));
  }

  of(original: string): string {
    if (this.keep(original)) return original;
    const key = original.toLowerCase();
    let name = this.names.get(key);
    if (name === undefined) {
      while (this.taken.has(this.next)) this.next++;
      name = `${this.prefix}${this.next++}${this.suffix}`;
      this.names.set(key, name);
      this.firsts.set(key, original);
    }
    return name;
  }

  index(original: string): number {
    const name = this.of(original);
    return Number(name.slice(this.prefix.length, name.length - this.suffix.length));
  }

  size(): number {
    return this.names.size;
  }

  originals(): string[] {
    return [...this.firsts.values()];
  }
}

/**
 * A replacement made as long as what it replaces: cut short, or filled with "x" (inside a BDAT
 * chunk, whose size counts its bytes; the text is ASCII there, as the replacements are).
 */
function fit(replacement: string, length: number): string {
  return replacement.length >= length ? replacement.slice(0, length) : replacement + 'x'.repeat(length - replacement.length);
}

/** The n-th documentation address (RFC 5737): 192.0.2.1 ..., then 198.51.100.x, 203.0.113.x, then 10.x.y.z. */
function documentationIPv4(n: number): string {
  if (n <= 254) return `192.0.2.${n}`;
  if (n <= 508) return `198.51.100.${n - 254}`;
  if (n <= 762) return `203.0.113.${n - 508}`;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
