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

export interface ExplainArgs { code: string; command?: string }
export interface CompareArgs { a: string; b: string }

const CODE = /^[0-9.]{1,16}$/;
const VERB = /^[A-Z]{1,20}$/;

function validArgs(command: string, args: unknown): boolean {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return false;
  const record = args as Record<string, unknown>;
  const isCode = (value: unknown): boolean => typeof value === 'string' && CODE.test(value);
  const keys = Object.keys(record);
  if (command === EXPLAIN_COMMAND) {
    return isCode(record.code) && (record.command === undefined || (typeof record.command === 'string' && VERB.test(record.command)))
      && keys.every((k) => k === 'code' || k === 'command');
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
