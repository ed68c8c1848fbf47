/**
 * Content detection in the editor: a document VS Code opened as Plain Text or Log (untitled editors
 * too) that reads as an SMTP transcript, a mail log or a message is offered our language, or
 * switched at once, per `smtpLens.detect`. The classifier is the service's own (parse/classify.ts),
 * bundled here and loaded when the first candidate shows: no language server starts for a text
 * file, and the browser build does the same in its worker.
 */
import * as vscode from 'vscode';
import { COMMANDS, SETTINGS_SECTION, type ContentClassification, type DetectSetting } from '../../protocol';

const DETECT_SETTING = 'detect';
type DetectMode = DetectSetting;

/** Languages VS Code gives text it knows nothing better about. */
const CANDIDATE_LANGUAGES: ReadonlySet<string> = new Set(['plaintext', 'log']);
/** Where users' documents live; not output channels, diffs of git, settings or our own pages. */
const DOCUMENT_SCHEMES: ReadonlySet<string> = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-test-web', 'vsls']);
/** Lines handed to the classifier (it samples 200 non-blank ones of them). */
const SAMPLE_LINES = 400;
/** Typing or pasting into an untitled editor is judged once it pauses. */
const SETTLE_MS = 400;

type Classify = (text: string) => ContentClassification | undefined;
let classifier: Promise<Classify> | undefined;
/** The classifier, loaded on first use (it is most of this bundle's code, and most sessions never need it). */
function loadClassifier(): Promise<Classify> {
  // The one piece of the pure service the client runs itself: a server started for every text file would cost more.
  classifier ??= import('../../server/src/service/parse/classify').then((module) => module.classifyContent);
  return classifier;
}

interface LanguageChoice {
  id: 'smtp' | 'maillog' | 'eml';
  /** The language's name as VS Code shows it (package.json aliases). */
  name: string;
}

export const LANGUAGE_CHOICES: readonly LanguageChoice[] = [
  { id: 'smtp', name: 'SMTP Transcript' },
  { id: 'maillog', name: 'Mail Log' },
  { id: 'eml', name: 'Email Message' },
];

const FORMAT_NAMES: Record<string, string> = {
  plain: 'C:/S:', swaks: 'swaks', sendmail: 'sendmail', 'exim-client': 'Exim test client', 'exim-debug': 'Exim debug',
  'postfix-inout': 'Postfix In:/Out:', 'postfix-verbose': 'Postfix verbose', smtplib: 'Python smtplib', phpmailer: 'PHPMailer',
  curl: 'curl', 'exchange-csv': 'Exchange', postfix: 'Postfix', exim: 'Exim', exchange: 'Exchange', kerio: 'Kerio Connect', domino: 'Domino',
};

/** "an SMTP transcript (swaks)", "a mail log (Postfix)", "an email message". */
export function describeClassification(found: ContentClassification): string {
  const format = FORMAT_NAMES[found.format];
  switch (found.kind) {
    case 'transcript': return format ? vscode.l10n.t('an SMTP transcript ({0})', format) : vscode.l10n.t('an SMTP transcript');
    case 'log': return format ? vscode.l10n.t('a mail log ({0})', format) : vscode.l10n.t('a mail log');
    case 'message': return vscode.l10n.t('an email message');
  }
}

function languageName(id: string): string {
  return LANGUAGE_CHOICES.find((choice) => choice.id === id)?.name ?? id;
}

function modeFor(document: vscode.TextDocument): DetectMode {
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION, document.uri).get<string>(DETECT_SETTING, 'ask');
  return value === 'auto' || value === 'off' ? value : 'ask';
}

function isCandidate(document: vscode.TextDocument): boolean {
  return CANDIDATE_LANGUAGES.has(document.languageId) && DOCUMENT_SCHEMES.has(document.uri.scheme);
}

/** The first lines of a document, without reading all of a large one. */
function sampleOf(document: vscode.TextDocument): string {
  const last = Math.min(document.lineCount, SAMPLE_LINES) - 1;
  return document.getText(new vscode.Range(0, 0, last, document.lineAt(last).text.length));
}

