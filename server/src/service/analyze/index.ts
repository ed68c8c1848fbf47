import { transcriptOf, withScratchObjects, type DocumentModel, type LogModel, type MessageModel, type Session, type TranscriptModel } from '../parse';
import { DeferredFinding, type Finding, type Rule, type RuleContext } from './finding';
import { memoKept, memoOn } from '../parse/memo';
import type { Language } from '../catalog';
import { authFailed } from './rules/auth-failed';
import { authInvalidBase64 } from './rules/auth-invalid-base64';
import { authMechanismUnavailable } from './rules/auth-mechanism-unavailable';
import { authWithoutTls } from './rules/auth-without-tls';
import { cannotVerify } from './rules/cannot-verify';
import { commandAfterQuit } from './rules/command-after-quit';
import { commandRejected } from './rules/command-rejected';
import { connectionRefused } from './rules/connection-refused';
import { credentialsExposed } from './rules/credentials-exposed';
import { dataBareLineEnding } from './rules/data-bare-line-ending';
import { dataRejected } from './rules/data-rejected';
import { dataWithoutRecipients } from './rules/data-without-recipients';
import { enhancedClassMismatch } from './rules/enhanced-class-mismatch';
import { extensionNotAdvertised } from './rules/extension-not-advertised';
import { invalidReplyCode } from './rules/invalid-reply-code';
import { lineTooLong } from './rules/line-too-long';
import { slowReply } from './rules/slow-reply';
import { mailBeforeHelo } from './rules/mail-before-helo';
import { mailRejected } from './rules/mail-rejected';
import { malformedEnhancedCode } from './rules/malformed-enhanced-code';
import { missingReply } from './rules/missing-reply';
import { multilineCodeMismatch } from './rules/multiline-code-mismatch';
import { rcptBeforeMail } from './rules/rcpt-before-mail';
import { rcptRejected } from './rules/rcpt-rejected';
import { replyMismatch } from './rules/reply-mismatch';
import { sizeExceedsLimit } from './rules/size-exceeds-limit';
import { temporaryFailure } from './rules/temporary-failure';
import { unexpectedReply } from './rules/unexpected-reply';
import { unknownReplyCode } from './rules/unknown-reply-code';
import { unterminatedReply } from './rules/unterminated-reply';
import { willForward } from './rules/will-forward';
import { deliveryBounced } from './log/delivery-bounced';
import { deliveryDeferred } from './log/delivery-deferred';
import { deliveryExpired } from './log/delivery-expired';
import { incomingRejected } from './log/incoming-rejected';
import { autoReply } from './message/auto-reply';
import { deliveryDelayed } from './message/delivery-delayed';
import { dsnActionStatusMismatch } from './message/dsn-action-status-mismatch';
import { dsnInvalidField } from './message/dsn-invalid-field';
import { dsnMissingField } from './message/dsn-missing-field';
import { dsnStatusDiagnosticMismatch } from './message/dsn-status-diagnostic-mismatch';
import { feedbackReport } from './message/feedback-report';
import { hardBounce } from './message/hard-bounce';
import { softBounce } from './message/soft-bounce';
import { undeterminedBounce } from './message/undetermined-bounce';

export * from './finding';

/** Rules over SMTP dialogue, in the order their findings are listed: failures, validity, sequence, capabilities, security. */
export const TRANSCRIPT_RULES: readonly Rule<TranscriptModel>[] = [
  connectionRefused, mailRejected, rcptRejected, dataRejected, authFailed, commandRejected, temporaryFailure,
  willForward, cannotVerify,
  invalidReplyCode, unknownReplyCode, malformedEnhancedCode, enhancedClassMismatch, multilineCodeMismatch, unterminatedReply, lineTooLong, slowReply,
  mailBeforeHelo, rcptBeforeMail, dataWithoutRecipients, commandAfterQuit, unexpectedReply, missingReply, replyMismatch,
  extensionNotAdvertised, sizeExceedsLimit, authMechanismUnavailable,
  authWithoutTls, credentialsExposed, authInvalidBase64, dataBareLineEnding,
];

/** Rules over a message's own structure (DSN fields, bounce summary); its quoted dialogue gets TRANSCRIPT_RULES. */
export const MESSAGE_RULES: readonly Rule<MessageModel>[] = [
  hardBounce, softBounce, undeterminedBounce, deliveryDelayed, feedbackReport, autoReply,
  dsnActionStatusMismatch, dsnStatusDiagnosticMismatch, dsnMissingField, dsnInvalidField,
];

