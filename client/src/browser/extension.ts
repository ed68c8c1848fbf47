import * as vscode from 'vscode';
import { CATALOG_FILES, type CatalogFiles } from '../../../protocol';
import { clientOptions, startClient, stopClient } from '../common';

/**
 * The catalog files, read through VS Code's file system: a web worker cannot reach the extension's
 * own files by URL everywhere (its location may be a blob), so the server gets them with initialize.
 */
async function readCatalogFiles(extensionUri: vscode.Uri): Promise<CatalogFiles> {
  const decoder = new TextDecoder();
  const entries = await Promise.all(CATALOG_FILES.map(async (name) => {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', 'data', `${name}.json`));
    return [name, JSON.parse(decoder.decode(bytes)) as unknown] as const;
  }));
  return Object.fromEntries(entries) as CatalogFiles;
}

export function activate(context: vscode.ExtensionContext): void {
  const serverUrl = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'server.js');
  startClient(context, async () => {
    const catalogFiles = await readCatalogFiles(context.extensionUri);
    // Imported here, not above: the bundle evaluates the library when this runs, after activation.
    const { LanguageClient } = await import('vscode-languageclient/browser');
    const worker = new Worker(serverUrl.toString(true));
    return new LanguageClient('smtpLens', 'SMTP Lens', worker, clientOptions({ catalogFiles }));
  });
}

export function deactivate(): Promise<void> {
  return stopClient();
}
