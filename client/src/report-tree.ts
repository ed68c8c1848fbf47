/**
 * The mail log report as a tree view in the Explorer: the server builds the tree (problem sections
 * first, labels in the report's language); this draws it, and each row with lines opens the log with
 * those lines selected.
 */
import * as vscode from 'vscode';
import { COMMANDS, type ReportTree, type ReportTreeNode } from '../../protocol';

/** The view's id in package.json (contributes.views.explorer). */
export const REPORT_VIEW = 'smtpLens.logReport';
/** Set while the view has a report, so that the view shows in the Explorer only then. */
const HAS_REPORT = 'smtpLens.hasLogReport';

const ICONS: Record<NonNullable<ReportTreeNode['severity']>, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  info: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};

/** What the view shows: the tree, the log its lines are in, and what asked for it (to make the page of the same report). */
export interface ShownReport {
  tree: ReportTree;
  log: vscode.Uri;
  source: { uri: string } | { path: string };
}

export class ReportTreeProvider implements vscode.TreeDataProvider<ReportTreeNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private shown?: ShownReport;

  get current(): ShownReport | undefined {
    return this.shown;
  }

  show(report: ShownReport): void {
    this.shown = report;
    void vscode.commands.executeCommand('setContext', HAS_REPORT, true);
    this.changed.fire();
  }

  getChildren(node?: ReportTreeNode): ReportTreeNode[] {
    if (!this.shown) return [];
    return node ? node.children ?? [] : this.shown.tree.nodes;
  }

  getTreeItem(node: ReportTreeNode): vscode.TreeItem {
    const state = !node.children || node.children.length === 0
      ? vscode.TreeItemCollapsibleState.None
      : node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.description = node.description;
    item.tooltip = node.tooltip;
    if (node.severity) item.iconPath = ICONS[node.severity];
    if (node.lines && node.lines.length > 0 && this.shown) {
      const lines = node.lines.map((line) => line + 1).join(', ');
      item.tooltip = `${node.tooltip ?? node.label}\n${vscode.l10n.t('Lines {0}', lines)}`;
      item.command = { command: COMMANDS.revealLogLines, title: vscode.l10n.t('Open its lines'), arguments: [this.shown.log.toString(), node.lines] };
    }
    return item;
  }
}

/** Opens the log with the given 0-based lines selected, the first one in view. */
export async function revealLogLines(uri: unknown, lines: unknown): Promise<void> {
  if (typeof uri !== 'string' || !Array.isArray(lines)) return;
  const numbers = lines.filter((line): line is number => Number.isInteger(line) && line >= 0);
  if (numbers.length === 0) return;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const selections = numbers.filter((line) => line < document.lineCount).map((line) => new vscode.Selection(line, 0, line, document.lineAt(line).text.length));
  if (selections.length === 0) return;
  const editor = await vscode.window.showTextDocument(document, { preview: true, selection: selections[0] });
  editor.selections = selections;
  editor.revealRange(selections[0], vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
