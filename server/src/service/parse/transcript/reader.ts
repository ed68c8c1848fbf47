import type { Command, DialectId, Reply, Session, TranscriptLine, TranscriptModel, Transaction } from '../model';
import { matchDialect, type DialectMatch } from './dialects';
import { looksLikeCommand, parseCommand } from './command-line';
import { looksLikeReply, parseReplyLine } from './reply-line';

/** How many non-blank lines decide whether a document uses prefixes at all. */
const SNIFF_LINES = 400;

/** Splits on CRLF, CR or LF, as editors do. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The reading state of one session while its lines arrive. */
class SessionBuilder {
  readonly session: Session;
  /** Commands still waiting for their final reply, oldest first. */
  private readonly pending: Command[] = [];
  private openReply?: Reply;
  /** DATA after its 354, or BDAT: where content lines go. */
  private content?: { command: Command; bdatRemaining?: number };
  private transaction?: Transaction;
  private readonly dialectCounts = new Map<DialectId, number>();

  constructor(index: number, startLine: number, dialect: DialectId, id: string | undefined, private readonly counter: { commands: number; replies: number }) {
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
    return this.session.commands.length > 0 && this.pending.length === 0 && !this.openReply && !this.content
      && text.startsWith('220');
  }

  add(lineNo: number, raw: string, match: DialectMatch | undefined, prefixed: boolean): void {
    if (match?.joined && match.text.includes('\\r\\n')) {
      // One written line carries several sent lines: read each as if it stood alone.
      let column = match.column;
      for (const part of match.text.split('\\r\\n')) {
        this.addOne(lineNo, raw, { ...match, column, text: part }, prefixed);
        column += part.length + 4;
      }
      return;
    }
    this.addOne(lineNo, raw, match, prefixed);
  }

  private addOne(lineNo: number, raw: string, match: DialectMatch | undefined, prefixed: boolean): void {
    const dialect: DialectId = match?.dialect ?? 'unprefixed';
    this.dialectCounts.set(dialect, (this.dialectCounts.get(dialect) ?? 0) + 1);
    const text = match ? match.text : raw;
    const line: TranscriptLine = {
      line: lineNo, direction: 'meta', kind: 'text', dialect, column: match ? match.column : 0, text,
      tls: this.session.tlsStarted || match?.tls === true, length: raw.length,
    };
    this.session.lines.push(line);
    this.session.endLine = lineNo;

    if (raw.trim() === '' && !this.content) {
      line.kind = 'blank';
      return;
    }
    // In a prefixed capture an unprefixed reply is the tool's own note (sendmail's verdict line),
    // unless a command is waiting for it (Postfix's test harness prints replies bare).
    const side = match ? match.side : !prefixed || (this.pending.length > 0 && looksLikeReply(text)) ? 'either' : 'meta';
    if (side === 'meta') {
      line.kind = /\bTLS (started|negotiated)|\bSSL\b.*\bstarted/i.test(text) ? 'tls' : 'meta';
      return;
    }
    const reply = side === 'server' || ((side === 'either') && looksLikeReply(text) && !this.content);
    if (!reply && this.content) {
      this.addContent(line);
      return;
    }
    if (reply) {
      line.direction = 'server';
      this.addReplyLine(line);
      return;
    }
    this.closeOpenReply(false);
    const auth = this.pending[0];
    if (auth?.verb === 'AUTH' && auth.replies.at(-1)?.code === '334') {
      line.direction = 'client';
      line.kind = 'auth-response';
      auth.authResponses.push(line);
      return;
    }
    if (looksLikeCommand(text) || (side === 'client' && !match?.loose)) {
      line.direction = 'client';
      line.kind = 'command';
      this.addCommand(line);
      return;
    }
    // An unprefixed line that is neither a reply nor a command: a note in the capture.
    line.kind = 'text';
  }

  private addContent(line: TranscriptLine): void {
    const content = this.content!;
    line.direction = 'client';
    if (content.bdatRemaining === undefined && line.text === '.') {
      line.kind = 'data-end';
      this.content = undefined;
      return;
    }
    line.kind = 'data';
    content.command.content.push(line);
    if (content.bdatRemaining !== undefined) {
      content.bdatRemaining -= line.text.length + 2;
      if (content.bdatRemaining <= 0) this.content = undefined;
    }
  }

