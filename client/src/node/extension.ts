import * as vscode from 'vscode';
import { clientOptions, startClient, stopClient } from '../common';

export function activate(context: vscode.ExtensionContext): void {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  startClient(context, async () => {
    // Imported here, not above: the bundle evaluates the library when this runs, after activation.
    const { LanguageClient, TransportKind } = await import('vscode-languageclient/node');
    return new LanguageClient('smtpLens', 'SMTP Lens', {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    }, clientOptions());
  });
}

export function deactivate(): Promise<void> {
  return stopClient();
}
