import type { Command, LineEnd, LineEntry, Reply, ReplyLine, Session, Transaction, TranscriptLine } from '../model';
import { DIALECT_IDS, DIRECTIONS, KIND_AUTH_RESPONSE, KIND_DATA, KIND_REPLY, LINE_KINDS, VERB_BDAT, VERB_DATA, VERB_EHLO, VERB_LHLO, VERB_RCPT, VERB_STARTTLS, endsTransaction, opensTransaction } from './codes';
import { parseCommand } from './command-line';
import { parseReplyLine } from './reply-line';
import { ANSWERS_CONNECTION, ANSWERS_UNLOGGED_RCPT, COMMAND_PIPELINED, COMMAND_UNANSWERABLE, continuationsAfter, INFO_CONTINUATION, INFO_DIRECTION, INFO_END, INFO_END_SHIFT, INFO_TLS, type StoreRanges, type TranscriptStore } from './store';
import { isWhitespace } from './text-scan';

/** A session's objects, made from the store: what features and tests read. */
export interface SessionView {
  lines: TranscriptLine[];
  commands: Command[];
  replies: Reply[];
  transactions: Transaction[];
  /** EHLO keywords (upper-case) and their parameters, from the latest EHLO reply. */
  capabilities: Map<string, string[]>;
  capabilitiesReply?: Reply;
  /** What stands on each line of the session, from its first line; made when first asked for. */
  index?: Array<LineEntry | undefined>;
}

/** A time column's value as the line object has it: NaN is no time. */
const timeOf = (seconds: number): number | undefined => (seconds === seconds ? seconds : undefined);

/** The TranscriptLine of entry `e`. */
function lineObject(store: TranscriptStore, e: number): TranscriptLine {
  const info = store.entryInfo[e];
  return {
    line: store.entryLine[e],
    direction: DIRECTIONS[info & INFO_DIRECTION],
    kind: LINE_KINDS[store.entryKind[e]],
    dialect: DIALECT_IDS[store.entryDialect[e]],
    column: store.entryColumn[e],
    text: store.entryText(e),
    tls: (info & INFO_TLS) !== 0,
    length: store.entryLength[e],
    end: ((info & INFO_END) >> INFO_END_SHIFT) as LineEnd,
    time: timeOf(store.entryTime[e]),
  };
}

/**
 * A session's objects, made from the store one at a time as they are asked for, and kept: a rule
 * that reads the columns makes only the reply and command it reports, not the whole session.
 * Whatever is made is the same object the whole view holds later (view() completes it).
 */
export class SessionObjects {
  /**
   * The objects made so far, each list made when its first object is: the rules ask for the objects
   * of every session (to keep what they work out on them) and make none for most.
   */
  private madeLines: TranscriptLine[] | undefined;
  private madeCommands: Command[] | undefined;
  private madeReplies: Reply[] | undefined;
  private whole: SessionView | undefined;

  constructor(readonly store: TranscriptStore, readonly ranges: StoreRanges) {}

  private get lines(): TranscriptLine[] {
    return (this.madeLines ??= new Array(this.ranges.entryEnd - this.ranges.firstEntry));
  }

  private get commands(): Command[] {
    return (this.madeCommands ??= new Array(this.ranges.commandEnd - this.ranges.firstCommand));
  }

  private get replies(): Reply[] {
    return (this.madeReplies ??= new Array(this.ranges.replyEnd - this.ranges.firstReply));
  }

  /** The line of entry `e` (an entry of this session). */
  line(e: number): TranscriptLine {
    return (this.lines[e - this.ranges.firstEntry] ??= lineObject(this.store, e));
  }

  /** Command `c` (a command of this session), with its content, AUTH responses and replies. */
  command(c: number): Command {
    const at = c - this.ranges.firstCommand;
    const made = this.commands[at];
    if (made) return made;
    const store = this.store;
    const entry = store.commandEntry[c];
    const command = parseCommand(this.line(entry), c, (store.commandFlags[c] & COMMAND_PIPELINED) !== 0,
      continuationsAfter(store, entry, this.ranges.entryEnd, (e) => this.line(e).text));
    // Kept before its replies are made: each of them answers it.
    this.commands[at] = command;
    for (let e = entry + 1; e <= store.commandLastOwned[c]; e++) {
      if (store.entryOwner[e] !== c || (store.entryInfo[e] & INFO_CONTINUATION) !== 0) continue;
      const kind = store.entryKind[e];
      if (kind === KIND_DATA) command.content.push(this.line(e));
      else if (kind === KIND_AUTH_RESPONSE) command.authResponses.push(this.line(e));
    }
    if ((store.commandFlags[c] & COMMAND_UNANSWERABLE) !== 0) command.unanswerable = true;
    const from = store.commandFirstReply[c];
    if (from >= 0) for (let r = from; r < from + store.commandReplyCount[c]; r++) command.replies.push(this.reply(r));
    return command;
  }

