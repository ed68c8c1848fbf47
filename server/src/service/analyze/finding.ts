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
