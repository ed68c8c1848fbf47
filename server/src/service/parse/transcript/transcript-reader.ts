import { LineEnd, type Command, type DialectId, type Session, type TranscriptModel } from '../model';
import {
  DIALECT_IDS, DIRECTION_CLIENT, DIRECTION_SERVER, KIND_AUTH_RESPONSE, KIND_BLANK, KIND_COMMAND, KIND_DATA, KIND_DATA_END, KIND_META, KIND_REPLY,
  KIND_TEXT, KIND_TLS, VERB_AUTH, VERB_BDAT, VERB_DATA, VERB_MAIL, VERB_OTHER, VERB_RCPT, VERB_STARTTLS, VERB_ATRN, VERB_TURN, VERB_XCLIENT,
  dialectNumber, endsTransaction, isTrafficKind,
} from './codes';
import { documentMarksReceiver, isWrappedContinuation, matchDialect, type DialectMatch, type Side } from './dialects';
import { parseCommand, type Continuation } from './command-line';
import { lineTime, type LineTime } from './line-time';
import { TextLines, type LineSource } from './lines';
import { replyLineFlags } from './reply-line';
import { StoredSession } from './session';
import { ANSWERS_CONNECTION, ANSWERS_UNLOGGED_RCPT, COMMAND_UNANSWERABLE, continuationsAfter, INFO_CONTINUATION, INFO_DIRECTION, INFO_END, INFO_END_SHIFT, type LineMove, type StoreRanges, type StoreSize, type TranscriptStore } from './store';
import { StoreWriter } from './store-writer';
import { isBlank, replyCodeAt, replySeparatorAt, skipWhitespace, verbAt } from './text-scan';

export type { LineSource } from './lines';
export { splitLines } from './lines';

/** How many non-blank lines decide whether a document uses prefixes at all. */
const SNIFF_LINES = 400;

/** Codes a server may open a connection with: 220, or 554 / RFC 7504's 521 for no service, and 421. */
const isGreetingCode = (code: number): boolean => code === 220 || code === 421 || code === 521 || code === 554;

/** Commands whose reply is a 220 in the same session: STARTTLS, ATRN's role reversal, Postfix's XCLIENT restart. */
const isAnsweredBy220 = (verb: number): boolean => verb === VERB_STARTTLS || verb === VERB_ATRN || verb === VERB_XCLIENT;

const isIntermediate = (code: number): boolean => code >= 300 && code < 400;

const SENDMAIL = dialectNumber('sendmail');

const TLS_NOTE = /\bTLS (started|negotiated)|\bSSL\b.*\bstarted/i;

/** A tool's note that the connection is gone: no reply can follow (Exim "SMTP(closed)<<", swaks, TLS failure). */
const CLOSED_NOTE = /\(closed\)<<|\bconnection closed\b|\bclosed connection\b|^Failed to start TLS/i;

/** A refusal after which the server drops the connection (Exim: "554 SMTP synchronization error"). */
const CLOSING_REPLY = /synchroni[sz]ation error|closing (?:connection|channel|transmission channel)|too many (?:unrecognized|nonmail) commands/i;

/** A stage direction in an RFC or README example ("C: <open connection to server>"), not sent text. */
const isStageDirection = (text: string): boolean => {
  const trimmed = text.trim();
  return trimmed.length > 2 && trimmed[0] === '<' && trimmed[trimmed.length - 1] === '>' && !trimmed.includes('@') && / /.test(trimmed);
};

/**
 * A line that stands for a BDAT chunk in an RFC's example ("(First 10000 octets of canonical MIME
 * message data)", RFC 3030): the chunk is shown elided, so it ends with this line.
 */
const CHUNK_STAND_IN = /^\([^()]*\b(?:octets|bytes)\b[^()]*\)$/i;

/** Where content lines go: DATA after its 354 (or sent straight after DATA), or a BDAT chunk. */
interface ContentState {
  command: number;
  /** BDAT: octets of the chunk still to come. */
  bdat: boolean;
  bdatRemaining: number;
  /** DATA content sent before the 354 arrived (the Exim test client does this). */
  early: boolean;
}

/**
 * The reading state of one session while its lines arrive. It writes what it reads into the
 * store's columns: entries for lines, commands, replies and what each reply answers.
 */
