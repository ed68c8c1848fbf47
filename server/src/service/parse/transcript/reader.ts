import { LineEnd, type Command, type DialectId, type Reply, type Session, type TranscriptLine, type TranscriptModel, type Transaction } from '../model';
import { isWrappedContinuation, matchDialect, type DialectMatch, type Side } from './dialects';
import { KNOWN_VERBS, looksLikeCommand, parseCommand, type Continuation } from './command-line';
import { looksLikeReply, parseReplyLine } from './reply-line';

/** How many non-blank lines decide whether a document uses prefixes at all. */
const SNIFF_LINES = 400;

/** Commands whose reply is a 220 in the same session: STARTTLS, ATRN's role reversal, Postfix's XCLIENT restart. */
const ANSWERED_BY_220 = new Set(['STARTTLS', 'ATRN', 'XCLIENT']);

/** Splits on CRLF, CR or LF, as editors do. */
export function splitLines(text: string): string[] {
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
}

/** The lines of a text with how each ends, in one pass. */
export function linesWithEnds(text: string): LineSource {
  const lines = splitLines(text);
  if (!text.includes('\r')) {
    return { length: lines.length, at: (i) => lines[i], endAt: (i) => (i < lines.length - 1 ? LineEnd.LF : LineEnd.None) };
  }
  const ends = new Uint8Array(lines.length);
  let at = 0;
  for (let i = 0; i < lines.length - 1; i++) {
    at += lines[i].length;
    if (text.charCodeAt(at) === 13) ends[i] = text.charCodeAt(at + 1) === 10 ? LineEnd.CRLF : LineEnd.CR;
    else ends[i] = LineEnd.LF;
    at += ends[i] === LineEnd.CRLF ? 2 : 1;
  }
  return { length: lines.length, at: (i) => lines[i], endAt: (i) => ends[i] ?? LineEnd.None };
}

/** Codes a server may open a connection with. */
const GREETING_CODES = new Set(['220', '421', '521', '554']);

/** Line kinds that are SMTP traffic, as opposed to notes around it. */
const TRAFFIC = new Set(['command', 'reply', 'data', 'data-end', 'auth-response']);

/** Where content lines go: DATA after its 354 (or sent straight after DATA), or a BDAT chunk. */
interface ContentState {
  command: Command;
  /** BDAT: octets of the chunk still to come. */
  bdatRemaining?: number;
  /** DATA content sent before the 354 arrived (the Exim test client does this). */
  early?: boolean;
}

/** The reading state of one session while its lines arrive. */
class SessionBuilder {
  readonly session: Session;
  /** Commands still waiting for their final reply, oldest first. */
  private readonly pending: Command[] = [];
  private openReply?: Reply;
  private content?: ContentState;
  private transaction?: Transaction;
  private readonly transactionOf = new Map<Command, Transaction>();
  /** DATA commands whose content has ended ("." seen): a later 3xx does not open content again. */
  private readonly contentEnded = new Set<Command>();
  /** DATA with PRDR: per-recipient replies still expected after the 353. */
  private readonly prdrRemaining = new Map<Command, number>();
  /** Which flow ('in' or 'out') carries the server's lines, once a line has shown it. */
  private serverFlow?: 'in' | 'out';
  /** The session shows a sendmail or Exim test client dialogue: its ">>> " lines are all sent text. */
  private sendmailDialogue = false;
  /** The dialect of the first command: ">>> " debug lines never count as commands among another's. */
  private clientDialect?: DialectId;
  /** A line opened this session (swaks "=== Trying", curl "* Trying", "Connecting to", Exchange "+"). */
  opened = false;
  /** The conversation of a log that interleaves several (see DialectMatch.channel) this session reads. */
  channel?: string;

  constructor(index: number, startLine: number, dialect: DialectId, id: string | undefined, private readonly counter: { commands: number; replies: number },
    private readonly endAt: (line: number) => LineEnd = () => LineEnd.LF) {
    this.session = {
      index, startLine, endLine: startLine, dialect, id, lines: [], commands: [], replies: [],
      capabilities: new Map(), transactions: [], tlsStarted: false, serverOnly: false,
    };
  }