  /** Reply `r` (a reply of this session), with its lines and the command it answers. */
  reply(r: number): Reply {
    const at = r - this.ranges.firstReply;
    const made = this.replies[at];
    if (made) return made;
    const store = this.store;
    const replyLines: ReplyLine[] = [];
    for (let e = store.replyFirstEntry[r]; e <= store.replyLastEntry[r]; e++) {
      if (store.entryKind[e] !== KIND_REPLY || store.entryOwner[e] !== r || (store.entryInfo[e] & INFO_CONTINUATION) !== 0) continue;
      const parsed = parseReplyLine(this.line(e));
      if (!parsed) continue;
      for (const c of continuationsAfter(store, e, this.ranges.entryEnd, (n) => this.line(n).text)) parsed.text += ' ' + c.text;
      replyLines.push(parsed);
    }
    const first = replyLines[0];
    const reply: Reply = { index: r, code: first?.code ?? store.replyCodeText(r), lines: replyLines, complete: store.replyComplete[r] === 1 };
    if (first?.enhanced) reply.enhanced = first.enhanced.code;
    // Kept before the command it answers is made: that command lists it among its replies.
    this.replies[at] = reply;
    const answers = store.replyAnswers[r];
    if (answers === ANSWERS_CONNECTION) reply.answers = 'connection';
    else if (answers === ANSWERS_UNLOGGED_RCPT) reply.implied = 'RCPT';
    else if (answers >= 0) reply.answers = this.command(answers);
    return reply;
  }

  /** Every object of the session, with its transactions and capabilities. */
  view(): SessionView {
    if (this.whole) return this.whole;
    const { firstEntry, entryEnd, firstCommand, commandEnd, firstReply, replyEnd } = this.ranges;
    for (let e = firstEntry; e < entryEnd; e++) this.line(e);
    for (let c = firstCommand; c < commandEnd; c++) this.command(c);
    for (let r = firstReply; r < replyEnd; r++) this.reply(r);
    const { transactions, capabilities, capabilitiesReply } = derived(this.store, firstCommand, commandEnd, this.commands, this.replies, firstReply);
    const view: SessionView = { lines: this.lines, commands: this.commands, replies: this.replies, transactions, capabilities };
    if (capabilitiesReply) view.capabilitiesReply = capabilitiesReply;
    return (this.whole = view);
  }
}

/**
 * What follows from the commands and their replies in order: the transactions (MAIL opens one,
 * RSET and a new greeting close it), each one's verdict, and the capabilities of the latest EHLO.
 */
function derived(store: TranscriptStore, firstCommand: number, commandEnd: number, commands: Command[], replies: Reply[], firstReply: number) {
  const transactions: Transaction[] = [];
  const transactionOf = new Map<number, Transaction>();
  let open: Transaction | undefined;
  for (let c = firstCommand; c < commandEnd; c++) {
    const command = commands[c - firstCommand];
    const verb = store.commandVerb[c];
    if (opensTransaction(verb)) {
      open = { mail: command, recipients: [] };
      transactions.push(open);
      transactionOf.set(c, open);
    } else if (verb === VERB_RCPT) {
      open?.recipients.push({ command, address: command.path?.address ?? '' });
    } else if (verb === VERB_DATA || verb === VERB_BDAT) {
      if (open) {
        open.data = command;
        transactionOf.set(c, open);
      }
    } else if (endsTransaction(verb)) {
      open = undefined;
    }
  }
  let capabilities = new Map<string, string[]>();
  let capabilitiesReply: Reply | undefined;
  // Commands are completed in the order they were sent (replies pair first in, first out).
  for (let c = firstCommand; c < commandEnd; c++) {
    const final = store.commandFinal[c];
    if (final < 0) continue;
    const reply = replies[final - firstReply];
    const verb = store.commandVerb[c];
    const ok = reply.code.startsWith('2');
    if (verb === VERB_EHLO || verb === VERB_LHLO) {
      if (ok) {
        capabilities = capabilitiesOf(reply);
        capabilitiesReply = reply;
      }
    } else if (verb === VERB_STARTTLS && reply.code === '220') {
      capabilities = new Map();
      capabilitiesReply = undefined;
    } else if (verb === VERB_DATA) {
      const transaction = transactionOf.get(c);
      if (transaction) transaction.verdict = reply;
    } else if (verb === VERB_BDAT) {
      // A chunk's 250 is no verdict on the message: only the LAST chunk's reply, or a refusal, is.
      const transaction = transactionOf.get(c);
      if (transaction && (!ok || commands[c - firstCommand].params.some((p) => p.keyword === 'LAST'))) transaction.verdict = reply;
    }
  }
  for (const t of transactions) {
    for (const r of t.recipients) r.reply = r.command.replies.at(-1);
  }
  return { transactions, capabilities, capabilitiesReply };
}