class SessionReader {
  startLine: number;
  endLine: number;
  /** Commands still waiting for their final reply, oldest first. */
  private readonly pending: number[] = [];
  private openReply = -1;
  private content?: ContentState;
  /** The MAIL command of the open transaction, or -1. */
  private transaction = -1;
  /** DATA commands whose content has ended ("." seen): a later 3xx does not open content again. */
  private contentEnded?: Set<number>;
  /** DATA with PRDR: per-recipient replies still expected after the 353. */
  private prdrRemaining?: Map<number, number>;
  /** Which flow ('in' or 'out') carries the server's lines, once a line has shown it. */
  private serverFlow?: 'in' | 'out';
  /** The session shows a sendmail or Exim test client dialogue: its ">>> " lines are all sent text. */
  private sendmailDialogue = false;
  /** The dialect of the first command: ">>> " debug lines never count as commands among another's. */
  private clientDialect = -1;
  /** The command on the latest sent line, while nothing else has been read since: what a test driver's bare "OK" answers. */
  private lastSent = -1;
  /** sendmail dialogue: the DATA whose final reply came last, while no command followed (see closeOpenReply). */
  private answeredData = -1;
  /** The latest ">>> " line read as a note, while nothing else with a prefix came after it. */
  private lastNote = -1;
  /** How the line being read ended on the wire, when its dialect shows the bytes (see DialectMatch.end). */
  private wireEnd?: LineEnd;
  /** The time written before the line being read (line-time.ts), NaN when none; and the column after it. */
  private time = NaN;
  private timeEnd = 0;
  /** A note said the connection is gone: what is sent after it can get no reply. */
  private closed = false;
  /** The Exim test client stated what it waits for ("??? 250") since the last command line. */
  private awaited = false;
  /**
   * ATRN (RFC 2645) or TURN got its 250: the roles turn, and what follows is another session in
   * which the side that was the client speaks as the server (its lines still carry the client's marks).
   */
  turned = false;
  /** This session follows a turn: its client-marked lines are the server's and the other way round. */
  reversed = false;
  /** The session shows the Exim test client ("??? " lines), which logs every command it sends. */
  private eximClient = false;
  /** A line opened this session (swaks "=== Trying", curl "* Trying", "Connecting to", Exchange "+"). */
  opened = false;
  /** The conversation of a log that interleaves several (see DialectMatch.channel) this session reads. */
  channel?: string;
  tlsStarted = false;
  commandCount = 0;
  /** Replies read to their end (or cut off); the one being read is not yet counted. */
  closedReplies = 0;
  /** Entries, commands and replies this session wrote: where they start, how many, the last one. */
  firstEntry = -1;
  lastEntry = -1;
  entryCount = 0;
  firstCommand = -1;
  firstReply = -1;
  replyCount = 0;

  constructor(readonly number: number, startLine: number, readonly dialect: DialectId, readonly id: string | undefined,
    private readonly out: StoreWriter, private readonly lines: LineSource, private readonly endAt: (line: number) => LineEnd) {
    this.startLine = startLine;
    this.endLine = startLine;
  }

  get hasTraffic(): boolean {
    return this.commandCount > 0 || this.closedReplies > 0;
  }

  /** A 220 arriving with nothing pending after commands were sent starts another connection. */
  isNewGreeting(text: string): boolean {
    if (this.commandCount === 0 || this.openReply >= 0 || this.content || replyCodeAt(text, 0, text.length) !== 220) return false;
    // Commands still waiting do not hold a session open once it has had replies (a capture cut
    // short, then the next connection), unless they are the ones a 220 answers. Before any reply,
    // waiting commands (a PROXY header, PIPECONNECT's early EHLO) are the greeting's own session.
    if (this.pending.length === 0) return true;
    return this.closedReplies > 0 && !isAnsweredBy220(this.out.commandVerb[this.pending[0]]);
  }

  add(lineNo: number, raw: string, match: DialectMatch | undefined, prefixed: boolean, continuations: readonly Continuation[] | undefined, time?: LineTime): void {
    if (match?.opensSession) this.opened = true;
    this.time = time ? time.seconds : NaN;
    this.timeEnd = time ? time.end : 0;
    if (this.reversed && match) match = turnedSide(match);
    if (match?.parts) {
      // One written line carries several sent lines: read each as if it stood alone.
      for (const part of match.parts) this.addOne(lineNo, raw, partOf(match, part.column, part.text, part.end), prefixed);
      return;
    }
    const first = this.out.entries;
    this.addOne(lineNo, raw, match, prefixed);
    if (!continuations) return;
    const out = this.out;
    for (const c of continuations) {
      // The rest of a wrapped line: same direction and kind as its start, and the same owner.
      const e = this.newEntry(c.line, c.column + c.text.length, out.entryDialect[first], c.column, c.text, undefined, false);
      out.entryInfo[e] = (out.entryInfo[e] & ~INFO_DIRECTION) | (out.entryInfo[first] & INFO_DIRECTION) | INFO_CONTINUATION;
      out.entryKind[e] = out.entryKind[first];
      out.entryOwner[e] = out.entryOwner[first];
    }
  }

  /**
   * A new entry for `text` on document line `lineNo`, whose raw line is `raw` when the text may have
   * been unquoted (undefined: the text stands at `column` of the document line as it is).
   */
  private newEntry(lineNo: number, length: number, dialect: number, column: number, text: string, raw: string | undefined, tls: boolean): number {
    const out = this.out;
    const plain = raw === undefined || raw.startsWith(text, column);
    const e = out.addEntry(this.number, lineNo, column, column + text.length, length, dialect, this.tlsStarted || tls, this.wireEnd ?? this.endAt(lineNo));
    out.entryTime[e] = this.time;
    if (!plain) out.texts.set(e, text);
    if (this.firstEntry < 0) this.firstEntry = e;
    else if (this.lastEntry !== e - 1) this.out.interleaved = true;
    this.lastEntry = e;
    this.entryCount++;
    this.endLine = lineNo;
    return e;
  }

