import type { Language } from '../catalog';
import type { Severity } from '../analyze';

/** The settings every feature reads, already resolved from the user's configuration. */
export interface ServiceOptions {
  language: Language;
  /** Per diagnostic id: a severity, or 'off'. */
  severity: Record<string, Severity | 'off'>;
  /** Most diagnostics published for one document, the summary of what was left out included (EDITOR_PROBLEM_LIMIT at most from settings). */
  maxProblems: number;
  /** Above this size (bytes) a document is read only around what is looked at. */
  largeFileThreshold: number;
  /** Show decoded AUTH passwords and tokens instead of a mask. */
  revealSecrets: boolean;
  inlayHints: { authDecoding: boolean; replyNames: boolean; responseTimes: boolean };
  /** smtp.slow-reply: replies that took at least this many seconds. */
  slowReplySeconds: number;
}

/**
 * VS Code keeps 1,000 problems per file and drops the rest, errors kept first: our summary (an
 * information) would be the first to go. The setting is held to it, so that the summary stays.
 */
export const EDITOR_PROBLEM_LIMIT = 1000;

export const DEFAULT_OPTIONS: ServiceOptions = {
  language: 'en',
  severity: {},
  maxProblems: 1000,
  largeFileThreshold: 50 * 1024 * 1024,
  revealSecrets: false,
  inlayHints: { authDecoding: true, replyNames: true, responseTimes: true },
  slowReplySeconds: 10,
};

/** Turns a raw settings object (anything the client sent) into options, ignoring what is malformed. */
export function resolveOptions(raw: unknown, displayLanguage = 'en'): ServiceOptions {
  const settings = isRecord(raw) ? raw : {};
  const requested = settings.language;
  const language: Language = requested === 'en' || requested === 'zh-cn'
    ? requested
    : displayLanguage.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
  const severity: ServiceOptions['severity'] = {};
  const diagnostics = isRecord(settings.diagnostics) ? settings.diagnostics : {};
  if (isRecord(diagnostics.severity)) {
    for (const [id, value] of Object.entries(diagnostics.severity)) {
      if (value === 'error' || value === 'warning' || value === 'information' || value === 'hint' || value === 'off') severity[id] = value;
    }
  }
  const max = settings.maxProblems;
  const maxProblems = typeof max === 'number' && Number.isFinite(max) && max >= 1 ? Math.min(Math.floor(max), EDITOR_PROBLEM_LIMIT) : DEFAULT_OPTIONS.maxProblems;
  const auth = isRecord(settings.auth) ? settings.auth : {};
  const hints = isRecord(settings.inlayHints) ? settings.inlayHints : {};
  const threshold = settings.largeFileThresholdMB;
  const largeFileThreshold = typeof threshold === 'number' && Number.isFinite(threshold) && threshold > 0
    ? threshold * 1024 * 1024 : DEFAULT_OPTIONS.largeFileThreshold;
  return {
    language, severity, maxProblems, largeFileThreshold,
    revealSecrets: auth.revealSecrets === true,
    inlayHints: { authDecoding: hints.authDecoding !== false, replyNames: hints.replyNames !== false, responseTimes: hints.responseTimes !== false },
    slowReplySeconds: typeof diagnostics.slowReplySeconds === 'number' && Number.isFinite(diagnostics.slowReplySeconds) && diagnostics.slowReplySeconds > 0
      ? diagnostics.slowReplySeconds : DEFAULT_OPTIONS.slowReplySeconds,
  };
}

/** A plain object (not null, not an array): what settings and request parameters must be to be read. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
