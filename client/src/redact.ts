import * as vscode from 'vscode';
import { COMMANDS, EXECUTE_COMMAND_REQUEST } from '../../protocol';
import type { ServerRequests } from './common';
import { LANGUAGE_IDS } from './languages';

/** "SMTP Lens: Redact All Credentials": masks every readable AUTH secret in the active document. */
export function registerRedactCommand(context: vscode.ExtensionContext, client: ServerRequests): void {
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.redactAllCredentials, async () => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !(LANGUAGE_IDS as readonly string[]).includes(document.languageId)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open an SMTP transcript, mail log or message first.'));
      return;
    }
    // The server answers with a workspace edit applied through the editor (undoable).
    await client.sendRequest(EXECUTE_COMMAND_REQUEST, { command: COMMANDS.serverRedactAllCredentials, arguments: [document.uri.toString()] });
  }));
}
