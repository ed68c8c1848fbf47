import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { TOO_MANY_PROBLEMS, type TooManyProblemsData } from '../../../../protocol';
import type { Catalog } from '../catalog';
import { analysisSlices, type Finding, type Severity } from '../analyze';
import { analyze } from '../kinds';
import type { DocumentModel } from '../parse';
import type { ServiceOptions } from './options';
import { toRange } from './ranges';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * The work of diagnostics() a slice at a time (see analysisSlices): run it to its end, answering
 * other requests between slices, and diagnostics() then only gathers the findings.
 */
export function diagnosticSlices(model: DocumentModel, catalog: Catalog, options: ServiceOptions, now?: () => number): Generator<void, void, void> {
  return analysisSlices(model, { catalog, language: options.language }, now);
}

/**
 * Findings as LSP diagnostics, severities from the settings. When there are more than
 * `maxProblems`, the first `maxProblems - 1` are published after one summary that says how many
 * there were in all and names the setting: first, and within the count, so no limit of the editor
 * can drop it.
 */
export function diagnostics(model: DocumentModel, catalog: Catalog, options: ServiceOptions, isCancelled?: () => boolean, uri?: string): Diagnostic[] {
  const findings = analyze(model, { catalog, language: options.language }, isCancelled)
    .sort((a, b) => a.span.line - b.span.line || a.span.start - b.span.start);
  const result: Diagnostic[] = [];
  const room = Math.max(0, options.maxProblems - 1);
  let total = 0;
  for (const finding of findings) {
    const severity = options.severity[finding.id] ?? finding.severity;
    if (severity === 'off') continue;
    // The rule reports every reply of a second or more; the setting says from how long on it matters.
    if (finding.id === 'smtp.slow-reply' && Number(finding.data?.seconds) < options.slowReplySeconds) continue;
    total++;
    if (result.length < options.maxProblems) result.push(toDiagnostic(finding, severity, uri));
  }
  if (total <= options.maxProblems) return result;
  result.length = room;
  const dropped = total - room;
  result.unshift({
    range: toRange({ line: 0, start: 0, end: 0 }),
    severity: DiagnosticSeverity.Information,
    code: TOO_MANY_PROBLEMS,
    source: 'SMTP Lens',
    message: catalog.message('diagnostics.capped', options.language, total, room, dropped),
    data: { total, shown: room, dropped, setting: 'smtpLens.maxProblems', limit: options.maxProblems } satisfies TooManyProblemsData,
  });
  return result;
}

function toDiagnostic(finding: Finding, severity: Severity, uri: string | undefined): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toRange(finding.span),
    severity: SEVERITY[severity],
    code: finding.id,
    source: 'SMTP Lens',
    message: finding.message,
    data: { id: finding.id, ...finding.data },
  };
  if (uri !== undefined && finding.related && finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((r) => ({ location: { uri, range: toRange(r.span) }, message: r.message }));
  }
  return diagnostic;
}
