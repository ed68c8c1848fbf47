import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import { HOVER_LINK_COMMANDS, SETTINGS_SECTION, type InitializationOptions, type RequestKind } from '../../protocol';
import { LANGUAGE_IDS } from './languages';
import { registerLogCommands } from './logs';
import { registerPageCommands } from './pages';
import { registerRedactCommand } from './redact';
import { registerContentDetection } from './detect';
import { registerProblemCount } from './problem-count';
import { registerSampleCommand } from './samples';
import { registerShareCommands } from './share';

export { LANGUAGE_IDS };

/** `extra` joins the settings in initializationOptions (the browser client adds the catalog files). */
export function clientOptions(extra: Pick<InitializationOptions, 'catalogFiles'> = {}): LanguageClientOptions {
  return {
    // Every scheme, so untitled, virtual and remote documents are served as well as files.
    documentSelector: LANGUAGE_IDS.map((language) => ({ language })),
    synchronize: { configurationSection: SETTINGS_SECTION },
    // Plain data only: the configuration object has methods, which a web worker's postMessage cannot clone.
    initializationOptions: { ...(JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(SETTINGS_SECTION))) as Record<string, unknown>), ...extra },
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

/** What the commands need of the language client: requests, which wait until it exists and has started. */
export interface ServerRequests {
  sendRequest<P, R>(kind: RequestKind<P, R>, params: P): Promise<R>;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The client startClient() is making, for stopClient(). */
let started: Promise<BaseLanguageClient> | undefined;

/**
 * Registers the commands and content detection; makes and starts the client once a document of
 * ours is open (or a command needs the server), stopping it with the extension. The extension
 * also activates for plain text and logs, to offer our languages: those alone start no server.
 * `create` loads the language client library: activation returns before that runs, so opening
 * a file costs the editor only this bundle's load and the registrations.
 */
export function startClient(context: vscode.ExtensionContext, create: () => Promise<BaseLanguageClient>): void {
  let ready: Promise<BaseLanguageClient> | undefined;
  const ensureStarted = (): Promise<BaseLanguageClient> => {
    if (ready) return ready;
    ready = Promise.resolve().then(create).then((client) => {
      context.subscriptions.push({ dispose: () => void client.stop() });
      client.start().catch((error: unknown) => {
        client.outputChannel.appendLine(`SMTP Lens: the language server did not start: ${messageOf(error)}`);
      });
      return client;
    });
    ready.catch((error: unknown) => {
      void vscode.window.showErrorMessage(vscode.l10n.t('SMTP Lens: the language client did not load: {0}', messageOf(error)));
    });
    started = ready;
    return ready;
  };
  const isOurs = (document: vscode.TextDocument): boolean => (LANGUAGE_IDS as readonly string[]).includes(document.languageId);
  if (vscode.workspace.textDocuments.some(isOurs)) void ensureStarted();
  else {
    const waiting = vscode.workspace.onDidOpenTextDocument((document) => {
      if (!isOurs(document)) return;
      waiting.dispose();
      void ensureStarted();
    });
    context.subscriptions.push(waiting);
  }
  // A command run while the server starts waits for it (the client's sendRequest does too).
  const requests: ServerRequests = { sendRequest: async <P, R>(kind: RequestKind<P, R>, params: P) => (await ensureStarted()).sendRequest<R>(kind.method, params) };
  registerPageCommands(context, requests);
  registerRedactCommand(context, requests);
  registerShareCommands(context, requests);
  registerLogCommands(context, requests);
  registerContentDetection(context);
  registerProblemCount(context);
  registerSampleCommand(context);
}

/** Stops the client when the extension is deactivated, once it exists (none if it never loaded). */
export async function stopClient(): Promise<void> {
  await (await started?.catch(() => undefined))?.stop();
}
