import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type BaseLanguageClient, type ServerOptions } from 'vscode-languageclient/node';
import { clientOptions, startClient } from '../common';

let client: BaseLanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<BaseLanguageClient> {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  client = startClient(context, new LanguageClient('smtpLens', 'SMTP Lens', serverOptions, clientOptions()));
  return client;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
