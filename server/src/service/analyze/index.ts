import type { TranscriptModel } from '../parse';
import type { Finding, Rule, RuleContext } from './finding';
import { invalidReplyCode } from './rules/invalid-reply-code';

export * from './finding';

/** Every rule, in the order their findings are listed. */
export const RULES: readonly Rule[] = [invalidReplyCode];

/** Runs every rule over the model; stops early, returning what it has, when `isCancelled` says so. */
export function analyze(model: TranscriptModel, context: RuleContext, isCancelled: () => boolean = () => false): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (isCancelled()) break;
    findings.push(...rule.check(model, context));
  }
  return findings;
}
