import type { Command, Reply, TranscriptModel } from '../parse';
import { consequenceReplies } from './consequences';
import { commandText, forwardPath, impliedCommandText, namedAddress, replyMeaning, serverText } from './describe';
import type { Finding, Rule, RuleContext, Severity } from './finding';

/** Which failed replies a failure rule reports. */
export interface FailureRuleSpec {
  id: string;
  defaultSeverity: Severity;
  /** Message key: {0} the command, {1} the reply's meaning, {2} the server's text. */
  message: string;
  matches(reply: Reply, command: Command | undefined): boolean;
}

/**
 * A rule that reports replies refusing a command (or the connection): one finding on the reply
 * code, naming the command it answered, with what the quick fixes need in `data`.
 */
export function failureRule(spec: FailureRuleSpec): Rule {
  return {
    id: spec.id,
    defaultSeverity: spec.defaultSeverity,
    check(model: TranscriptModel, { catalog, language }: RuleContext): Finding[] {
      const findings: Finding[] = [];
      for (const session of model.sessions) {
        for (const reply of session.replies) {
          const command = reply.answers === 'connection' ? undefined : reply.answers;
          if (!spec.matches(reply, command)) continue;
          // A refusal that only follows from an earlier one is reported once, at its cause.
          if (consequenceReplies(session).has(reply)) continue;
          // A 421 after the greeting closes the session; it refuses no connection (RFC 5321 §3.8).
          const closing = reply.code === '421' && reply.answers === 'connection' && reply !== session.replies[0];
          const label = command ? commandText(command) : reply.implied ? impliedCommandText(reply) : catalog.message('diagnostic.connection', language);
          const text = serverText(reply);
          const message = closing ? 'diagnostic.sessionClosed' : spec.message;
          const finding: Finding = {
            id: spec.id,
            severity: spec.defaultSeverity,
            span: reply.lines[0].codeSpan,
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
          if (command) finding.related = [{ span: command.verbSpan, message: commandText(command) }];
          findings.push(finding);
        }
      }
      return findings;
    },
  };
}

export const isPermanent = (reply: Reply): boolean => reply.code[0] === '5';
export const isTransient = (reply: Reply): boolean => reply.code[0] === '4';