/** Rules over a mail log's deliveries; its dialogue lines get TRANSCRIPT_RULES. */
export const LOG_RULES: readonly Rule<LogModel>[] = [deliveryBounced, deliveryExpired, deliveryDeferred, incomingRejected];

/** Every rule of every kind: ids are unique across them. */
export const RULES: ReadonlyArray<Rule<TranscriptModel> | Rule<MessageModel> | Rule<LogModel>> = [...TRANSCRIPT_RULES, ...MESSAGE_RULES, ...LOG_RULES];

/**
 * Runs a document kind's own rules over the model, then the transcript rules over its SMTP dialogue;
 * stops early, returning what it has, when `isCancelled` says so. (analyze() in kinds/ picks the rules.)
 */
export function analyzeWith<M extends DocumentModel>(ownRules: readonly Rule<M>[], model: M, context: RuleContext, isCancelled: () => boolean = () => false): Finding[] {
  const findings: Finding[] = [];
  const run = <M extends DocumentModel>(rules: readonly Rule<M>[], target: M): void => {
    for (const rule of rules) {
      if (isCancelled()) return;
      // A loop, not push(...): a rule may return tens of thousands of findings.
      for (const finding of rule.check(target, context)) findings.push(finding);
    }
  };
  run(ownRules, model);
  const transcript = transcriptOf(model);
  for (const session of transcript.sessions) {
    if (isCancelled()) break;
    // After an edit all but a few sessions have theirs kept: taken without a call per session.
    const found = keptFindings(session, context.language) ?? withScratchObjects(session, () => sessionFindings(session, transcript.lineCount, context));
    for (let i = 0; i < found.length; i++) findings.push(found[i]);
  }
  return findings;
}

/**
 * Analyses the sessions of a model's dialogue one after another, keeping each one's findings with
 * it as analyze() does, and yields whenever `budgetMs` of work has gone by: a caller can answer
 * other requests between two slices, and analyze() afterwards only gathers what is kept. A 20 MB
 * transcript would otherwise hold the server for a second.
 */
export function* analysisSlices(model: DocumentModel, context: RuleContext, now: () => number = Date.now, budgetMs = 20): Generator<void, void, void> {
  const transcript = transcriptOf(model);
  let sliceStart = now();
  for (const session of transcript.sessions) {
    // Sessions analysed before (all but a few after an edit) cost no work, nor a look at the clock.
    if (keptFindings(session, context.language)) continue;
    withScratchObjects(session, () => sessionFindings(session, transcript.lineCount, context));
    if (now() - sliceStart >= budgetMs) {
      yield;
      sliceStart = now();
    }
  }
}

/**
 * Findings of one session, kept while the session object lives: every transcript rule looks at one
 * session at a time, so after an edit only the sessions the reader made anew are analysed again.
 */
const FINDINGS = Symbol('findings by language');
/** A session's findings by language: a plain object, where a Map cost 200 bytes for each of 20,000 sessions. */
type FindingsByLanguage = Partial<Record<Language, Finding[]>>;
const findingsOf = (session: Session): FindingsByLanguage => memoOn(session, FINDINGS, (): FindingsByLanguage => ({}));
/** What a session without findings keeps: one array for all of them. */
const NO_FINDINGS: Finding[] = [];

/** The findings kept for a session in a language, if it was analysed in it. */
function keptFindings(session: Session, language: Language): Finding[] | undefined {
  return memoKept<FindingsByLanguage>(session, FINDINGS)?.[language];
}

/** Moves the cached findings of sessions an edit moved; `moved` holds the spans already moved with them. */
export function shiftCachedFindings(sessions: readonly Session[], delta: number, moved: Set<object>): void {
  const span = (s: Finding['span']): void => {
    if (!moved.has(s)) {
      moved.add(s);
      s.line += delta;
    }
  };
  for (const session of sessions) {
    for (const found of Object.values(findingsOf(session))) {
      for (const finding of found) {
        span(finding.span);
        for (const r of (finding instanceof DeferredFinding ? finding.relatedSoFar() : finding.related) ?? []) span(r.span);
      }
    }
  }
}

function sessionFindings(session: Session, lineCount: number, context: RuleContext): Finding[] {
  const byLanguage = findingsOf(session);
  let found = byLanguage[context.language];
  if (!found) {
    found = [];
    const single: TranscriptModel = { kind: 'transcript', lineCount, prefixed: true, sessions: [session] };
    for (const rule of TRANSCRIPT_RULES) {
      const own = rule.check(single, context);
      for (let i = 0; i < own.length; i++) found.push(own[i]);
    }
    if (found.length === 0) found = NO_FINDINGS;
    byLanguage[context.language] = found;
  }
  return found;
}
