/**
 * "SMTP: 999 of 82,000 problems" in the status bar while the active file has more problems than
 * smtpLens.maxProblems: the Problems panel only shows the published ones, and VS Code's own notice
 * counts what it dropped, not what we did. A click opens the setting.
 */
import * as vscode from 'vscode';
import { TOO_MANY_PROBLEMS, type TooManyProblemsData } from '../../protocol';
import { LANGUAGE_IDS } from './languages';

interface Counts {
  total: number;
  shown: number;
}

/** The counts of the summary diagnostic, from its data (the language client keeps LSP data on the diagnostic). */
function countsOf(diagnostic: vscode.Diagnostic): Counts | undefined {
  const data: unknown = (diagnostic as vscode.Diagnostic & { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return undefined;
  const { total, shown } = data as Partial<Record<keyof TooManyProblemsData, unknown>>;
  return typeof total === 'number' && typeof shown === 'number' ? { total, shown } : undefined;
}

function summaryOf(uri: vscode.Uri): vscode.Diagnostic | undefined {
  return vscode.languages.getDiagnostics(uri).find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === TOO_MANY_PROBLEMS);
}

export function registerProblemCount(context: vscode.ExtensionContext): void {
  const item = vscode.window.createStatusBarItem('smtpLens.problemCount', vscode.StatusBarAlignment.Left, 10);
  item.name = vscode.l10n.t('SMTP Lens problem count');
  item.command = { title: vscode.l10n.t('Open the setting'), command: 'workbench.action.openSettings', arguments: ['smtpLens.maxProblems'] };
  const update = (): void => {
    const document = vscode.window.activeTextEditor?.document;
    const summary = document && (LANGUAGE_IDS as readonly string[]).includes(document.languageId) ? summaryOf(document.uri) : undefined;
    const counts = summary && countsOf(summary);
    if (!summary || !counts) {
      item.hide();
      return;
    }
    const number = new Intl.NumberFormat(vscode.env.language);
    item.text = `$(warning) ${vscode.l10n.t('SMTP: {0} of {1} problems', number.format(counts.shown), number.format(counts.total))}`;
    item.tooltip = `${summary.message}\n${vscode.l10n.t('Click to change smtpLens.maxProblems.')}`;
    item.show();
  };
  context.subscriptions.push(
    item,
    vscode.languages.onDidChangeDiagnostics((event) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && event.uris.some((uri) => uri.toString() === active)) update();
    }),
    vscode.window.onDidChangeActiveTextEditor(update),
  );
  update();
}
