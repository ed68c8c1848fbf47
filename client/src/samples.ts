/**
 * "SMTP Lens: Open Sample…", used by the Getting Started walkthrough: one of the files of examples/
 * (shipped in the package) opened as an untitled copy in its language, so that trying things never
 * writes into the extension's folder, with the cursor where there is something to see.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../protocol';
import { SAMPLES, type Sample } from './sample-list';

function sampleTitle(sample: Sample): string {
  switch (sample.id) {
    case 'transcript': return vscode.l10n.t('A swaks transcript: a relay refused under PIPELINING');
    case 'problems': return vscode.l10n.t('A transcript with problems: AUTH without TLS, forwarding, unknown users');
    case 'bounce': return vscode.l10n.t('A Postfix bounce (DSN)');
    case 'log': return vscode.l10n.t('An Exim mail log');
  }
}

async function openSample(context: vscode.ExtensionContext, sample: Sample): Promise<void> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'examples', sample.file));
  const document = await vscode.workspace.openTextDocument({ language: sample.language, content: new TextDecoder().decode(bytes) });
  const editor = await vscode.window.showTextDocument(document);
  if (sample.problems) await vscode.commands.executeCommand('workbench.actions.view.problems');
  if (sample.hoverAt) {
    const position = new vscode.Position(sample.hoverAt.line - 1, sample.hoverAt.column - 1);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
    await vscode.window.showTextDocument(document, editor.viewColumn);
    // The language server may still be starting: the hover waits for it.
    await vscode.commands.executeCommand('editor.action.showHover');
  }
}

export function registerSampleCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.openSample, async (args?: unknown) => {
    try {
      let sample = SAMPLES.find((s) => s.id === args);
      if (!sample) {
        const picked = await vscode.window.showQuickPick(SAMPLES.map((s) => ({ label: sampleTitle(s), description: s.file, sample: s })), { placeHolder: vscode.l10n.t('Open a sample') });
        sample = picked?.sample;
      }
      if (sample) await openSample(context, sample);
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('SMTP Lens could not open the sample: {0}', error instanceof Error ? error.message : String(error)));
    }
  }));
}