  private addOne(lineNo: number, raw: string, match: DialectMatch | undefined, prefixed: boolean): void {
    const out = this.out;
    this.wireEnd = match?.end;
    let dialect = match ? dialectNumber(match.dialect) : dialectNumber('unprefixed');
    // A line no dialect claims is read after the time a logger wrote before it (Exim -d+timestamp
    // writes the further lines of a multi-line reply as "15:16:55        250-SIZE ..."), message
    // content aside: it is what was sent.
    let column = match ? match.column : this.content ? 0 : this.timeEnd;
    let text = match ? match.text : column > 0 ? raw.slice(column) : raw;
    if (match?.sendmailDialogue) this.sendmailDialogue = true;
    if (match?.dialect === 'exim-client') this.eximClient = true;
    if (raw.charCodeAt(0) === 0x3f && raw.startsWith('???')) this.awaited = true;

    if (!match && !this.content) {
      // Examples in RFCs and READMEs are indented; Exim debug and PHPMailer indent the further lines
      // of a multi-line reply.
      const indent = skipWhitespace(text, 0, text.length);
      if (indent > 0) {
        text = text.slice(indent);
        column += indent;
      }
      const open = this.openReply;
      if (open >= 0 && indent > 0 && replyCodeAt(text, 0, text.length) === out.replyCode[open]) {
        dialect = out.entryDialect[out.replyFirstEntry[open]];
        const e = this.newEntry(lineNo, raw.length, dialect, column, text, undefined, false);
        out.setDirection(e, DIRECTION_SERVER);
        this.addReplyLine(e, text);
        return;
      }
    }

    const e = this.newEntry(lineNo, raw.length, dialect, column, text, !match || match.verbatim ? undefined : raw, match?.tls === true);
    if (!this.content && isBlank(raw, 0, raw.length)) {
      out.entryKind[e] = KIND_BLANK;
      return;
    }
    // In a prefixed capture an unprefixed reply is the tool's own note (sendmail's verdict line),
    // unless a command is waiting for it (Postfix's test harness prints replies bare).
    // In a sendmail or Exim test client dialogue every server line is marked "<<< ": a bare one is the tool's.
    let side: Side = match ? this.resolveSide(match, text)
      : !prefixed || (!this.sendmailDialogue && this.pending.length > 0 && replyCodeAt(text, 0, text.length) >= 0) ? 'either' : 'meta';
    if (!match && this.lastSent >= 0 && out.entryDialect[out.commandEntry[this.lastSent]] === SENDMAIL && text.trim() === 'OK') {
      // A test driver (Postfix's smtpd_check) answers the line it was given with a bare "OK": no reply follows.
      this.answerWithoutReply(this.lastSent);
      out.entryKind[e] = KIND_META;
      return;
    }
    if (side === 'client' && !this.content && isStageDirection(text)) side = 'meta';
    if (match?.loose && side === 'client' && !this.sendmailDialogue) {
      // Exim writes its debug notes after ">>> " too: only a command, in a session of such lines, is sent text.
      const own = this.clientDialect < 0 || this.clientDialect === dialect;
      const inOwnContent = this.content !== undefined && out.entryDialect[out.commandEntry[this.content.command]] === dialect;
      if (!own || !(verbAt(text, 0, text.length) > 0 || inOwnContent)) side = 'meta';
    }
    if (side === 'meta') {
      out.entryKind[e] = TLS_NOTE.test(text) ? KIND_TLS : KIND_META;
      if (match) {
        this.lastSent = -1;
        this.lastNote = match.loose && match.side === 'client' ? e : -1;
      }
      if (CLOSED_NOTE.test(text)) {
        this.closePending();
        this.closed = true;
      }
      return;
    }
    const reply = side === 'server' || (side === 'either' && !this.content && replyCodeAt(text, 0, text.length) >= 0);
    if (!reply && this.content) {
      if (!(match?.noContent && side === 'client' && verbAt(text, 0, text.length) > 0)) {
        this.addContent(e, text, raw, match, prefixed);
        return;
      }
      // Dialects that never show the message: a command after DATA means the content went unseen.
      this.content = undefined;
    }
    if (reply) {
      if (!match && this.lastNote >= 0 && this.pending.length === 0 && this.openReply < 0 && !this.sendmailDialogue) {
        // A test driver's bare reply to the ">>> " line before it (Postfix's smtpd_check answers
        // "client host addr" as a connection and "rewrite" as a command): that line was sent text.
        const note = this.lastNote;
        const noteText = out.texts.get(note) ?? (this.lines.at(out.entryLine[note]) ?? '').slice(out.entryColumn[note], out.entryTextEnd[note]);
        const verb = verbAt(noteText, 0, noteText.length);
        out.setDirection(note, DIRECTION_CLIENT);
        out.entryKind[note] = KIND_COMMAND;
        this.addCommand(note, verb > 0 ? verb : VERB_OTHER, undefined, true, out.entryDialect[note]);
      }
      this.lastNote = -1;
      out.setDirection(e, DIRECTION_SERVER);
      this.lastSent = -1;
      this.addReplyLine(e, text);
      return;
    }
    this.closeOpenReply(false);
    if (isBlank(text, 0, text.length)) {
      // An empty line sent outside any content: no command.
      out.setDirection(e, DIRECTION_CLIENT);
      return;
    }
    const auth = this.pending.length > 0 ? this.pending[0] : -1;
    if (auth >= 0 && out.commandVerb[auth] === VERB_AUTH && out.commandReplyCount[auth] > 0
      && isIntermediate(out.replyCode[out.commandFirstReply[auth] + out.commandReplyCount[auth] - 1])) {
      out.setDirection(e, DIRECTION_CLIENT);
      out.entryKind[e] = KIND_AUTH_RESPONSE;
      out.entryOwner[e] = auth;
      out.commandLastOwned[auth] = e;
      return;
    }
    const verb = verbAt(text, 0, text.length);
    if (verb > 0 || (side === 'client' && (!match?.loose || this.sendmailDialogue))) {
      out.setDirection(e, DIRECTION_CLIENT);
      out.entryKind[e] = KIND_COMMAND;
      this.addCommand(e, verb > 0 ? verb : VERB_OTHER, match, side === 'client', dialect);
      return;
    }
    // An unprefixed line that is neither a reply nor a command: a note in the capture (kind 'text').
  }