  get hasTraffic(): boolean {
    return this.session.commands.length > 0 || this.session.replies.length > 0;
  }

  /** A 220 arriving with nothing pending after commands were sent starts another connection. */
  isNewGreeting(text: string): boolean {
    // Commands still waiting do not hold a session open once it has had replies (a capture cut
    // short, then the next connection), unless they are the ones a 220 answers. Before any reply, waiting commands (a PROXY header, PIPECONNECT's early EHLO)
    // are the greeting's own session.
    const waiting = this.pending[0]?.verb ?? '';
    const greetingOf = this.pending.length === 0 || (this.session.replies.length > 0 && !ANSWERED_BY_220.has(waiting));
    return this.session.commands.length > 0 && greetingOf && !this.openReply && !this.content && /^220(?:[ -]|$)/.test(text);
  }

  add(lineNo: number, raw: string, match: DialectMatch | undefined, prefixed: boolean, continuations: readonly Continuation[] = []): void {
    if (match?.opensSession) this.opened = true;
    if (match?.parts) {
      // One written line carries several sent lines: read each as if it stood alone.
      for (const part of match.parts) this.addOne(lineNo, raw, { ...match, column: part.column, text: part.text, parts: undefined }, prefixed, []);
    } else {
      const at = this.session.lines.length;
      this.addOne(lineNo, raw, match, prefixed, continuations);
      const first = this.session.lines[at];
      for (const c of continuations) {
        // The rest of a wrapped line: same direction and kind as its start.
        const line = this.newLine(c.line, ' '.repeat(c.column) + c.text, first.dialect, c.column, c.text, false);
        line.direction = first.direction;
        line.kind = first.kind;
      }
    }
  }

  private newLine(lineNo: number, raw: string, dialect: DialectId, column: number, text: string, tls: boolean): TranscriptLine {
    const line: TranscriptLine = {
      line: lineNo, direction: 'meta', kind: 'text', dialect, column, text,
      tls: this.session.tlsStarted || tls, length: raw.length, end: this.endAt(lineNo),
    };
    this.session.lines.push(line);
    this.session.endLine = lineNo;
    return line;
  }

  private addOne(lineNo: number, raw: string, match: DialectMatch | undefined, prefixed: boolean, continuations: readonly Continuation[]): void {
    let dialect: DialectId = match?.dialect ?? 'unprefixed';
    let text = match ? match.text : raw;
    let column = match ? match.column : 0;
    if (match?.sendmailDialogue) this.sendmailDialogue = true;

    if (!match && !this.content) {
      // Examples in RFCs and READMEs are indented; Exim debug and PHPMailer indent the further lines
      // of a multi-line reply.
      const indent = text.length - text.trimStart().length;
      if (indent > 0) {
        text = text.slice(indent);
        column = indent;
      }
      const open = this.openReply;
      if (open && indent > 0 && text.startsWith(open.code) && looksLikeReply(text)) {
        dialect = open.lines[0].source.dialect;
        const line = this.newLine(lineNo, raw, dialect, column, text, false);
        line.direction = 'server';
        this.addReplyLine(line, continuations);
        return;
      }
    }

    const line = this.newLine(lineNo, raw, dialect, column, text, match?.tls === true);
    if (raw.trim() === '' && !this.content) {
      line.kind = 'blank';
      return;
    }
    // In a prefixed capture an unprefixed reply is the tool's own note (sendmail's verdict line),
    // unless a command is waiting for it (Postfix's test harness prints replies bare).
    let side: Side = match ? this.resolveSide(match, text) : !prefixed || (this.pending.length > 0 && looksLikeReply(text)) ? 'either' : 'meta';
    if (match?.loose && side === 'client' && !this.sendmailDialogue) {
      // Exim writes its debug notes after ">>> " too: only a command, in a session of such lines, is sent text.
      const own = this.clientDialect === undefined || this.clientDialect === match.dialect;
      if (!own || !(looksLikeCommand(text) || (this.content !== undefined && this.content.command.source.dialect === match.dialect))) side = 'meta';
    }
    if (side === 'meta') {
      line.kind = /\bTLS (started|negotiated)|\bSSL\b.*\bstarted/i.test(text) ? 'tls' : 'meta';
      return;
    }
    const reply = side === 'server' || (side === 'either' && looksLikeReply(text) && !this.content);
    if (!reply && this.content) {
      if (!(match?.noContent && looksLikeCommand(text) && side === 'client')) {
        this.addContent(line, raw, match, prefixed);
        return;
      }
      // Dialects that never show the message: a command after DATA means the content went unseen.
      this.content = undefined;
    }
    if (reply) {
      line.direction = 'server';
      this.addReplyLine(line, continuations);
      return;
    }
    this.closeOpenReply(false);
    if (text.trim() === '') {
      // An empty line sent outside any content: no command.
      line.direction = 'client';
      line.kind = 'text';
      return;
    }
    const auth = this.pending[0];
    if (auth?.verb === 'AUTH' && auth.replies.at(-1)?.code.startsWith('3')) {
      line.direction = 'client';
      line.kind = 'auth-response';
      auth.authResponses.push(line);
      return;
    }
    if (looksLikeCommand(text) || (side === 'client' && (!match?.loose || this.sendmailDialogue))) {
      line.direction = 'client';
      line.kind = 'command';
      this.addCommand(line, match, side === 'client', continuations);
      return;
    }
    // An unprefixed line that is neither a reply nor a command: a note in the capture.
    line.kind = 'text';
  }

