/**
 * "SMTP Lens: Explain Code…" and "SMTP Lens: Compare Codes…": quick picks over the catalog that open the
 * page in the Markdown preview. The server builds the items and the Markdown (it holds the
 * catalog, in the Node and the browser build alike); this side only picks and shows.
 */
import * as vscode from 'vscode';
import {
  CATALOG_ITEMS_REQUEST, COMMANDS, COMPARE_REQUEST, EXPLAIN_REQUEST, SETTINGS_SECTION,
  type CatalogItem, type CatalogPicker, type PageLanguage, type PageResult,
} from '../../protocol';
import type { ServerRequests } from './common';

/** Read-only virtual documents holding the pages: `smtp-lens:/SMTP 251 vs 334.md?kind=compare&a=251&b=334`. */
const SCHEME = 'smtp-lens';

type PageRequest = { kind: 'explain'; code: string; command?: string; rule?: string } | { kind: 'compare'; a: string; b: string };
type Pick = vscode.QuickPickItem & { code: string; command?: string; codeKind?: CatalogItem['kind'] };

/** The page language: the smtpLens.language setting, where `auto` follows VS Code's display language. */
function pageLanguage(): PageLanguage {
  const setting = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('language', 'auto');
  if (setting === 'en' || setting === 'zh-cn') return setting;
  return vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
}

/** A code as the commands accept it: digits, dots, spaces, `@VERB`; anything else is not a code. */
function codeArg(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 40 && /^[0-9A-Za-z.@ -]+$/.test(value) ? value.trim() : undefined;
}

/** A provider rule id as hover links give it: lower-case words joined by hyphens. */
function ruleArg(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 60 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value) ? value : undefined;
}

function pageUri(request: PageRequest): vscode.Uri {
  const name = request.kind === 'explain' ? request.code : `${request.a} vs ${request.b}`;
  const query = new URLSearchParams(Object.entries(request).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  return vscode.Uri.from({ scheme: SCHEME, path: `/SMTP ${name.replace(/[/\\]/g, ' ')}.md`, query: query.toString() });
}

function requestOf(uri: vscode.Uri): PageRequest | undefined {
  const query = new URLSearchParams(uri.query);
  const code = codeArg(query.get('code')), a = codeArg(query.get('a')), b = codeArg(query.get('b'));
  const command = codeArg(query.get('command'));
  const rule = ruleArg(query.get('rule'));
  if (query.get('kind') === 'explain' && code) return { kind: 'explain', code, ...(command ? { command } : {}), ...(rule ? { rule } : {}) };
  if (query.get('kind') === 'compare' && a && b) return { kind: 'compare', a, b };
  return undefined;
}

async function fetchPage(client: ServerRequests, request: PageRequest): Promise<PageResult> {
  const language = pageLanguage();
  return request.kind === 'explain'
    ? client.sendRequest(EXPLAIN_REQUEST, { code: request.code, command: request.command, rule: request.rule, language })
    : client.sendRequest(COMPARE_REQUEST, { a: request.a, b: request.b, language });
}

/** Serves the pages; pages are built again when the language setting changes. */
class PageProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** Pages just fetched by a command, so opening them does not ask the server twice. */
  private readonly fresh = new Map<string, string>();

  constructor(private readonly client: ServerRequests) {}

  remember(uri: vscode.Uri, markdown: string): void {
    this.fresh.set(uri.toString(), markdown);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const known = this.fresh.get(uri.toString());
    if (known !== undefined) {
      this.fresh.delete(uri.toString());
      return known;
    }
    const request = requestOf(uri);
    if (!request) return '';
    const result = await fetchPage(this.client, request);
    return 'error' in result ? result.error : result.markdown;
  }

  refreshAll(): void {
    this.fresh.clear();
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme === SCHEME) this.changed.fire(document.uri);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Shows a page in the Markdown preview, or its error as a message. */
async function showPage(client: ServerRequests, provider: PageProvider, request: PageRequest): Promise<void> {
  const result = await fetchPage(client, request);
  if ('error' in result) {
    void vscode.window.showErrorMessage(result.error);
    return;
  }
  const uri = pageUri(request);
  provider.remember(uri, result.markdown);
  await vscode.commands.executeCommand('markdown.showPreview', uri);
}

/** The code under the cursor in the active editor, to start the quick pick with. */
function codeAtCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme === SCHEME) return undefined;
  const range = editor.document.getWordRangeAtPosition(editor.selection.active, /[245]\.\d{1,3}\.\d{1,3}|\b[2-5][0-5]\d\b/);
  return range ? editor.document.getText(range) : undefined;
}