  /** The side of a line, settling 'either' by the session's server flow once a line has shown it. */
  private resolveSide(match: DialectMatch, text: string): Side {
    if (match.side !== 'either' || !match.flow) return match.side;
    if (this.serverFlow) return match.flow === this.serverFlow ? 'server' : 'client';
    if (replyCodeAt(text, 0, text.length) >= 0) {
      this.serverFlow = match.flow;
      return 'server';
    }
    if (verbAt(text, 0, text.length) > 0) {
      this.serverFlow = match.flow === 'in' ? 'out' : 'in';
      return 'client';
    }
    return 'either';
  }

  private addContent(e: number, text: string, raw: string, match: DialectMatch | undefined, prefixed: boolean): void {
    const out = this.out;
    const content = this.content!;
    out.setDirection(e, DIRECTION_CLIENT);
    this.awaited = false;
    if (!content.bdat && text === '.') {
      out.entryKind[e] = KIND_DATA_END;
      if (this.smuggledEnd(e, content.command)) {
        // <LF>.<LF> in a capture that keeps CRLF: only a lenient server stops here. Read on as a strict
        // one does, so what follows stays the message (the smuggled part) until the real CRLF.CRLF.
        out.entryOwner[e] = content.command;
        return;
      }
      (this.contentEnded ??= new Set()).add(content.command);
      this.content = undefined;
      return;
    }
    out.entryKind[e] = KIND_DATA;
    out.entryOwner[e] = content.command;
    out.commandLastOwned[content.command] = e;
    if (!content.bdat) return;
    if (CHUNK_STAND_IN.test(text.trim())) {
      this.content = undefined;
      return;
    }
    const size = text.length + 2;
    if (size > content.bdatRemaining && match && content.bdatRemaining < text.length) {
      // The chunk ends inside this line: what follows was sent after it (a command, as a rule).
      const cut = content.bdatRemaining;
      const column = out.entryColumn[e];
      const override = out.texts.get(e);
      if (override !== undefined) out.texts.set(e, override.slice(0, cut));
      out.entryTextEnd[e] = column + cut;
      this.content = undefined;
      this.addOne(out.entryLine[e], raw, partOf(match, column + cut, text.slice(cut)), prefixed);
      return;
    }
    content.bdatRemaining -= size;
    if (content.bdatRemaining <= 0) this.content = undefined;
  }

  /** A "." entry made an end of data with a bare LF or CR (its own end or the line's before it) while DATA's line ended in CRLF. */
  private smuggledEnd(e: number, data: number): boolean {
    const out = this.out;
    const endOf = (entry: number): LineEnd => ((out.entryInfo[entry] & INFO_END) >> INFO_END_SHIFT) as LineEnd;
    if (endOf(out.commandEntry[data]) !== LineEnd.CRLF) return false;
    const bare = (end: LineEnd): boolean => end === LineEnd.LF || end === LineEnd.CR;
    return bare(endOf(e)) || (e > 0 && out.entrySession[e - 1] === this.number && bare(endOf(e - 1)));
  }

  private addCommand(e: number, verb: number, match: DialectMatch | undefined, sentByClient: boolean, dialect: number): void {
    const out = this.out;
    if (this.awaited && this.pending.length > 0 && out.entryLine[out.commandEntry[this.pending[this.pending.length - 1]]] !== out.entryLine[e]) {
      // The Exim test client waited for the replies it expected ("??? ", or "????" for one that may
      // not come) before this line: what is still waiting from an earlier line will get no reply.
      this.closePending();
    }
    this.awaited = false;
    const inTransaction = verb === VERB_RCPT || verb === VERB_DATA || verb === VERB_BDAT;
    const c = out.addCommand(this.number, e, verb, this.pending.length > 0, inTransaction ? this.transaction : -1);
    if (this.firstCommand < 0) this.firstCommand = c;
    if (this.clientDialect < 0) this.clientDialect = dialect;
    this.lastSent = c;
    this.lastNote = -1;
    this.answeredData = -1;
    // Written after the tool said the connection was gone (a test script goes on regardless).
    if (this.closed) out.commandFlags[c] |= COMMAND_UNANSWERABLE;
    this.commandCount++;
    this.pending.push(c);
    if (verb === VERB_MAIL) {
      this.transaction = c;
      out.commandTransaction[c] = c;
    } else if (verb === VERB_DATA) {
      // What the client sends before the 354 arrives is the message (or nothing, if it waits).
      if (sentByClient && !match?.noContent) this.content = { command: c, bdat: false, bdatRemaining: 0, early: true };
    } else if (verb === VERB_BDAT) {
      const size = Number.parseInt(this.parsedCommand(c).params[0]?.keyword ?? '', 10);
      if (size > 0 && !match?.noContent) this.content = { command: c, bdat: true, bdatRemaining: size, early: false };
    } else if (endsTransaction(verb)) {
      this.transaction = -1;
    }
  }

