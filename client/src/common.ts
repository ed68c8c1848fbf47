import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';

/** The languages the server reads, by id: SMTP transcripts, .eml messages and mail logs. */
export const LANGUAGE_IDS = ['smtp', 'eml', 'maillog'] as const;

export function clientOptions(): LanguageClientOptions {
  return {
    // Every scheme, so untitled, virtual and remote documents are served as well as files.
    documentSelector: LANGUAGE_IDS.map((language) => ({ language })),
    synchronize: { configurationSection: 'smtpLens' },
    initializationOptions: vscode.workspace.getConfiguration('smtpLens'),
    outputChannelName: 'SMTP Lens',
    traceOutputChannel: undefined,
  };
}

/** Starts the client and stops it with the extension. */
export async function startClient(context: vscode.ExtensionContext, client: BaseLanguageClient): Promise<BaseLanguageClient> {
  context.subscriptions.push({ dispose: () => void client.stop() });
  await client.start();
  return client;
}
