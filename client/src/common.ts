import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import { LANGUAGE_IDS } from './languages';
import { HOVER_LINK_COMMANDS, registerPageCommands } from './pages';
import { registerRedactCommand } from './redact';

export { LANGUAGE_IDS };

/** `extra` joins the settings in initializationOptions (the browser client adds the catalog files). */
export function clientOptions(extra: Record<string, unknown> = {}): LanguageClientOptions {
  return {
    // Every scheme, so untitled, virtual and remote documents are served as well as files.
    documentSelector: LANGUAGE_IDS.map((language) => ({ language })),
    synchronize: { configurationSection: 'smtpLens' },
    // Plain data only: the configuration object has methods, which a web worker's postMessage cannot clone.
    initializationOptions: { ...(JSON.parse(JSON.stringify(vscode.workspace.getConfiguration('smtpLens'))) as Record<string, unknown>), ...extra },
    outputChannelName: 'SMTP Lens',
    traceOutputChannel: undefined,
    middleware: {
      // Hover Markdown may hold links to our own commands ("Compare with 551"), and to no others.
      provideHover: async (document, position, token, next) => {
        const hover = await next(document, position, token);
        return hover ? trustOwnCommands(hover) : hover;
      },
    },
  };
}

/**
 * The hover with each Markdown part trusted for our two commands only: a `command:` link to any
 * other command stays inert, and HTML stays off. The server escapes all document text, so the only
 * command links are the ones it built itself.
 */
export function trustOwnCommands(hover: vscode.Hover): vscode.Hover {
  const contents = hover.contents.map((part) => {
    if (!(part instanceof vscode.MarkdownString)) return part;
    const trusted = new vscode.MarkdownString(part.value, part.supportThemeIcons);
    trusted.isTrusted = { enabledCommands: [...HOVER_LINK_COMMANDS] };
    trusted.supportHtml = false;
    trusted.baseUri = part.baseUri;
    return trusted;
  });
  return new vscode.Hover(contents, hover.range);
}

/** Starts the client and stops it with the extension. */
export function startClient(context: vscode.ExtensionContext, client: BaseLanguageClient): BaseLanguageClient {
  context.subscriptions.push({ dispose: () => void client.stop() });
  // Before start: a command run while the server starts waits for it (sendRequest does).
  registerPageCommands(context, client);
  registerRedactCommand(context, client);
  // Activation returns at once; the server starts behind it (requests wait for it).
  client.start().catch((error: unknown) => {
    client.outputChannel.appendLine(`SMTP Lens: the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  return client;
}