  private addReplyLine(e: number, text: string): void {
    const out = this.out;
    const code = replyCodeAt(text, 0, text.length);
    if (code < 0) {
      // Server text that is not a reply line (swaks "<** " notes, banners): keep it as a note.
      out.setDirection(e, DIRECTION_SERVER);
      out.entryKind[e] = KIND_TEXT;
      return;
    }
    out.entryKind[e] = KIND_REPLY;
    const content = this.content;
    const earlierCommand = content?.bdat === true && this.pending[0] !== content.command;
    if (content && !content.early && !earlierCommand) {
      // The server answers the content only once it is over: whatever was not shown of it has ended.
      // (A reply to an earlier command may arrive while a BDAT chunk is still being sent.)
      if (!content.bdat) (this.contentEnded ??= new Set()).add(content.command);
      this.content = undefined;
    }
    let r = this.openReply;
    if (r < 0) {
      r = out.addReply(this.number, e, code);
      if (this.firstReply < 0) this.firstReply = r;
      this.replyCount++;
      this.openReply = r;
    }
    out.entryOwner[e] = r;
    out.replyLastEntry[r] = e;
    out.replyLineCount[r]++;
    out.replyLineFlags[r] |= replyLineFlags(text, 0, text.length, code, out.replyCode[r]);
    if (replySeparatorAt(text, 0, text.length) !== '-') this.closeOpenReply(true);
  }

  /** Ends the reply being read (complete or cut off) and pairs it with what it answers. */
  private closeOpenReply(complete: boolean): void {
    const r = this.openReply;
    if (r < 0) return;
    const out = this.out;
    this.openReply = -1;
    out.replyComplete[r] = complete ? 1 : 0;
    this.closedReplies++;
    const code = out.replyCode[r];
    const pending = this.pending;
    if (pending.length === 0) {
      if (this.answeredData >= 0) {
        // sendmail shows only the DATA of a pipelined group: the replies before DATA's own (the last)
        // answer RCPT commands it never logged ("550 <x>... User unknown", then "503 Need RCPT").
        const data = this.answeredData;
        out.replyAnswers[out.commandFinal[data]] = ANSWERS_UNLOGGED_RCPT;
        out.replyAnswers[r] = data;
        out.commandFirstReply[data] = r;
        out.commandFinal[data] = r;
        return;
      }
      // The greeting, or a 421 at any time. A log that starts in the middle of a session may open
      // with any reply: that is no greeting.
      const first = this.closedReplies === 1 && this.commandCount === 0;
      if ((first && isGreetingCode(code)) || code === 421) out.replyAnswers[r] = ANSWERS_CONNECTION;
      return;
    }
    if (this.closedReplies === 1 && code === 220 && pending.every((c) => out.commandVerb[c] === VERB_OTHER)) {
      // What went out before the greeting and is no SMTP (a PROXY protocol header) gets no reply.
      out.replyAnswers[r] = ANSWERS_CONNECTION;
      this.closePending();
      return;
    }
    const head = pending[0];
    out.replyAnswers[r] = head;
    if (out.commandFirstReply[head] < 0) out.commandFirstReply[head] = r;
    out.commandReplyCount[head]++;
    const verb = out.commandVerb[head];
    if (verb === VERB_AUTH && code === 334) return;
    if (verb === VERB_DATA && this.intermediateToData(head, code)) return;
    if (this.content?.command === head) this.content = undefined;
    pending.shift();
    out.commandFinal[head] = r;
    if (verb === VERB_STARTTLS && code === 220) this.tlsStarted = true;
    if ((verb === VERB_ATRN || verb === VERB_TURN) && code === 250) this.turned = true;
    if (verb === VERB_DATA && this.sendmailDialogue && !this.eximClient && out.commandReplyCount[head] === 1 && this.out.entryDialect[out.commandEntry[head]] === SENDMAIL) this.answeredData = head;
    // 421 closes the connection (RFC 5321 §3.8): what was sent after the command it answers gets no
    // reply; so does Exim after a synchronization error or a reply that says it closes.
    if (code === 421 || (code >= 500 && pending.length > 0 && CLOSING_REPLY.test(this.replyText(r)))) this.closePending();
  }

  /** The text of a reply's first line. */
  private replyText(r: number): string {
    const e = this.out.replyFirstEntry[r];
    return this.out.texts.get(e) ?? (this.lines.at(this.out.entryLine[e]) ?? '').slice(this.out.entryColumn[e], this.out.entryTextEnd[e]);
  }

  /** The connection is gone: the commands still waiting will never see a reply. */
  private closePending(): void {
    for (const c of this.pending) this.out.commandFlags[c] |= COMMAND_UNANSWERABLE;
    this.pending.length = 0;
  }

