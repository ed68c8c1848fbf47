import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { RULES } from './service';

/** SARIF 2.1.0 levels for our severities: information and hints are notes. */
const LEVELS: Record<number, 'error' | 'warning' | 'note'> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'note',
  [DiagnosticSeverity.Hint]: 'note',
};

/** The findings of `check` as one SARIF 2.1.0 log, for code-scanning tools. */
export function sarifLog(report: ReadonlyArray<{ file: string; diagnostics: Diagnostic[] }>, version: string): unknown {
  const ids = new Set(report.flatMap(({ diagnostics }) => diagnostics.map((d) => String(d.code))));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'SMTP Lens',
          version,
          rules: [...RULES.map((r) => r.id), 'smtp.too-many-problems'].filter((id) => ids.has(id)).map((id) => ({
            id,
            defaultConfiguration: { level: LEVELS[severityOf(id)] },
          })),
        },
      },
      results: report.flatMap(({ file, diagnostics }) => diagnostics.map((d) => ({
        ruleId: String(d.code),
        level: LEVELS[d.severity ?? DiagnosticSeverity.Error],
        message: { text: typeof d.message === 'string' ? d.message : d.message.value },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: file.split('\\').join('/') },
            region: {
              startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
            },
          },
        }],
      }))),
    }],
  };
}

function severityOf(id: string): DiagnosticSeverity {
  const severity = RULES.find((r) => r.id === id)?.defaultSeverity ?? 'information';
  return { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint }[severity];
}