/** A quick pick over catalog items that also takes a typed code the list lacks (5.7.999, 550 5.7.26). */
function pickCode(items: CatalogItem[], placeholder: string, value?: string, title?: string): Promise<Pick | undefined> {
  const catalogPicks: Pick[] = items.map((item) => ({ label: item.label, description: item.description, code: item.code, command: item.command, codeKind: item.kind }));
  const quickPick = vscode.window.createQuickPick<Pick>();
  quickPick.placeholder = placeholder;
  quickPick.title = title;
  quickPick.matchOnDescription = true;
  const update = (): void => {
    const typed = codeArg(quickPick.value);
    const listed = typed !== undefined && catalogPicks.some((p) => p.code === typed);
    quickPick.items = typed && /\d/.test(typed) && !listed ? [{ label: typed, code: typed, alwaysShow: true }, ...catalogPicks] : catalogPicks;
  };
  update();
  if (value) quickPick.value = value;
  return new Promise((resolve) => {
    let chosen: Pick | undefined;
    quickPick.onDidChangeValue(update);
    quickPick.onDidAccept(() => {
      chosen = quickPick.selectedItems[0];
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      resolve(chosen);
    });
    quickPick.show();
  });
}

async function catalogPicker(client: ServerRequests): Promise<CatalogPicker | undefined> {
  const picker = await client.sendRequest(CATALOG_ITEMS_REQUEST, { language: pageLanguage() });
  return picker ?? undefined;
}

/** Registers the two commands and the page provider. Commands take arguments from hover links. */
export function registerPageCommands(context: vscode.ExtensionContext, client: ServerRequests): void {
  const provider = new PageProvider(client);
  const run = (work: () => Promise<void>): Promise<void> => work().catch((error: unknown) => {
    void vscode.window.showErrorMessage(`SMTP Lens: ${error instanceof Error ? error.message : String(error)}`);
  });

  context.subscriptions.push(
    provider,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('smtpLens.language')) provider.refreshAll();
    }),

    // smtpLens.explainCode, or with { code: '550', command: 'RCPT' } (or just '550').
    vscode.commands.registerCommand(COMMANDS.explainCode, (args?: unknown) => run(async () => {
      const record = typeof args === 'object' && args !== null ? args as Record<string, unknown> : {};
      let code = codeArg(typeof args === 'string' ? args : record.code);
      let command = codeArg(record.command);
      // A hover link names the provider rule it matched: that page comes first.
      const rule = code ? ruleArg(record.rule) : undefined;
      if (!code) {
        const picker = await catalogPicker(client);
        if (!picker) return;
        const picked = await pickCode(picker.items, picker.prompts.explain, codeAtCursor());
        if (!picked) return;
        code = picked.code;
        command = picked.command;
      }
      await showPage(client, provider, { kind: 'explain', code, ...(command ? { command } : {}), ...(rule ? { rule } : {}) });
    })),

    // smtpLens.compareCodes, or with { a: '251', b: '551' }; with only `a`, asks for the other.
    vscode.commands.registerCommand(COMMANDS.compareCodes, (args?: unknown) => run(async () => {
      const record = typeof args === 'object' && args !== null ? args as Record<string, unknown> : {};
      let a = codeArg(record.a);
      let b = codeArg(record.b);
      if (!a || !b) {
        const picker = await catalogPicker(client);
        if (!picker) return;
        let firstKind: CatalogItem['kind'] | undefined = a ? picker.items.find((item) => item.code === a)?.kind : undefined;
        let firstLabel = a ? picker.items.find((item) => item.code === a)?.label ?? a : undefined;
        if (!a) {
          const first = await pickCode(picker.items, picker.prompts.compareFirst, codeAtCursor());
          if (!first) return;
          a = first.command ? `${first.code}@${first.command}` : first.code;
          firstKind = first.codeKind;
          firstLabel = first.label;
        }
        const others = picker.items.filter((item) => (!firstKind || item.kind === firstKind) && item.label !== firstLabel);
        const second = await pickCode(others, picker.prompts.compareSecond.replace('{0}', firstLabel ?? a));
        if (!second) return;
        b = second.command ? `${second.code}@${second.command}` : second.code;
      }
      await showPage(client, provider, { kind: 'compare', a, b });
    })),
  );
}