  /** A command answered by something other than a reply (a test driver's "OK"). */
  private answerWithoutReply(command: number): void {
    const at = this.pending.indexOf(command);
    if (at >= 0) this.pending.splice(at, 1);
    this.out.commandFlags[command] |= COMMAND_UNANSWERABLE;
    this.lastSent = -1;
  }

  /** DATA's 354 (any 3xx), PRDR's 353 and the per-recipient replies after it leave DATA waiting. */
  private intermediateToData(data: number, code: number): boolean {
    const prdr = this.prdrRemaining?.get(data);
    if (prdr !== undefined && prdr > 0) {
      this.prdrRemaining!.set(data, prdr - 1);
      return true;
    }
    if (!isIntermediate(code)) return false;
    if (this.contentEnded?.has(data)) {
      // After the content: PRDR (draft-hall-prdr) answers each accepted recipient before the final reply.
      const mail = this.out.commandTransaction[data];
      if (code === 353 && mail >= 0 && this.commandHasParam(mail, 'PRDR')) {
        (this.prdrRemaining ??= new Map()).set(data, this.acceptedRecipients(mail));
      }
      return true;
    }
    if (this.content?.command === data) this.content.early = false;
    else this.content = { command: data, bdat: false, bdatRemaining: 0, early: false };
    return true;
  }

  /** Whether a command carries a parameter (read as the command parser reads it, wrapped lines and all). */
  private commandHasParam(command: number, keyword: string): boolean {
    return this.parsedCommand(command).params.some((p) => p.keyword === keyword);
  }

  /** A command as the command parser reads it, from the entries read so far (its wrapped lines too). */
  private parsedCommand(command: number): Command {
    const out = this.out;
    const entry = out.commandEntry[command];
    const text = (e: number): string => out.texts.get(e) ?? (this.lines.at(out.entryLine[e]) ?? '').slice(out.entryColumn[e], out.entryTextEnd[e]);
    const continuations = continuationsAfter(out, entry, out.entries, text);
    const source = { line: out.entryLine[entry], direction: 'client', kind: 'command', dialect: DIALECT_IDS[out.entryDialect[entry]], column: out.entryColumn[entry], text: text(entry), tls: false, length: 0, end: LineEnd.None } as const;
    return parseCommand(source, command, false, continuations);
  }

  /** RCPT commands of a transaction so far whose latest reply accepted them. */
  private acceptedRecipients(mail: number): number {
    const out = this.out;
    let accepted = 0;
    for (let c = mail + 1; c < out.commands; c++) {
      if (out.commandSession[c] !== this.number || out.commandVerb[c] !== VERB_RCPT || out.commandTransaction[c] !== mail) continue;
      const count = out.commandReplyCount[c];
      if (count > 0) {
        const code = out.replyCode[out.commandFirstReply[c] + count - 1];
        if (code >= 200 && code < 300) accepted++;
      }
    }
    return accepted;
  }

  finish(): void {
    this.closeOpenReply(false);
  }

  get serverOnly(): boolean {
    return this.commandCount === 0 && this.closedReplies > 0;
  }
}

/** The match with its client and server sides exchanged (a session after ATRN or TURN). */
function turnedSide(match: DialectMatch): DialectMatch {
  if (match.side === 'client') return { ...match, side: 'server' };
  if (match.side === 'server') return { ...match, side: 'client' };
  return match;
}

/** A match for one piece of a written line: the same dialect and side, its own column and text. */
function partOf(match: DialectMatch, column: number, text: string, end?: LineEnd): DialectMatch {
  return { ...match, column, text, parts: undefined, verbatim: undefined, end };
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
  resumeAt?: { has(line: number): boolean };
}

/** A session as read, before the store is frozen: what the reader settled and where its columns lie. */
interface ReadSession {
  number: number;
  startLine: number;
  endLine: number;
  dialect: DialectId;
  id?: string;
  tlsStarted: boolean;
  serverOnly: boolean;
  ranges?: StoreRanges;
  /** A session carried from an earlier store keeps its object. */
  carried?: StoredSession;
}

/**
 * Reads transcripts into one store: windows of lines (read anew) and sessions of an earlier store
 * (carried over, moved by a line delta), in document order.
 */
export class TranscriptReader {
  private readonly out: StoreWriter;
  private readonly sessions: ReadSession[] = [];
  private nextNumber = 0;

  constructor(private readonly lines: LineSource, expected: StoreSize = { entries: lines.length, commands: 64, replies: 64 }) {
    this.out = new StoreWriter(expected);
  }

