import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver-types';
import type { Catalog, Language } from '../catalog';
import { credentialsExposed } from '../analyze/rules/credentials-exposed';
import { lineEntry, transcriptOf, type DocumentModel } from '../parse';
import type { ServiceOptions } from './options';
import { EXPLAIN_COMMAND } from './pages';
import { toRange } from './ranges';


/**
 * Ids whose findings are failures: they get an "Explain" action. One at most per request, after
 * the fixes: comparisons with related codes live in the hover and the Explain page, not the lightbulb.
 */
const FAILURE_IDS = new Set([
  'smtp.rcpt-rejected', 'smtp.mail-rejected', 'smtp.data-rejected', 'smtp.auth-failed', 'smtp.command-rejected',
  'smtp.connection-refused', 'smtp.temporary-failure', 'smtp.will-forward', 'smtp.cannot-verify',
]);

/** Quick fixes for the diagnostics in the request's context, each reading the diagnostic's `data`. */
export function codeActions(model: DocumentModel, catalog: Catalog, uri: string, range: Range, context: { diagnostics: Diagnostic[] }, options: ServiceOptions): CodeAction[] {
  const lang = options.language;
  const actions: CodeAction[] = [];
  const explains: CodeAction[] = [];
  const edit = (title: string, diagnostic: Diagnostic, edits: TextEdit[], preferred = false): void => {
    actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: preferred, edit: { changes: { [uri]: edits } } });
  };
  for (const diagnostic of context.diagnostics) {
    const data = dataOf(diagnostic);
    const id = typeof diagnostic.code === 'string' ? diagnostic.code : '';
    switch (id) {
      case 'smtp.will-forward':
      case 'smtp.rcpt-rejected': {
        const forward = str(data.forwardPath);
        const path = lineEntry(transcriptOf(model), diagnostic.range.start.line)?.reply?.answers;
        if (forward && path && path !== 'connection' && path.verb === 'RCPT' && path.path) {
          const span = path.path.span;
          const bracketed = path.source.text.slice(span.start - path.source.column, span.end - path.source.column).startsWith('<');
          edit(catalog.message('fix.sendDirectly', lang, forward), diagnostic, [{ range: toRange(span), newText: bracketed ? `<${forward}>` : forward }], true);
        }
        break;
      }
      case 'smtp.credentials-exposed': {
        const replacement = str(data.replacement);
        if (replacement) edit(catalog.message('fix.redact', lang), diagnostic, [{ range: diagnostic.range, newText: replacement }], true);
        const all = redactAllEdits(model, catalog, lang);
        if (all.length > 1) edit(catalog.message('fix.redactAll', lang), diagnostic, all);
        break;
      }
      case 'smtp.auth-invalid-base64': {
        const encoded = str(data.encoded);
        if (encoded !== undefined) edit(catalog.message('fix.encodeBase64', lang), diagnostic, [{ range: diagnostic.range, newText: encoded }], true);
        break;
      }
      case 'smtp.auth-mechanism-unavailable': {
        const alternatives = Array.isArray(data.alternatives) ? data.alternatives.filter((m): m is string => typeof m === 'string' && /^[A-Z0-9_-]+$/.test(m)) : [];
        for (const mechanism of alternatives) edit(catalog.message('fix.useMechanism', lang, mechanism), diagnostic, [{ range: diagnostic.range, newText: mechanism }]);
        break;
      }
      case 'smtp.enhanced-class-mismatch': {
        const consistent = str(data.consistent);
        if (consistent && /^[245]\.\d{1,3}\.\d{1,3}$/.test(consistent)) edit(catalog.message('fix.enhancedConsistent', lang, consistent), diagnostic, [{ range: diagnostic.range, newText: consistent }], true);
        break;
      }
      case 'smtp.multiline-code-mismatch': {
        const expected = str(data.expected);
        if (expected && /^\d{3}$/.test(expected)) edit(catalog.message('fix.multilineConsistent', lang, expected), diagnostic, [{ range: diagnostic.range, newText: expected }], true);
        break;
      }
    }
    if (FAILURE_IDS.has(id)) explains.push(...explainAction(diagnostic, data, catalog, lang));
  }
  const meets = (a: CodeAction): boolean => rangesMeet(a.diagnostics?.[0]?.range ?? range, range);
  const explain = explains.find(meets);
  // Two findings on one reply would offer the same fix twice.
  const titles = new Set<string>();
  const fixes = actions.filter((a) => meets(a) && !titles.has(a.title) && titles.add(a.title));
  return [...fixes, ...(explain ? [explain] : [])];
}

/** Edits replacing every readable credential in the document with its redacted form. */
export function redactAllEdits(model: DocumentModel, catalog: Catalog, language: Language): TextEdit[] {
  return credentialsExposed.check(transcriptOf(model), { catalog, language })
    .map((f) => ({ range: toRange(f.span), newText: String(f.data?.replacement ?? '') }))
    .filter((e) => e.newText !== '');
}

/** "Explain 550 5.1.1": the page of the failure's code, through our own command. */
function explainAction(diagnostic: Diagnostic, data: Record<string, unknown>, catalog: Catalog, lang: Language): CodeAction[] {
  const code = str(data.code);
  if (!code || !/^\d{3}$/.test(code)) return [];
  const enhanced = str(data.enhanced);
  const command = str(data.command);
  const label = enhanced && /^[245]\.\d{1,3}\.\d{1,3}$/.test(enhanced) ? `${code} ${enhanced}` : code;
  const title = catalog.message('fix.explain', lang, label);
  return [{ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: EXPLAIN_COMMAND, arguments: [{ code: label, command }] } }];
}

function dataOf(diagnostic: Diagnostic): Record<string, unknown> {
  const data: unknown = diagnostic.data;
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function rangesMeet(a: Range, b: Range): boolean {
  return !(a.end.line < b.start.line || a.start.line > b.end.line);
}
