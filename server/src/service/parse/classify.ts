/**
 * Content detection: whether text that the editor opened as plain text or a generic log is an SMTP
 * transcript or a mail log, judged by the same readers that read those languages. The editor asks
 * with the first lines of a document; a wrong offer costs the user's trust, so the verdict wants
 * structure (commands answered by replies, lines a mail log reader knows), never one keyword.
 */
import type { ContentClassification } from '../../../../protocol';
import type { DialectId, TranscriptModel } from './model';
import { readLog } from './log/log-reader';
import { forEachLine } from './log/lines';
import { readTranscript } from './transcript/transcript-reader';
import { KNOWN_VERBS } from './transcript/codes';
import { isValidReplyCode } from './transcript/reply-line';

/** How much of a document is read to decide: enough for a session or a few minutes of log. */
export const DETECT_SAMPLE_LINES = 200;
export const DETECT_SAMPLE_CHARS = 64 * 1024;

/** Below this share of known lines nothing is offered: the text is mostly something else. */
const MIN_CONFIDENCE = 0.3;
/** A log needs this many lines of a mail program (a lone postfix line in a system log is not a mail log). */
const MIN_LOG_LINES = 2;
/** This many lines of mail programs make a mail log even among other daemons' lines (dovecot, amavis). */
const MANY_LOG_LINES = 10;

/** The first lines of `text` (leading blank lines skipped), at most DETECT_SAMPLE_LINES / DETECT_SAMPLE_CHARS. */
export function detectionSample(text: string): string {
  const start = text.search(/\S/);
  if (start < 0) return '';
  const lineStart = text.lastIndexOf('\n', start) + 1;
  const head = text.slice(lineStart, lineStart + DETECT_SAMPLE_CHARS);
  let end = 0;
  for (let n = 0; n < DETECT_SAMPLE_LINES; n++) {
    const next = head.indexOf('\n', end);
    if (next < 0) return head;
    end = next + 1;
  }
  return head.slice(0, end);
}

/**
 * What the text is, or undefined when it is neither an SMTP transcript nor a mail log this
 * extension reads. Reads at most the sample of detectionSample().
 */
export function classifyContent(text: string): ContentClassification | undefined {
  const sample = detectionSample(text);
  let sampled = 0;
  forEachLine(sample, (line) => {
    if (line.trim() !== '') sampled++;
  });
  if (sampled === 0) return undefined;
  // A bounce saved as text quotes a transcript, but it is a message: its headers come first.
  if (looksLikeMessage(sample)) return { kind: 'message', languageId: 'eml', format: 'rfc5322', confidence: 1, sampled, known: sampled };
  const log = logVerdict(sample, sampled);
  const transcript = transcriptVerdict(sample, sampled);
  const best = log && (!transcript || log.confidence >= transcript.confidence) ? log : transcript;
  return best && best.confidence >= MIN_CONFIDENCE ? best : undefined;
}

function logVerdict(sample: string, sampled: number): ContentClassification | undefined {
  const model = readLog(sample);
  const format = model.formats[0];
  if (!format) return undefined;
  const known = Object.values(model.formatLines).reduce((sum, n) => sum + n, 0);
  if (known < Math.min(MIN_LOG_LINES, sampled)) return undefined;
  // A system log where mail programs wrote a good many of the lines is a mail log with neighbours.
  const confidence = known >= MANY_LOG_LINES ? Math.max(MIN_CONFIDENCE, known / sampled) : known / sampled;
  return { kind: 'log', languageId: 'maillog', format, confidence, sampled, known };
}

/**
 * A transcript shows commands the readers know answered by replies with valid codes, or (Exim's
 * -bh test, a server's replies on their own) several valid replies, one of them multi-line or
 * carrying an enhanced status code, so that a list of HTTP statuses does not pass.
 */
