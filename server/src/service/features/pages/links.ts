/**
 * Command links for hovers ("Compare with 551"). Only our own two commands, only with arguments
 * that are codes we validated: nothing taken from a document can reach a link target. The client
 * trusts exactly these commands in hover Markdown (see client/src/common.ts).
 */
import { escapeMarkdown } from '../markdown';

import { COMMANDS, HOVER_LINK_COMMANDS } from '../../../../../protocol';

export const EXPLAIN_COMMAND = COMMANDS.explainCode;
export const COMPARE_COMMAND = COMMANDS.compareCodes;
/** The commands a hover link may run; the client's `isTrusted.enabledCommands` is the same list. */
export const LINK_COMMANDS: readonly string[] = HOVER_LINK_COMMANDS;

/** `code`: "550", "5.7.26" or "550 5.7.26"; `rule`: a provider rule id of data/providers.json. */
export interface ExplainArgs { code: string; command?: string; rule?: string }
export interface CompareArgs { a: string; b: string }

const CODE = /^[0-9.]{1,16}$/;
const REPLY_AND_ENHANCED = /^[2-5][0-9]{2} [245]\.[0-9]{1,3}\.[0-9]{1,3}$/;
const VERB = /^[A-Z]{1,20}$/;
const RULE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function validArgs(command: string, args: unknown): boolean {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return false;
  const record = args as Record<string, unknown>;
  const isCode = (value: unknown): boolean => typeof value === 'string' && CODE.test(value);
  const keys = Object.keys(record);
  if (command === EXPLAIN_COMMAND) {
    const code = record.code;
    return (isCode(code) || (typeof code === 'string' && REPLY_AND_ENHANCED.test(code)))
      && (record.command === undefined || (typeof record.command === 'string' && VERB.test(record.command)))
      && (record.rule === undefined || (typeof record.rule === 'string' && record.rule.length <= 60 && RULE.test(record.rule)))
      && keys.every((k) => k === 'code' || k === 'command' || k === 'rule');
  }
  if (command === COMPARE_COMMAND) return isCode(record.a) && isCode(record.b) && keys.every((k) => k === 'a' || k === 'b');
  return false;
}

/**
 * `[label](command:smtpLens.compareCodes?%5B%7B%22a%22...)`: a link running one of our commands
 * with validated arguments. Anything else — another command, a non-code argument — gives the
 * escaped label alone, never a link.
 */
export function commandLink(label: string, command: typeof EXPLAIN_COMMAND, args: ExplainArgs): string;
export function commandLink(label: string, command: typeof COMPARE_COMMAND, args: CompareArgs): string;
export function commandLink(label: string, command: string, args: unknown): string;
export function commandLink(label: string, command: string, args: unknown): string {
  if (!LINK_COMMANDS.includes(command) || !validArgs(command, args)) return escapeMarkdown(label);
  return `[${escapeMarkdown(label)}](command:${command}?${encodeURIComponent(JSON.stringify([args]))})`;
}
