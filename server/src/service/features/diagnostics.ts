import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog';
import { analysisSlices, analyze, type Finding, type Severity } from '../analyze';
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
 * Findings as LSP diagnostics: severities from the settings, at most `maxProblems` plus one summary.
 * With the document's `uri`, what a finding rests on elsewhere in the document is its related information.
 */
export function diagnostics(model: DocumentModel, catalog: Catalog, options: ServiceOptions, isCancelled?: () => boolean, uri?: string): Diagnostic[] {
  const findings = analyze(model, { catalog, language: options.language }, isCancelled)
    .sort((a, b) => a.span.line - b.span.line || a.span.start - b.span.start);
  const result: Diagnostic[] = [];
  let dropped = 0;
  for (const finding of findings) {
    const severity = options.severity[finding.id] ?? finding.severity;
    if (severity === 'off') continue;
    // The rule reports every reply of a second or more; the setting says from how long on it matters.
    if (finding.id === 'smtp.slow-reply' && Number(finding.data?.seconds) < options.slowReplySeconds) continue;
    if (result.length >= options.maxProblems) {
      dropped++;
      continue;
    }
    result.push(toDiagnostic(finding, severity, uri));
  }
  if (dropped > 0) {
    result.push({
      range: toRange({ line: 0, start: 0, end: 0 }),
      severity: DiagnosticSeverity.Information,
      code: 'smtp.too-many-problems',
      source: 'SMTP Lens',
      message: catalog.message('diagnostics.capped', options.language, options.maxProblems, dropped),
      data: { shown: options.maxProblems, dropped },
    });
  }
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
