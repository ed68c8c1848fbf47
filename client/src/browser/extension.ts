import * as vscode from 'vscode';
import { LanguageClient, type BaseLanguageClient } from 'vscode-languageclient/browser';
import { clientOptions, startClient } from '../common';

let client: BaseLanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<BaseLanguageClient> {
  const serverUrl = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'server.js');
  const worker = new Worker(serverUrl.toString(true));
  client = await startClient(context, new LanguageClient('smtpLens', 'SMTP Lens', worker, clientOptions()));
  return client;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
