import * as vscode from 'vscode';
import { COMMANDS, REDACT_REQUEST, REPRODUCE_REQUEST, SETTINGS_SECTION, type RedactSettings } from '../../protocol';
import type { ServerRequests } from './common';
import { LANGUAGE_IDS } from './languages';

/** The SMTP document in the active editor, or undefined after telling the user to open one. */
function activeSmtpDocument(): vscode.TextDocument | undefined {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || !(LANGUAGE_IDS as readonly string[]).includes(document.languageId)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open an SMTP transcript, mail log or message first.'));
    return undefined;
  }
  return document;
}

/** "SMTP Lens: Copy Redacted": a copy safe to post goes to the clipboard; the document is not changed. */
export function registerShareCommands(context: vscode.ExtensionContext, client: ServerRequests): void {
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.copyRedacted, async () => {
    const document = activeSmtpDocument();
    if (!document) return;
    const settings = vscode.workspace.getConfiguration(`${SETTINGS_SECTION}.redact`, document.uri);
    const options: RedactSettings = { keep: settings.get<RedactSettings['keep']>('keep', []), domains: settings.get<boolean>('domains', false), ips: settings.get<RedactSettings['ips']>('ips', 'reduce') };
    const result = await client.sendRequest(REDACT_REQUEST, { uri: document.uri.toString(), options });
    if (!result) {
      void vscode.window.showWarningMessage(vscode.l10n.t('SMTP Lens could not make a redacted copy of this document.'));
      return;
    }
    await vscode.env.clipboard.writeText(result.text);
    void vscode.window.showInformationMessage(vscode.l10n.t('Redacted copy on the clipboard: {0}', result.summary));
  }));
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.copyAsSwaks, async () => {
    const document = activeSmtpDocument();
    if (!document) return;
    const result = await client.sendRequest(REPRODUCE_REQUEST, { uri: document.uri.toString() });
    if (!result) {
      void vscode.window.showWarningMessage(vscode.l10n.t('SMTP Lens could not make swaks commands for this document.'));
      return;
    }
    if (result.commands === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No SMTP session to replay in this document.'));
      return;
    }
    await vscode.env.clipboard.writeText(result.text);
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} swaks command(s) on the clipboard. They read the password from $SMTP_PASSWORD.', result.commands));
  }));
}
