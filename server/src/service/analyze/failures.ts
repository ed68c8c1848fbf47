import type { Command, Reply, TranscriptModel } from '../parse';
import { commandText, forwardPath, replyMeaning, serverText } from './describe';
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
          const label = command ? commandText(command) : catalog.message('diagnostic.connection', language);
          const text = serverText(reply);
          const finding: Finding = {
            id: spec.id,
            severity: spec.defaultSeverity,
            span: reply.lines[0].codeSpan,
            message: catalog.message(spec.message, language, label, replyMeaning(reply, catalog, language), text ? ` — “${text}”` : ''),
            data: {
              code: reply.code,
              enhanced: reply.enhanced,
              command: command?.verb ?? 'CONNECT',
              forwardPath: forwardPath(reply),
              address: command?.path?.address,
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
