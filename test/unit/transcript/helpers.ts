import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readTranscript } from '../../../server/src/service/parse/transcript/transcript-reader';
import type { Command, Reply, Session, TranscriptLine, TranscriptModel } from '../../../server/src/service/parse/model';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'transcripts');
/** ../shared/corpus beside the repository (CI lays shared/ there); may be missing. */
export const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus');
export const hasCorpus = existsSync(corpusDir);

export interface Read {
  text: string;
  /** The document's lines, as the reader splits them. */
  lines: string[];
  model: TranscriptModel;
}

export function read(text: string): Read {
  return { text, lines: text.split(/\r\n|\r|\n/), model: readTranscript(text) };
}

export function fixture(name: string): Read {
  return read(readFileSync(path.join(fixturesDir, name), 'utf8'));
}

/** The 0-based number of the n-th document line that contains `needle` (or matches it). */
export function lineOf(doc: Read, needle: string | RegExp, occurrence = 0): number {
  let seen = 0;
  for (let i = 0; i < doc.lines.length; i++) {
    const hit = typeof needle === 'string' ? doc.lines[i].includes(needle) : needle.test(doc.lines[i]);
    if (hit && seen++ === occurrence) return i;
  }
  throw new Error(`no line ${occurrence} with ${String(needle)}`);
}

export function sessionAt(doc: Read, line: number): Session {
  const session = doc.model.sessions.find((s) => s.lines.some((l) => l.line === line));
  if (!session) throw new Error(`line ${line} is in no session`);
  return session;
}

/** The (first) model line read from a document line. */
export function lineAt(doc: Read, line: number): TranscriptLine {
  return sessionAt(doc, line).lines.find((l) => l.line === line)!;
}

/** The command read from the document line that contains `needle` (the first command there). */
export function command(doc: Read, needle: string | RegExp, occurrence = 0): Command {
  const line = lineOf(doc, needle, occurrence);
  const found = sessionAt(doc, line).commands.find((c) => c.source.line === line);
  if (!found) throw new Error(`no command on line ${line}: ${doc.lines[line]}`);
  return found;
}

/** The reply that a line containing `needle` belongs to. */
export function reply(doc: Read, needle: string | RegExp, occurrence = 0): Reply {
  const line = lineOf(doc, needle, occurrence);
  const found = sessionAt(doc, line).replies.find((r) => r.lines.some((l) => l.source.line === line));
  if (!found) throw new Error(`no reply on line ${line}: ${doc.lines[line]}`);
  return found;
}

/** What a reply answers, as "VERB@line" or "connection" or "-". */
export function answers(r: Reply): string {
  if (r.answers === 'connection') return 'connection';
  return r.answers ? `${r.answers.verb}@${r.answers.source.line}` : '-';
}

/** The codes of the replies to a command, in order. */
export function codes(c: Command): string[] {
  return c.replies.map((r) => r.code);
}

/** Every session's commands as "VERB path" and replies as "code->VERB", for comparing models. */
export function outline(model: TranscriptModel): unknown {
  return model.sessions.map((s) => ({
    dialect: s.dialect,
    start: s.startLine,
    end: s.endLine,
    lines: s.lines.map((l) => [l.line, l.direction, l.kind, l.column, l.text, l.tls]),
    commands: s.commands.map((c) => [c.verb, c.path?.address, c.params.map((p) => p.keyword), c.pipelined, codes(c)]),
    replies: s.replies.map((r) => [r.code, r.enhanced, r.complete, r.lines.length, answers(r)]),
    transactions: s.transactions.map((t) => [t.mail.path?.address, t.recipients.map((r) => [r.address, r.reply?.code]), t.data?.verb, t.verdict?.code]),
    capabilities: [...s.capabilities],
    tlsStarted: s.tlsStarted,
    serverOnly: s.serverOnly,
  }));
}