  /** The side of a line, settling 'either' by the session's server flow once a line has shown it. */
  private resolveSide(match: DialectMatch, text: string): Side {
    if (match.side !== 'either' || !match.flow) return match.side;
    if (this.serverFlow) return match.flow === this.serverFlow ? 'server' : 'client';
    if (looksLikeReply(text)) {
      this.serverFlow = match.flow;
      return 'server';
    }
    if (looksLikeCommand(text)) {
      this.serverFlow = match.flow === 'in' ? 'out' : 'in';
      return 'client';
    }
    return 'either';
  }

  private addContent(line: TranscriptLine, raw: string, match: DialectMatch | undefined, prefixed: boolean): void {
    const content = this.content!;
    line.direction = 'client';
    if (content.bdatRemaining === undefined && line.text === '.') {
      line.kind = 'data-end';
      this.contentEnded.add(content.command);
      this.content = undefined;
      return;
    }
    line.kind = 'data';
    content.command.content.push(line);
    if (content.bdatRemaining !== undefined) {
      const size = line.text.length + 2;
      if (size > content.bdatRemaining && match && content.bdatRemaining < line.text.length) {
        // The chunk ends inside this line: what follows was sent after it (a command, as a rule).
        const cut = content.bdatRemaining;
        const rest = line.text.slice(cut);
        line.text = line.text.slice(0, cut);
        this.content = undefined;
        this.addOne(line.line, raw, { ...match, column: line.column + cut, text: rest, parts: undefined }, prefixed, []);
        return;
      }
      content.bdatRemaining -= size;
      if (content.bdatRemaining <= 0) this.content = undefined;
    }
  }

  private addCommand(line: TranscriptLine, match: DialectMatch | undefined, sentByClient: boolean, continuations: readonly Continuation[]): void {
    const command = parseCommand(line, this.counter.commands++, this.pending.length > 0, continuations);
    this.clientDialect ??= line.dialect;
    this.session.commands.push(command);
    this.pending.push(command);
    switch (command.verb) {
      case 'MAIL':
        this.transaction = { mail: command, recipients: [] };
        this.session.transactions.push(this.transaction);
        break;
      case 'RCPT':
        this.transaction?.recipients.push({ command, address: command.path?.address ?? '' });
        break;
      case 'DATA':
        if (this.transaction) {
          this.transaction.data = command;
          this.transactionOf.set(command, this.transaction);
        }
        // What the client sends before the 354 arrives is the message (or nothing, if it waits).
        if (sentByClient && !match?.noContent) this.content = { command, early: true };
        break;
      case 'BDAT': {
        if (this.transaction) {
          this.transaction.data = command;
          this.transactionOf.set(command, this.transaction);
        }
        const size = Number.parseInt(command.params[0]?.keyword ?? '', 10);
        if (size > 0 && !match?.noContent) this.content = { command, bdatRemaining: size };
        break;
      }
      case 'RSET':
      case 'HELO':
      case 'EHLO':
      case 'LHLO':
        this.transaction = undefined;
        break;
    }
  }