  private addCommand(line: TranscriptLine): void {
    const command = parseCommand(line, this.counter.commands++, this.pending.length > 0);
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
        if (this.transaction) this.transaction.data = command;
        break;
      case 'BDAT': {
        if (this.transaction) this.transaction.data = command;
        const size = Number.parseInt(command.params[0]?.keyword ?? '', 10);
        if (size > 0) this.content = { command, bdatRemaining: size };
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

  private addReplyLine(line: TranscriptLine): void {
    const parsed = parseReplyLine(line);
    if (!parsed) {
      // Server text that is not a reply line (swaks "<** " notes, banners): keep it as a note.
      line.direction = 'server';
      line.kind = 'text';
      return;
    }
    line.kind = 'reply';
    if (this.content?.bdatRemaining !== undefined) this.content = undefined;
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
      const first = this.session.replies.length === 1 && this.session.commands.length === 0;
      if (first || reply.code === '421') reply.answers = 'connection';
      return;
    }
    reply.answers = head;
    head.replies.push(reply);
    if (head.verb === 'AUTH' && reply.code === '334') return;
    if (head.verb === 'DATA' && reply.code === '354') {
      this.content = { command: head };
      return;
    }
    this.pending.shift();
    this.afterFinalReply(head, reply);
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
    } else if (command.verb === 'DATA' || command.verb === 'BDAT') {
      const transaction = this.session.transactions.find((t) => t.data === command);
      if (transaction) transaction.verdict = reply;
    }
  }

  finish(): Session {
    this.closeOpenReply(false);
    const s = this.session;
    s.serverOnly = s.commands.length === 0 && s.replies.length > 0;
    let best: DialectId = s.dialect;
    let bestCount = 0;
    for (const [dialect, count] of this.dialectCounts) {
      if (dialect !== 'unprefixed' && count > bestCount) [best, bestCount] = [dialect, count];
    }
    s.dialect = bestCount > 0 ? best : 'unprefixed';
    for (const t of s.transactions) {
      for (const r of t.recipients) r.reply = r.command.replies.at(-1);
    }
    return s;
  }
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

/** Reads a transcript of any supported dialect into sessions of paired commands and replies. */
export function readTranscript(text: string): TranscriptModel {
  const lines = splitLines(text);
  const prefixed = usesPrefixes(lines);
  const sessions: Session[] = [];
  const byId = new Map<string, SessionBuilder>();
  const counter = { commands: 0, replies: 0 };
  let current: SessionBuilder | undefined;
  let preferred: DialectId | undefined;

  const open = (lineNo: number, dialect: DialectId, id?: string): SessionBuilder => {
    const builder = new SessionBuilder(sessions.length + byId.size, lineNo, dialect, id, counter);
    return builder;
  };
  const finished: SessionBuilder[] = [];

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const match = raw === '' ? undefined : matchDialect(raw, preferred);
    if (match && match.side !== 'meta') preferred = match.dialect;
    let target: SessionBuilder;
    if (match?.sessionId !== undefined) {
      let builder = byId.get(match.sessionId);
      if (!builder || (match.opensSession && builder.hasTraffic)) {
        if (builder) finished.push(builder);
        builder = open(i, match.dialect, match.sessionId);
        byId.set(match.sessionId, builder);
      }
      target = builder;
    } else {
      const text = match ? match.text : raw;
      const startsAnother = current !== undefined && (
        (match?.opensSession === true && current.hasTraffic)
        || ((match?.side === 'server' || match?.side === 'either' || (!match && !prefixed)) && current.isNewGreeting(text)));
      if (!current || startsAnother) {
        if (current) finished.push(current);
        current = open(i, match?.dialect ?? 'unprefixed');
      }
      target = current;
    }
    target.add(i, raw, match, prefixed);
  }
  if (current) finished.push(current);
  finished.push(...byId.values());
  for (const builder of finished) {
    const session = builder.finish();
    if (session.lines.some((l) => l.kind !== 'blank')) sessions.push(session);
  }
  sessions.sort((a, b) => a.startLine - b.startLine);
  sessions.forEach((s, index) => { s.index = index; });
  return { kind: 'transcript', lineCount: lines.length, sessions };
}

/** Whether the document marks directions with prefixes, judged on its first lines. */
function usesPrefixes(lines: readonly string[]): boolean {
  let seen = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const match = matchDialect(line);
    if (match && match.side !== 'meta') return true;
    if (++seen >= SNIFF_LINES) break;
  }
  return false;
}