  /** Reads the sessions of a window of lines; returns the line where reading stopped. */
  read(window: ReadWindow): number {
    const { lines, prefixed, resumeAt } = window;
    const out = this.out;
    const endAt = lines.endAt ? (line: number): LineEnd => lines.endAt!(line) : (): LineEnd => LineEnd.LF;
    const end = resumeAt ? lines.length : window.to;
    let stoppedAt = end;
    const byId = new Map<string, SessionReader>();
    const channels = new Map<string, SessionReader>();
    const all: SessionReader[] = [];
    let current: SessionReader | undefined;
    let justOpened = false;
    // RFC 821's "S:"/"R:" (sender, receiver) are read as that dialect from the first line; "S:" is otherwise the server.
    let preferred: DialectId | undefined = documentMarksReceiver((line) => lines.at(line), window.from, end, SNIFF_LINES) ? 'rfc821' : undefined;
    const bindChannel = (channel: string, reader: SessionReader): void => {
      channels.set(channel, reader);
      reader.channel = channel;
    };
    const open = (lineNo: number, dialect: DialectId, id?: string): SessionReader => {
      const reader = new SessionReader(this.nextNumber++, lineNo, dialect, id, out, lines, endAt);
      all.push(reader);
      return reader;
    };

    for (let i = window.from; i < end; i++) {
      const raw = lines.at(i) ?? '';
      const match: DialectMatch | undefined = raw === '' ? undefined : matchDialect(raw, preferred);
      const time = raw === '' ? undefined : lineTime(raw);
      if (match && match.side !== 'meta' && !match.loose) preferred = match.dialect;
      let continuations: Continuation[] | undefined;
      if (match?.dialect === 'postfix-inout') {
        // Postfix wraps long transcript lines: the indented lines after this one carry the rest.
        while (i + 1 < end && isWrappedContinuation(lines.at(i + 1) ?? '')) {
          const next = lines.at(++i) ?? '';
          const indent = skipWhitespace(next, 0, next.length);
          (continuations ??= []).push({ line: i, column: indent, text: next.trim() });
        }
      }
      const lineNo = continuations ? i - continuations.length : i;
      let target: SessionReader | undefined;
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
        const side = target?.reversed && match ? turnedSide(match).side : match?.side;
        const turned = target?.turned === true;
        const startsAnother = target !== undefined && (turned
          || (match?.opensSession === true && target.hasTraffic)
          || ((side === 'server' || side === 'either' || (!match && !prefixed)) && target.isNewGreeting(match ? match.text : raw))
          // The turned session ends the connection (RFC 2645: its QUIT is the last command of the connection):
          // a greeting in the server's own marks after it is the next connection's, with the roles as marked.
          || (target.reversed && match?.side === 'server' && target.isNewGreeting(match.text)));
        if (!target || startsAnother) {
          if (resumeAt && lineNo >= window.to && resumeAt.has(lineNo)) {
            stoppedAt = lineNo;
            break;
          }
          const previous = target;
          target = open(lineNo, match?.dialect ?? 'unprefixed');
          // After ATRN's 250 the same connection goes on with the roles turned (once more for another turn).
          if (turned) target.reversed = !previous!.reversed;
          if (match?.channel !== undefined) bindChannel(match.channel, target);
        }
        if (match?.opensSession) justOpened = true;
        current = target;
      }
      target.add(lineNo, raw, match, prefixed, continuations, time);
    }
    for (const reader of all) reader.finish();
    // Notes before the first connection (a log's header, a debug preamble) are no session of their own
    // when the document has real ones; a connection attempt with no traffic still is.
    const anyTraffic = all.some((reader) => reader.hasTraffic);
    const kept = all.filter((reader) => reader.entryCount > 0 && this.hasContent(reader) && (reader.hasTraffic || reader.opened || !anyTraffic));
    kept.sort((a, b) => a.startLine - b.startLine);
    for (const reader of kept) {
      const ranges: StoreRanges = {
        firstEntry: reader.firstEntry, entryEnd: reader.lastEntry + 1,
        firstCommand: reader.firstCommand < 0 ? out.commands : reader.firstCommand, commandEnd: reader.firstCommand < 0 ? out.commands : reader.firstCommand + reader.commandCount,
        firstReply: reader.firstReply < 0 ? out.replies : reader.firstReply, replyEnd: reader.firstReply < 0 ? out.replies : reader.firstReply + reader.replyCount,
      };
      this.sessions.push({
        number: reader.number, startLine: reader.startLine, endLine: reader.endLine, dialect: reader.dialect, id: reader.id,
        tlsStarted: reader.tlsStarted, serverOnly: reader.serverOnly, ranges,
      });
    }
    return stoppedAt;
  }

  private hasContent(reader: SessionReader): boolean {
    const out = this.out;
    for (let e = reader.firstEntry; e <= reader.lastEntry; e++) {
      if (out.entrySession[e] === reader.number && out.entryKind[e] !== KIND_BLANK) return true;
    }
    return false;
  }

  /** Sessions of an earlier store, their lines moved (see LineMove), in the place they take in document order. */
  carry(sessions: readonly Session[], move: LineMove): void {
    const moved = (line: number): number => (typeof move === 'number' ? line + move : move(line));
    // Sessions that lie one after another in the same store are copied as one run.
    for (let i = 0; i < sessions.length;) {
      const run = [storedSession(sessions[i])];
      while (i + run.length < sessions.length && follows(run[run.length - 1], storedSession(sessions[i + run.length]))) {
        run.push(storedSession(sessions[i + run.length]));
      }
      i += run.length;
      const numbers = run.map(() => this.nextNumber++);
      const ranges = this.out.carry(run[0].store, run.map((s) => s.ranges), move, numbers);
      run.forEach((session, k) => {
        this.sessions.push({
          number: numbers[k], startLine: moved(session.startLine), endLine: moved(session.endLine), dialect: session.dialect, id: session.id,
          tlsStarted: session.tlsStarted, serverOnly: session.serverOnly, ranges: ranges[k], carried: session,
        });
      });
    }
  }

  /** The store and its sessions, in the order they were read or carried. */
  finish(): { store: TranscriptStore; sessions: StoredSession[] } {
    const out = this.out;
    if (out.interleaved) {
      const gathered = out.gather(this.sessions.map((s) => s.number));
      this.sessions.forEach((s, i) => { s.ranges = gathered[i]; });
    }
    const store = out.freeze(this.lines);
    const sessions = this.sessions.map((s, index) => {
      const dialect = s.carried ? s.dialect : sessionDialect(store, s.ranges!);
      if (s.carried) {
        s.carried.moveTo(index, s.startLine, s.endLine, store, s.ranges!);
        return s.carried;
      }
      return new StoredSession(index, s.startLine, s.endLine, dialect, s.id, s.tlsStarted, s.serverOnly, store, s.ranges!);
    });
    return { store, sessions };
  }
}