export async function classifyDocument(document: vscode.TextDocument): Promise<ContentClassification | undefined> {
  return (await loadClassifier())(sampleOf(document));
}

async function switchLanguage(document: vscode.TextDocument, languageId: string): Promise<void> {
  await vscode.languages.setTextDocumentLanguage(document, languageId);
}

/** Watches the editors the user sees and offers (or makes) the switch once per document. */
export class ContentDetector implements vscode.Disposable {
  /** Documents already offered or switched, or judged not ours: each is asked about at most once. */
  private readonly settled = new Set<string>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((editor) => this.consider(editor.document))),
      vscode.workspace.onDidOpenTextDocument((document) => {
        // A document whose language changed is closed and opened again; only visible ones count.
        if (vscode.window.visibleTextEditors.some((editor) => editor.document === document)) this.consider(document);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        // An untitled editor starts empty: judge what was pasted or typed once the user pauses.
        if (event.document.isUntitled && event.contentChanges.length > 0) this.considerLater(event.document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.isUntitled) this.settled.delete(document.uri.toString());
      }),
    );
    for (const editor of vscode.window.visibleTextEditors) this.consider(editor.document);
  }

  private considerLater(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      this.consider(document);
    }, SETTLE_MS));
  }

  private consider(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (this.settled.has(key) || !isCandidate(document) || modeFor(document) === 'off') return;
    // An empty untitled editor has nothing to judge yet: its first paste will be.
    if (document.isUntitled && document.getText(new vscode.Range(0, 0, 2, 0)).trim() === '') return;
    void this.judge(document, key).catch((error: unknown) => {
      console.error(`SMTP Lens: content detection failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private async judge(document: vscode.TextDocument, key: string): Promise<void> {
    const found = await classifyDocument(document);
    if (this.settled.has(key) || document.isClosed || !isCandidate(document)) return;
    // Text that is not ours is not asked about again, except an untitled editor that may still get some.
    if (!found) {
      if (!document.isUntitled) this.settled.add(key);
      return;
    }
    this.settled.add(key);
    if (modeFor(document) === 'auto') {
      await switchLanguage(document, found.languageId);
      return;
    }
    const open = vscode.l10n.t('Open');
    const always = vscode.l10n.t('Always');
    const never = vscode.l10n.t('Never');
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t('This looks like {0}. Open as {1}?', describeClassification(found), languageName(found.languageId)),
      open, always, never,
    );
    if (answer === never) {
      await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(DETECT_SETTING, 'off', vscode.ConfigurationTarget.Global);
      return;
    }
    if (answer === always) {
      await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(DETECT_SETTING, 'auto', vscode.ConfigurationTarget.Global);
    }
    if ((answer === open || answer === always) && !document.isClosed) await switchLanguage(document, found.languageId);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}

type LanguagePick = vscode.QuickPickItem & { id: string };

/** "SMTP Lens: Open as…": the active document in one of our languages, the detected one first. */
async function openAs(args?: unknown): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a document first.'));
    return;
  }
  const given = typeof args === 'string' ? args : undefined;
  if (given && LANGUAGE_CHOICES.some((choice) => choice.id === given)) {
    await switchLanguage(document, given);
    return;
  }
  const found = await classifyDocument(document);
  const picks: LanguagePick[] = LANGUAGE_CHOICES.map((choice) => ({
    id: choice.id,
    label: choice.name,
    description: found?.languageId === choice.id ? vscode.l10n.t('looks like {0}', describeClassification(found)) : undefined,
  }));
  picks.sort((a, b) => Number(b.id === found?.languageId) - Number(a.id === found?.languageId));
  const picked = await vscode.window.showQuickPick(picks, { placeHolder: vscode.l10n.t('Open {0} as…', vscode.workspace.asRelativePath(document.uri)) });
  if (picked) await switchLanguage(document, picked.id);
}

export function registerContentDetection(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    new ContentDetector(),
    vscode.commands.registerCommand(COMMANDS.openAs, (args?: unknown) => openAs(args)),
  );
}
