import * as vscode from 'vscode';
import type { ServerRequests } from './common';
import { LANGUAGE_IDS } from './languages';

/** The server's command; it answers with a workspace edit applied through the editor (undoable). */
const SERVER_COMMAND = 'smtpLens.server.redactAllCredentials';

/** "SMTP: Redact All Credentials": masks every readable AUTH secret in the active document. */
export function registerRedactCommand(context: vscode.ExtensionContext, client: ServerRequests): void {
  context.subscriptions.push(vscode.commands.registerCommand('smtpLens.redactAllCredentials', async () => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !(LANGUAGE_IDS as readonly string[]).includes(document.languageId)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open an SMTP transcript, mail log or message first.'));
      return;
    }
    await client.sendRequest('workspace/executeCommand', { command: SERVER_COMMAND, arguments: [document.uri.toString()] });
  }));
}
