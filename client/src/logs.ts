/**
 * Mail log commands: "Mail Log Report" for the mail log in the editor and "Open Mail Log Report…" for a
 * log file of any size that the server reads from disk (the desktop build; the browser build's
 * server says it cannot), both shown in the report tree view (report-tree.ts) with a button for the
 * same report as a page, and "Follow Message" for the queue id or Message-ID under the cursor over
 * the workspace's mail logs (the server streams .gz files and files too large for the editor from
 * disk). The server builds the Markdown pages; they open in the preview, and
 * each row's links open its lines.
 */
import * as vscode from 'vscode';
import { COMMANDS, FOLLOW_MESSAGE_REQUEST, LOG_REPORT_REQUEST, LOG_REPORT_TREE_REQUEST, SETTINGS_SECTION, type PageLanguage, type PageResult } from '../../protocol';
import type { ServerRequests } from './common';
import { REPORT_VIEW, ReportTreeProvider, revealLogLines, type ShownReport } from './report-tree';

const SCHEME = 'smtp-lens-log';

/** Files VS Code opens as mail logs (package.json's maillog language), for Follow Message. */
const MAIL_LOGS = '**/{mail.log,maillog,mail.err,mail.warn,mail.info,mainlog,rejectlog,paniclog,mail.log.*,mail.log-*,maillog.*,maillog-*,mainlog.*,mainlog-*,rejectlog.*,rejectlog-*,MSGTRK*.LOG,MSGTRK*.log}';
/**
 * Files up to this size are read here and sent as text (VS Code's own limit for documents); larger
 * ones and .gz files are named to the server, which streams them from disk (the Node build; the
 * browser build's server leaves them out).
 */
const MAX_FOLLOW_BYTES = 50 * 1024 * 1024;
const MAX_FOLLOW_FILES = 200;

function pageLanguage(): PageLanguage {
  const setting = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('language', 'auto');
  if (setting === 'en' || setting === 'zh-cn') return setting;
  return vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
}

/** The pages made by the commands, served read-only until VS Code closes them. */
class LogPages implements vscode.TextDocumentContentProvider {
  private readonly pages = new Map<string, string>();
  private count = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.pages.get(uri.toString()) ?? '';
  }

  async show(title: string, result: PageResult): Promise<void> {
    if ('error' in result) {
      void vscode.window.showErrorMessage(result.error);
      return;
    }
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${title.replace(/[/\\]/g, ' ')}.md`, query: String(++this.count) });
    this.pages.set(uri.toString(), result.markdown);
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  }
}

/** The queue id or Message-ID under the cursor: "<...@...>", "4F2A81C0042", Exim's "1rAbCd-000000005vi-0000". */
function idAtCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const { document, selection } = editor;
  if (!selection.isEmpty) return document.getText(selection).trim() || undefined;
  const range = document.getWordRangeAtPosition(selection.active, /<[^<>\s]+@[^<>\s]+>|[\w.+-]+@[\w.-]+|\b[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}\b|\b[0-9A-Za-z]{8,20}\b/);
  return range ? document.getText(range) : undefined;
}

export function registerLogCommands(context: vscode.ExtensionContext, client: ServerRequests): void {
  const pages = new LogPages();
  const run = (work: () => Promise<void>): Promise<void> => work().catch((error: unknown) => {
    void vscode.window.showErrorMessage(`SMTP Lens: ${error instanceof Error ? error.message : String(error)}`);
  });
  const tree = new ReportTreeProvider();
  const view = vscode.window.createTreeView(REPORT_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  /** Asks the server for the report of an open log (`uri`) or a file on disk (`path`) and shows it in the view. */
  const showReport = async (source: ShownReport['source'], log: vscode.Uri, progress: vscode.ProgressLocation, title: string): Promise<void> => {
    const result = await vscode.window.withProgress({ location: progress, title }, () =>
      client.sendRequest(LOG_REPORT_TREE_REQUEST, { ...source, language: pageLanguage() }));
    if ('error' in result) {
      void vscode.window.showErrorMessage(result.error);
      return;
    }
    tree.show({ tree: result, log, source });
    view.description = log.path.split('/').pop();
    view.message = result.period;
    await vscode.commands.executeCommand(`${REPORT_VIEW}.focus`);
  };
  context.subscriptions.push(
    view,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, pages),
    vscode.commands.registerCommand(COMMANDS.revealLogLines, (uri: unknown, lines: unknown) => run(() => revealLogLines(uri, lines))),
    vscode.commands.registerCommand(COMMANDS.logReportPage, () => run(async () => {
      const shown = tree.current;
      if (!shown) return;
      const result = await client.sendRequest(LOG_REPORT_REQUEST, { ...shown.source, language: pageLanguage() });
      await pages.show(vscode.l10n.t('Report {0}', shown.log.path.split('/').pop() ?? ''), result);
    })),

    vscode.commands.registerCommand(COMMANDS.showLogReport, () => run(async () => {
      const document = vscode.window.activeTextEditor?.document;
      if (!document || document.languageId !== 'maillog') {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a mail log first, or use "Open Mail Log Report…" for a file too large for the editor.'));
        return;
      }
      await showReport({ uri: document.uri.toString() }, document.uri, vscode.ProgressLocation.Window, vscode.l10n.t('Mail log report…'));
    })),

    vscode.commands.registerCommand(COMMANDS.openLogReport, (uri?: unknown) => run(async () => {
      let file = uri instanceof vscode.Uri ? uri : undefined;
      if (!file) {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Report') });
        file = picked?.[0];
      }
      if (!file) return;
      if (file.scheme !== 'file') {
        void vscode.window.showErrorMessage(vscode.l10n.t('Only files on this computer can be read from disk.'));
        return;
      }
      await showReport({ path: file.fsPath }, file, vscode.ProgressLocation.Notification, vscode.l10n.t('Reading {0}…', file.fsPath));
    })),

    vscode.commands.registerCommand(COMMANDS.followMessage, (arg?: unknown) => run(async () => {
      let id = typeof arg === 'string' ? arg : idAtCursor();
      id = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Queue id or Message-ID to follow'), value: id });
      if (!id?.trim()) return;
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Following {0}…', id) }, async () => {
        const inputs: Array<{ uri: string; text: string }> = [];
        const seen = new Set<string>();
        // The logs open in the editor (untitled ones too), then the workspace's files.
        for (const document of vscode.workspace.textDocuments) {
          if (document.languageId !== 'maillog') continue;
          seen.add(document.uri.toString());
          inputs.push({ uri: document.uri.toString(), text: document.getText() });
        }
        const decoder = new TextDecoder();
        const paths: string[] = [];
        for (const file of await vscode.workspace.findFiles(MAIL_LOGS, undefined, MAX_FOLLOW_FILES)) {
          if (seen.has(file.toString())) continue;
          const large = file.path.endsWith('.gz') || (await vscode.workspace.fs.stat(file)).size > MAX_FOLLOW_BYTES;
          if (!large) inputs.push({ uri: file.toString(), text: decoder.decode(await vscode.workspace.fs.readFile(file)) });
          else if (file.scheme === 'file') paths.push(file.fsPath);
        }
        return client.sendRequest(FOLLOW_MESSAGE_REQUEST, { id: id!.trim(), inputs, paths, language: pageLanguage() });
      });
      await pages.show(vscode.l10n.t('Follow {0}', id.trim()), result);
    })),
  );
}