function transcriptVerdict(sample: string, sampled: number): ContentClassification | undefined {
  const model = readTranscript(sample);
  const tally = tallyTranscript(model);
  // A prefixed exchange (">>> RCPT TO:" answered by "<<< 550 5.1.1") is a transcript on its own; text
  // without prefixes needs more, and replies without commands need a shape only SMTP gives them.
  // FTP and NNTP share codes and QUIT, HELP, NOOP with SMTP: only mail's own verbs count here.
  const structured = tally.answered >= 2 || (tally.answered >= 1 && (tally.replies >= 2 || model.prefixed)) || tally.esmtpReplies >= 1;
  if (!structured) return undefined;
  const format = [...tally.dialectLines.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'unprefixed';
  const known = Math.min(tally.knownLines, sampled);
  return { kind: 'transcript', languageId: 'smtp', format, confidence: known / sampled, sampled, known };
}

/** Verbs no other line protocol uses (FTP, NNTP and POP share QUIT, HELP, NOOP and AUTH with SMTP). */
const MAIL_VERBS: ReadonlySet<string> = new Set(['HELO', 'EHLO', 'LHLO', 'MAIL', 'RCPT', 'DATA', 'BDAT', 'VRFY', 'EXPN', 'ETRN', 'ATRN', 'BURL', 'XCLIENT', 'XFORWARD', 'SEND', 'SOML', 'SAML', 'STARTTLS']);

interface TranscriptTally {
  /** Commands with a verb only mail uses (EHLO, MAIL, RCPT, DATA ...) that got a reply with a valid code. */
  answered: number;
  /** Replies with a valid code. */
  replies: number;
  /**
   * Replies only SMTP writes so: an EHLO-style 250 reply of three lines or more, a greeting that names
   * (E)SMTP, or one of several replies that carries an enhanced status code.
   */
  esmtpReplies: number;
  /** Lines that belong to SMTP: those commands and replies, message content and AUTH lines between them, and the dialect's own notes in a prefixed transcript. */
  knownLines: number;
  /** Lines of commands and replies per dialect. */
  dialectLines: Map<DialectId, number>;
}

function tallyTranscript(model: TranscriptModel): TranscriptTally {
  const tally: TranscriptTally = { answered: 0, replies: 0, esmtpReplies: 0, knownLines: 0, dialectLines: new Map() };
  const count = (dialect: DialectId): void => {
    tally.knownLines++;
    tally.dialectLines.set(dialect, (tally.dialectLines.get(dialect) ?? 0) + 1);
  };
  let enhanced = 0;
  for (const session of model.sessions) {
    for (const reply of session.replies) {
      if (!isValidReplyCode(reply.code)) continue;
      tally.replies++;
      if ((reply.code === '250' && reply.lines.length >= 3) || (reply.code === '220' && /\bE?SMTP\b/.test(reply.lines[0].text))) tally.esmtpReplies++;
      else if (reply.enhanced) enhanced++;
      for (const line of reply.lines) count(line.source.dialect);
    }
    for (const command of session.commands) {
      if (!KNOWN_VERBS.has(command.verb)) continue;
      if (MAIL_VERBS.has(command.verb) && command.replies.some((reply) => isValidReplyCode(reply.code))) tally.answered++;
      count(command.source.dialect);
      tally.knownLines += command.content.length + command.authResponses.length;
    }
    if (model.prefixed) {
      for (const line of session.lines) if (line.kind === 'meta' && line.dialect !== 'unprefixed') tally.knownLines++;
    }
  }
  if (enhanced >= 2) tally.esmtpReplies += enhanced;
  return tally;
}

/**
 * Whether text starts with the header block of a message: two or more header fields, the first on
 * the first line, one of them a field every message or bounce carries.
 */
export function looksLikeMessage(head: string): boolean {
  const block = head.split(/\r?\n\r?\n/)[0] ?? '';
  const headers = block.split(/\r?\n/).filter((line) => /^[A-Za-z][A-Za-z0-9-]*:[ \t]/.test(line)).length;
  return headers >= 2 && /^[A-Za-z][A-Za-z0-9-]*:/.test(block) && /^(?:Return-Path|Received|From|MIME-Version|Message-ID|Date|To):/im.test(block);
}