  private addReplyLine(line: TranscriptLine, continuations: readonly Continuation[]): void {
    const parsed = parseReplyLine(line);
    if (!parsed) {
      // Server text that is not a reply line (swaks "<** " notes, banners): keep it as a note.
      line.direction = 'server';
      line.kind = 'text';
      return;
    }
    line.kind = 'reply';
    for (const c of continuations) parsed.text += ' ' + c.text;
    const content = this.content;
    const earlierCommand = content?.bdatRemaining !== undefined && this.pending[0] !== content.command;
    if (content && !content.early && !earlierCommand) {
      // The server answers the content only once it is over: whatever was not shown of it has ended.
      // (A reply to an earlier command may arrive while a BDAT chunk is still being sent.)
      if (content.bdatRemaining === undefined) this.contentEnded.add(content.command);
      this.content = undefined;
    }
    let reply = this.openReply;
    if (!reply) {
      reply = { index: this.counter.replies++, code: parsed.code, lines: [], complete: false };
      if (parsed.enhanced) reply.enhanced = parsed.enhanced.code;
      this.openReply = reply;
    }
    reply.lines.push(parsed);
    if (parsed.separator !== '-') this.closeOpenReply(true);
  }

  /** Ends the reply being read (complete or cut off) and pairs it with what it answers. */
  private closeOpenReply(complete: boolean): void {
    const reply = this.openReply;
    if (!reply) return;
    this.openReply = undefined;
    reply.complete = complete;
    this.session.replies.push(reply);
    const head = this.pending[0];
    if (!head) {
      // The greeting (RFC 5321 §3.1: 220, or 554 / RFC 7504's 521 for no service), or a 421 at any time.
      // A log that starts in the middle of a session may open with any reply: that is no greeting.
      const first = this.session.replies.length === 1 && this.session.commands.length === 0;
      if ((first && GREETING_CODES.has(reply.code)) || reply.code === '421') reply.answers = 'connection';
      return;
    }
    if (this.session.replies.length === 1 && reply.code === '220' && this.pending.every((c) => !KNOWN_VERBS.has(c.verb))) {
      // What went out before the greeting and is no SMTP (a PROXY protocol header) gets no reply.
      reply.answers = 'connection';
      this.pending.length = 0;
      return;
    }
    reply.answers = head;
    head.replies.push(reply);
    if (head.verb === 'AUTH' && reply.code === '334') return;
    if (head.verb === 'DATA' && this.intermediateToData(head, reply)) return;
    if (this.content?.command === head) this.content = undefined;
    this.pending.shift();
    this.afterFinalReply(head, reply);
  }

  /** DATA's 354 (any 3xx), PRDR's 353 and the per-recipient replies after it leave DATA waiting. */
  private intermediateToData(data: Command, reply: Reply): boolean {
    const prdr = this.prdrRemaining.get(data);
    if (prdr !== undefined && prdr > 0) {
      this.prdrRemaining.set(data, prdr - 1);
      return true;
    }
    if (!reply.code.startsWith('3')) return false;
    if (this.contentEnded.has(data)) {
      // After the content: PRDR (draft-hall-prdr) answers each accepted recipient before the final reply.
      const transaction = this.transactionOf.get(data);
      if (reply.code === '353' && transaction?.mail.params.some((p) => p.keyword === 'PRDR')) {
        this.prdrRemaining.set(data, transaction.recipients.filter((r) => r.command.replies.at(-1)?.code.startsWith('2')).length);
      }
      return true;
    }
    if (this.content?.command === data) this.content.early = false;
    else this.content = { command: data };
    return true;
  }