/** EHLO keywords from the lines after the first of a 250 reply (or from its one line, as Exchange logs it). */
export function capabilitiesOf(reply: Reply): Map<string, string[]> {
  if (reply.lines.length === 1) return capabilitiesOfTexts(oneLineKeywordTexts(reply.lines[0].text));
  return capabilitiesOfTexts(reply.lines.slice(1).map((line) => line.text));
}

/**
 * Exchange 2013 and later log their EHLO reply on one line: "ex01.example.net Hello [203.0.113.9] SIZE 37748736
 * PIPELINING ... AUTH NTLM LOGIN ... CHUNKING". The words after "Hello [address]" are its keywords, one text per
 * keyword as the lines of a multi-line reply would hold them: a number is the parameter of the keyword before it,
 * and so are the SASL mechanisms after AUTH or X-EXPS. Any other one-line reply advertises nothing (none).
 */
export function oneLineKeywordTexts(text: string): string[] {
  const hello = /^\S+ Hello \[[^\]\s]*\] +(?=[A-Z0-9-]+(?: |$))/.exec(text);
  if (!hello) return [];
  const texts: string[] = [];
  let takesMechanisms = false;
  for (const word of text.slice(hello[0].length).split(' ')) {
    if (!word) continue;
    const parameter = texts.length > 0 && (/^\d+$/.test(word) || (takesMechanisms && SASL_MECHANISMS.has(word.toUpperCase())));
    if (parameter) {
      texts[texts.length - 1] += ` ${word}`;
    } else {
      texts.push(word);
      takesMechanisms = /^(?:AUTH|X-EXPS)$/i.test(word);
    }
  }
  return texts;
}

/** The mechanisms Exchange names after AUTH and X-EXPS, and the other common ones. */
const SASL_MECHANISMS = new Set(['PLAIN', 'LOGIN', 'NTLM', 'GSSAPI', 'XOAUTH2', 'OAUTHBEARER', 'CRAM-MD5', 'DIGEST-MD5', 'EXCHANGEAUTH', 'EXTERNAL', 'ANONYMOUS']);

/** EHLO keywords from the texts of a 250 reply's lines after the first. */
export function capabilitiesOfTexts(texts: readonly string[]): Map<string, string[]> {
  const caps = new Map<string, string[]>();
  for (const text of texts) {
    const words = keywordWords(text);
    if (words.length === 0) continue;
    const keyword = words[0].toUpperCase();
    const known = caps.get(keyword);
    // A keyword may stand on several lines (`250-AUTH PLAIN`, `250-AUTH LOGIN`, `250-AUTH=LOGIN`): all count.
    if (known) for (const word of words.slice(1)) {
      if (!known.some((k) => k.toUpperCase() === word.toUpperCase())) known.push(word);
    }
    else caps.set(keyword, words.slice(1));
  }
  return caps;
}

/** The words of an EHLO line, split at white space and "=" (`AUTH=LOGIN PLAIN`, `SIZE 10240000`). */
function keywordWords(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x3d;
    const separator = c === 0x3d || isWhitespace(c);
    if (separator && start >= 0) {
      words.push(text.slice(start, i));
      start = -1;
    } else if (!separator && start < 0) {
      start = i;
    }
  }
  return words;
}

/** A session whose objects are made from a store (session.ts). */
interface ViewedSession extends Session {
  view(): SessionView;
  store: TranscriptStore;
  ranges: StoreRanges;
}

/** What stands on `line` of a session: the last line read from it, and the command or reply there. */
export function entryOnLine(session: Session, line: number): LineEntry | undefined {
  const view = (session as ViewedSession).view();
  const index = view.index ??= lineIndex(session, view);
  return index[line - session.startLine];
}

/** The document lines a session read, without making its objects. */
export function sessionLineNumbers(session: Session): number[] {
  const { store, ranges } = session as ViewedSession;
  return Array.from(store.entryLine.subarray(ranges.firstEntry, ranges.entryEnd));
}

function lineIndex(session: Session, view: Pick<SessionView, 'lines' | 'commands' | 'replies'>): Array<LineEntry | undefined> {
  const base = session.startLine;
  const index: Array<LineEntry | undefined> = new Array(Math.max(0, session.endLine - base + 1));
  for (const line of view.lines) index[line.line - base] = { session, line };
  for (const command of view.commands) {
    const entry = index[command.source.line - base];
    if (entry) entry.command = command;
  }
  for (const reply of view.replies) {
    for (const replyLine of reply.lines) {
      const entry = index[replyLine.source.line - base];
      if (entry) {
        entry.reply = reply;
        entry.replyLine = replyLine;
      }
    }
  }
  return index;
}
