import type { Catalog, Language } from '../catalog';
import { columnsOf, type Reply, type Session, type SessionColumns, type Span, type TranscriptModel } from '../parse';
import type { SessionObjects } from '../parse/transcript/views';
import { memoOn } from '../parse/memo';
import { consequenceReplies } from './consequences';
import { commandText, forwardPath, impliedCommandText, namedAddress, replyMeaning, serverText } from './describe';
import { DeferredFinding, type Finding, type FindingDetails, type Rule, type RuleContext, type Severity } from './finding';

/** A reply as the store's columns give it: enough to decide whether a failure rule reports it. */
export interface ReplyFacts {
  /** The code of its first line, 0–999. */
  code: number;
  /** The verb (verbs.*) of the command it answers, RCPT for one the capture left out, or -1. */
  verb: number;
  /** It answers the connection: the greeting, or an unprompted 421. */
  connection: boolean;
  /** It answers a command the capture did not show (sendmail logs only the DATA of a pipelined RCPT group). */
  implied: boolean;
}

/** Which failed replies a failure rule reports. */
export interface FailureRuleSpec {
  id: string;
  defaultSeverity: Severity;
  /** Message key: {0} the command, {1} the reply's meaning, {2} the server's text. */
  message: string;
  /** Asked only of replies that report something: 4xx, 5xx, and the 251 and 252 that qualify an acceptance. */
  matches(reply: ReplyFacts): boolean;
}

const REPORTABLE = Symbol('reportable replies');

/** The numbers of a session's 4xx, 5xx, 251 and 252 replies: found once for the nine failure rules. */
function reportableReplies(columns: SessionColumns): number[] {
  return memoOn(columns.objects, REPORTABLE, findReportable);
}

/** Of the session whose objects these are (a function made once, not for each of the nine rules and each session). */
function findReportable(objects: SessionObjects): number[] {
  const found: number[] = [];
  const codes = objects.store.replyCode;
  for (let r = objects.ranges.firstReply; r < objects.ranges.replyEnd; r++) {
    const code = codes[r];
    if ((code >= 400 && code < 600) || code === 251 || code === 252) found.push(r);
  }
  return found;
}

/**
 * A rule that reports replies refusing a command (or the connection): one finding on the reply
 * code, naming the command it answered, with what the quick fixes need in `data`. Replies are
 * judged on the columns; the reply and command become objects only when a finding's message or
 * data is read (see DeferredFinding).
 */
export function failureRule(spec: FailureRuleSpec): Rule {
  // Filled anew for each reply it is asked about: one object per rule, not one per session analysed.
  const facts: ReplyFacts = { code: 0, verb: -1, connection: false, implied: false };
  return {
    id: spec.id,
    defaultSeverity: spec.defaultSeverity,
    check(model: TranscriptModel, { catalog, language }: RuleContext): Finding[] {
      const findings: Finding[] = [];
      for (const session of model.sessions) {
        const columns = columnsOf(session);
        for (const r of reportableReplies(columns)) {
          facts.code = columns.code(r);
          facts.verb = columns.answeredVerb(r);
          facts.connection = columns.answersConnection(r);
          facts.implied = facts.verb >= 0 && columns.answers(r) < 0;
          if (!spec.matches(facts)) continue;
          // A refusal that only follows from an earlier one is reported once, at its cause.
          if (consequenceReplies(session).has(r)) continue;
          // The code of the reply's first line (its codeSpan), read from the columns: the message and
          // data are worked out only for the findings that are shown.
          const first = columns.store.replyFirstEntry[r];
          const start = columns.store.entryColumn[first];
          const span = { line: columns.store.entryLine[first], start, end: start + 3 };
          findings.push(deferredFailure(spec, span, session, r - columns.firstReply, catalog, language));
        }
      }
      return findings;
    },
  };
}

/**
 * The finding, its details read when asked for. Made here, not in check(): a function made inside
 * the rule's loops would make V8 allocate the variables it holds for every reply the loop visits.
 */
function deferredFailure(spec: FailureRuleSpec, span: Span, session: Session, inSession: number, catalog: Catalog, language: Language): DeferredFinding {
  return new DeferredFinding(spec.id, spec.defaultSeverity, span, () => failureDetails(session, inSession, spec, catalog, language));
}

/** The message, data and related command of a failure finding on the reply `inSession` replies into `session`. */
function failureDetails(session: Session, inSession: number, spec: FailureRuleSpec, catalog: Catalog, language: Language): FindingDetails {
  const columns = columnsOf(session);
  const r = columns.firstReply + inSession;
  const reply = columns.reply(r);
  const command = reply.answers === 'connection' ? undefined : reply.answers;
  // A 421 after the greeting closes the session; it refuses no connection (RFC 5321 §3.8).
  const closing = reply.code === '421' && reply.answers === 'connection' && r !== columns.firstReply;
  const label = command ? commandText(command) : reply.implied ? impliedCommandText(reply) : catalog.message('diagnostic.connection', language);
  const text = serverText(reply);
  const message = closing ? 'diagnostic.sessionClosed' : spec.message;
  const details: FindingDetails = {
    message: closing
      ? catalog.message(message, language, replyMeaning(reply, catalog, language), text ? ` — “${text}”` : '')
      : catalog.message(message, language, label, replyMeaning(reply, catalog, language), text ? ` — “${text}”` : ''),
    data: {
      code: reply.code,
      enhanced: reply.enhanced,
      command: command?.verb ?? reply.implied ?? 'CONNECT',
      forwardPath: forwardPath(reply),
      address: command?.path?.address ?? (reply.implied ? namedAddress(reply) : undefined),
    },
  };
  if (command) details.related = [{ span: command.verbSpan, message: commandText(command) }];
  return details;
}

/** 5xx: refused for good. */
export const isPermanent = (reply: ReplyFacts | Reply): boolean => (typeof reply.code === 'number' ? reply.code >= 500 && reply.code < 600 : reply.code[0] === '5');
/** 4xx: refused for now. */
export const isTransient = (reply: ReplyFacts | Reply): boolean => (typeof reply.code === 'number' ? reply.code >= 400 && reply.code < 500 : reply.code[0] === '4');
