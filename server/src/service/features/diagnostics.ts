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
  const findings = inDocumentOrder(analyze(model, { catalog, language: options.language }, isCancelled));
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

const byPosition = (a: Finding, b: Finding): number => a.span.line - b.span.line || a.span.start - b.span.start;

/**
 * Findings sorted by where they stand (line, then column), in the order a stable sort gives.
 * They come nearly in that order (session after session, each session's in the order of its
 * rules), so an insertion sort moves few of them: a 20 MB transcript's 12,000 findings took a
 * comparison function call each, a dozen times over, in Array.prototype.sort on every edit. Past
 * a budget of moves (findings far out of order: a log's own rules come before its dialogue's),
 * Array.prototype.sort does it.
 */
export function inDocumentOrder(findings: Finding[]): Finding[] {
  let budget = 8 * findings.length + 1024;
  for (let i = 1; i < findings.length; i++) {
    const finding = findings[i];
    const { line, start } = finding.span;
    let hole = i;
    for (;;) {
      const before = findings[hole - 1]?.span;
      if (before === undefined || before.line < line || (before.line === line && before.start <= start)) break;
      findings[hole] = findings[hole - 1];
      hole--;
      if (--budget < 0) {
        findings[hole] = finding;
        return findings.sort(byPosition);
      }
    }
    findings[hole] = finding;
  }
  return findings;
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
