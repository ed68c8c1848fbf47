import type { Catalog, Language } from '../catalog';
import type { DocumentModel, Span, TranscriptModel } from '../parse';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** One thing a rule found. `data` is what the rule's quick fix needs. */
export interface Finding {
  /** Stable id, `smtp.<kebab-name>`: settings and quick fixes key on it. */
  id: string;
  severity: Severity;
  span: Span;
  message: string;
  data?: Record<string, unknown>;
  /** Lines that explain the finding (the command a reply answered, ...). */
  related?: Array<{ span: Span; message: string }>;
}

export interface RuleContext {
  catalog: Catalog;
  language: Language;
}

/** A rule reads a model of one kind and reports findings; one rule per file under analyze/. */
export interface Rule<M extends DocumentModel = TranscriptModel> {
  id: string;
  defaultSeverity: Severity;
  check(model: M, context: RuleContext): Finding[];
}

/** What a deferred finding works out only when it is read: its message, data and related lines. */
export interface FindingDetails {
  message: string;
  data?: Record<string, unknown>;
  related?: Array<{ span: Span; message: string }>;
}

/**
 * A finding whose id, severity and span are known at once and whose message, data and related lines
 * are worked out when first read. A 20 MB transcript has tens of thousands of findings and the
 * editor shows a thousand: making every message (the reply and command objects they name, the
 * catalog text) cost more than deciding what to report. `details` must not hold a session's objects,
 * which are let go after analysis: it reads them again from the session (which an edit carries to
 * its next store, so the details read there are of the same lines).
 */
export class DeferredFinding implements Finding {
  private worked: FindingDetails | undefined;

  constructor(readonly id: string, readonly severity: Severity, readonly span: Span, private readonly details: () => FindingDetails) {}

  get message(): string {
    return this.work().message;
  }

  get data(): Record<string, unknown> | undefined {
    return this.work().data;
  }

  get related(): Array<{ span: Span; message: string }> | undefined {
    return this.work().related;
  }

  /** The related lines if they were worked out already: an edit moves only those (the rest are read where they will be). */
  relatedSoFar(): Array<{ span: Span; message: string }> | undefined {
    return this.worked?.related;
  }

  private work(): FindingDetails {
    return (this.worked ??= this.details());
  }
}