  private afterFinalReply(command: Command, reply: Reply): void {
    const ok = reply.code.startsWith('2');
    if (command.verb === 'EHLO' || command.verb === 'LHLO') {
      if (ok) {
        this.session.capabilities = capabilitiesOf(reply);
        this.session.capabilitiesReply = reply;
      }
    } else if (command.verb === 'STARTTLS' && reply.code === '220') {
      this.session.tlsStarted = true;
      this.session.capabilities = new Map();
      this.session.capabilitiesReply = undefined;
    } else if (command.verb === 'DATA') {
      const transaction = this.transactionOf.get(command);
      if (transaction) transaction.verdict = reply;
    } else if (command.verb === 'BDAT') {
      // A chunk's 250 is no verdict on the message: only the LAST chunk's reply, or a refusal, is.
      const transaction = this.transactionOf.get(command);
      if (transaction && (!ok || command.params.some((p) => p.keyword === 'LAST'))) transaction.verdict = reply;
    }
  }

  finish(): Session {
    this.closeOpenReply(false);
    const s = this.session;
    s.serverOnly = s.commands.length === 0 && s.replies.length > 0;
    s.dialect = sessionDialect(s.lines);
    for (const t of s.transactions) {
      for (const r of t.recipients) r.reply = r.command.replies.at(-1);
    }
    return s;
  }
}

/** The dialect most of a session's traffic is written in (its notes count only when it has none). */
function sessionDialect(lines: readonly TranscriptLine[]): DialectId {
  const traffic = new Map<DialectId, number>();
  const notes = new Map<DialectId, number>();
  for (const line of lines) {
    if (line.dialect === 'unprefixed') continue;
    const counts = TRAFFIC.has(line.kind) ? traffic : notes;
    counts.set(line.dialect, (counts.get(line.dialect) ?? 0) + 1);
  }
  const counts = traffic.size > 0 ? traffic : notes;
  let best: DialectId = 'unprefixed';
  let bestCount = 0;
  for (const [dialect, count] of counts) {
    if (count > bestCount) [best, bestCount] = [dialect, count];
  }
  // The Exim test client writes sendmail's ">>> "/"<<< " lines between its own "??? " expectations.
  if (best === 'sendmail' && notes.has('exim-client')) return 'exim-client';
  return best;
}

/** EHLO keywords from the lines after the first of a 250 reply. */
export function capabilitiesOf(reply: Reply): Map<string, string[]> {
  const caps = new Map<string, string[]>();
  for (const line of reply.lines.slice(1)) {
    const words = line.text.trim().split(/[\s=]+/).filter(Boolean);
    if (words.length === 0) continue;
    caps.set(words[0].toUpperCase(), words.slice(1));
  }
  return caps;
}

/**
 * The lines of a document, by number. An array is one; the server gives a view over its
 * TextDocument, whose line offsets follow edits, so a re-read never splits the whole text again.
 */
export interface LineSource {
  readonly length: number;
  at(index: number): string | undefined;
  /** How a line ends; without it every line counts as ending in LF. */
  endAt?(index: number): LineEnd;
}

/** A part of a document to read: its lines [from, to), numbered as in the whole document. */
export interface ReadWindow {
  lines: LineSource;
  from: number;
  to: number;
  /** The whole document's answer to "does it use prefixes?", so a part reads as it would in the whole. */
  prefixed: boolean;
  /**
   * Lines where sessions are known to start (those after an edit): once the window is read, the
   * reader goes on until it opens a session on one of these, and stops there, so a window never
   * ends in the middle of what the whole document would read as one session.
   */
  resumeAt?: ReadonlySet<number>;
}

/** Reads a transcript of any supported dialect into sessions of paired commands and replies. */
export function readTranscript(text: string): TranscriptModel {
  const lines = linesWithEnds(text);
  const prefixed = usesPrefixes(lines);
  return { kind: 'transcript', lineCount: lines.length, prefixed, sessions: readSessions({ lines, from: 0, to: lines.length, prefixed }) };
}

/** The sessions of a window of lines, and the line where reading stopped. */
export function readSessions(window: ReadWindow): Session[] {
  return readWindow(window).sessions;
}