function storedSession(session: Session): StoredSession {
  if (!(session instanceof StoredSession)) throw new Error('only sessions read into a store can be carried');
  return session;
}

/** True when `next` lies right after `previous` in the same store, entries, commands and replies alike. */
function follows(previous: StoredSession, next: StoredSession): boolean {
  const a = previous.ranges;
  const b = next.ranges;
  return previous.store === next.store && b.firstEntry === a.entryEnd && b.firstCommand === a.commandEnd && b.firstReply === a.replyEnd;
}

/** sessionDialect's counts, made once and cleared for each session (a 20 MB capture has 15,000 sessions). */
const TRAFFIC_COUNTS = new Int32Array(DIALECT_IDS.length);
const NOTE_COUNTS = new Int32Array(DIALECT_IDS.length);
const FIRST_SEEN = new Int32Array(DIALECT_IDS.length);

/** The dialect most of a session's traffic is written in (its notes count only when it has none). */
function sessionDialect(store: TranscriptStore, ranges: StoreRanges): DialectId {
  const traffic = TRAFFIC_COUNTS.fill(0);
  const notes = NOTE_COUNTS.fill(0);
  const unprefixed = dialectNumber('unprefixed');
  let anyTraffic = false;
  for (let e = ranges.firstEntry; e < ranges.entryEnd; e++) {
    const dialect = store.entryDialect[e];
    if (dialect === unprefixed) continue;
    if (isTrafficKind(store.entryKind[e])) {
      traffic[dialect]++;
      anyTraffic = true;
    } else {
      notes[dialect]++;
    }
  }
  const counts = anyTraffic ? traffic : notes;
  // Ties go to the dialect seen first, as they did when the counts were kept in order of appearance.
  const firstSeen = FIRST_SEEN.fill(-1);
  for (let e = ranges.firstEntry; e < ranges.entryEnd; e++) {
    const dialect = store.entryDialect[e];
    if (firstSeen[dialect] < 0 && dialect !== unprefixed && (anyTraffic ? isTrafficKind(store.entryKind[e]) : !isTrafficKind(store.entryKind[e]))) firstSeen[dialect] = e;
  }
  let best = unprefixed;
  let bestCount = 0;
  for (let d = 0; d < counts.length; d++) {
    if (counts[d] > bestCount || (counts[d] === bestCount && counts[d] > 0 && firstSeen[d] < firstSeen[best])) {
      best = d;
      bestCount = counts[d];
    }
  }
  // The Exim test client writes sendmail's ">>> "/"<<< " lines between its own "??? " expectations.
  if (DIALECT_IDS[best] === 'sendmail' && notes[dialectNumber('exim-client')] > 0) return 'exim-client';
  return DIALECT_IDS[best];
}

/** The model of windows of lines read into one store. */
export function readModel(lines: LineSource, windows: ReadonlyArray<{ from: number; to: number }>, prefixed: boolean, lineCount = lines.length): TranscriptModel {
  const reader = new TranscriptReader(lines, { entries: windows.reduce((n, w) => n + w.to - w.from, 0), commands: 64, replies: 64 });
  for (const window of windows) reader.read({ lines, from: window.from, to: window.to, prefixed });
  return { kind: 'transcript', lineCount, prefixed, sessions: reader.finish().sessions };
}

/** The sessions of one window of lines. */
export function readSessions(window: ReadWindow): Session[] {
  return readModel(window.lines, [window], window.prefixed).sessions;
}

/**
 * Reads a transcript of any supported dialect into sessions of paired commands and replies: a text,
 * or its lines where the host keeps them already (the server does).
 */
export function readTranscript(text: string | TextLines): TranscriptModel {
  const lines = typeof text === 'string' ? TextLines.of(text) : text;
  return readModel(lines, [{ from: 0, to: lines.length }], usesPrefixes(lines));
}

/** Whether the document marks directions with prefixes, judged on its first lines. */
export function usesPrefixes(lines: LineSource): boolean {
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines.at(i) ?? '';
    if (isBlank(line, 0, line.length)) continue;
    const match = matchDialect(line);
    if (match && ((match.side !== 'meta' && !match.loose) || match.marksPrefixed)) return true;
    if (++seen >= SNIFF_LINES) break;
  }
  return false;
}