export function readWindow(window: ReadWindow): { sessions: Session[]; stoppedAt: number } {
  const { lines, prefixed, resumeAt } = window;
  const endAt = (line: number): LineEnd => lines.endAt?.(line) ?? LineEnd.LF;
  const end = resumeAt ? lines.length : window.to;
  let stoppedAt = end;
  const byId = new Map<string, SessionBuilder>();
  const channels = new Map<string, SessionBuilder>();
  const counter = { commands: 0, replies: 0 };
  const all: SessionBuilder[] = [];
  let current: SessionBuilder | undefined;
  let justOpened = false;
  let preferred: DialectId | undefined;
  const bindChannel = (channel: string, builder: SessionBuilder): void => {
    channels.set(channel, builder);
    builder.channel = channel;
  };
  const open = (lineNo: number, dialect: DialectId, id?: string): SessionBuilder => {
    const builder = new SessionBuilder(0, lineNo, dialect, id, counter, endAt);
    all.push(builder);
    return builder;
  };

  for (let i = window.from; i < end; i++) {
    const raw = lines.at(i) ?? '';
    const match = raw === '' ? undefined : matchDialect(raw, preferred);
    if (match && match.side !== 'meta' && !match.loose) preferred = match.dialect;
    let continuations: Continuation[] | undefined;
    if (match?.dialect === 'postfix-inout') {
      // Postfix wraps long transcript lines: the indented lines after this one carry the rest.
      while (i + 1 < end && isWrappedContinuation(lines.at(i + 1) ?? '')) {
        const next = lines.at(++i) ?? '';
        const indent = next.length - next.trimStart().length;
        (continuations ??= []).push({ line: i, column: indent, text: next.trim() });
      }
    }
    const lineNo = continuations ? i - continuations.length : i;
    let target: SessionBuilder | undefined;
    if (match?.sessionId !== undefined) {
      target = byId.get(match.sessionId);
      if (!target || (match.opensSession && target.hasTraffic)) {
        target = open(lineNo, match.dialect, match.sessionId);
        byId.set(match.sessionId, target);
      }
    } else {
      target = current;
      if (match?.channel !== undefined) {
        // Conversations logged together (an Exim callout inside an incoming session, Postfix
        // processes side by side) keep their own sessions; each resumes where it left off.
        const bound = channels.get(match.channel);
        if (bound && !justOpened) target = bound;
        else if (target && (target.channel === undefined || justOpened)) bindChannel(match.channel, target);
        else target = undefined;
        justOpened = false;
      }
      const text = match ? match.text : raw;
      const startsAnother = target !== undefined && (
        (match?.opensSession === true && target.hasTraffic)
        || ((match?.side === 'server' || match?.side === 'either' || (!match && !prefixed)) && target.isNewGreeting(text)));
      if (!target || startsAnother) {
        if (resumeAt && lineNo >= window.to && resumeAt.has(lineNo)) {
          stoppedAt = lineNo;
          break;
        }
        target = open(lineNo, match?.dialect ?? 'unprefixed');
        if (match?.channel !== undefined) bindChannel(match.channel, target);
      }
      if (match?.opensSession) justOpened = true;
      current = target;
    }
    target.add(lineNo, raw, match, prefixed, continuations);
  }
  const built = all.map((builder) => ({ builder, session: builder.finish() }));
  // Notes before the first connection (a log's header, a debug preamble) are no session of their own
  // when the document has real ones; a connection attempt with no traffic still is.
  const anyTraffic = built.some(({ builder }) => builder.hasTraffic);
  const sessions = built
    .filter(({ builder, session }) => session.lines.some((l) => l.kind !== 'blank') && (builder.hasTraffic || builder.opened || !anyTraffic))
    .map(({ session }) => session);
  sessions.sort((a, b) => a.startLine - b.startLine);
  sessions.forEach((s, index) => { s.index = index; });
  return { sessions, stoppedAt };
}

/** Whether the document marks directions with prefixes, judged on its first lines. */
export function usesPrefixes(lines: LineSource): boolean {
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines.at(i) ?? '';
    if (line.trim() === '') continue;
    const match = matchDialect(line);
    if (match && match.side !== 'meta' && !match.loose) return true;
    if (++seen >= SNIFF_LINES) break;
  }
  return false;
}
