// End-to-end harness: the packaged extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3),
// driven through Debian's Chromium with playwright-core, the way a user would use it.
//
//   const editor = await CodeServerSession.start({ files: { 'slice.smtp': text } });
//   try { await editor.openFile('slice.smtp'); await editor.goTo(9, 4); text = await editor.hoverText(); }
//   finally { await editor.stop(); }
//
// Environment overrides (all optional):
//   CODE_SERVER_BIN           an existing code-server launcher (skips the install script)
//   CODE_SERVER_INSTALL_DIR   cache folder handed to the install script (default: the script's own)
//   CHROMIUM_PATH             the browser (default /usr/bin/chromium)
//   E2E_SKIP_PACKAGE=1        reuse smtp-lens.vsix as it is instead of running `npm run package`
//   E2E_HEADED=1              show the browser (needs a display)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, createWriteStream, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const RESULTS_DIR = join(REPO_ROOT, 'test-results', 'e2e');
/** In CI the repository is a fresh clone with shared/ laid beside it. */
export const INSTALL_SCRIPT = resolve(REPO_ROOT, '..', 'shared', 'tools', 'install-code-server.sh');
export const VSIX = join(REPO_ROOT, 'smtp-lens.vsix');

const SECOND = 1000;
export const TIMEOUTS = {
  install: 15 * 60 * SECOND, // first install downloads code-server and Chromium
  package: 3 * 60 * SECOND,
  installExtension: 2 * 60 * SECOND,
  serverReady: 60 * SECOND,
  workbench: 90 * SECOND,
  ui: 20 * SECOND,
};

/** User settings that keep welcome pages, walkthroughs, tips, notifications and update checks out of the way. */
export const USER_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'editor.accessibilitySupport': 'off',
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
  'workbench.editor.restoreViewState': false,
};

/** A rectangle on the page, in CSS pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A line of the editor as the DOM renders it. */
export interface RenderedLine {
  /** 1-based line number, from the gutter. */
  line: number;
  text: string;
  /** The token spans: VS Code renders each token as a span with a class mtk<N> and that class's colour. */
  tokens: { text: string; className: string; color: string }[];
  /** Distance from the top of the window, in CSS pixels. */
  top: number;
}

export interface StartOptions {
  /** Files written into the workspace folder: relative path → contents. */
  files?: Record<string, string>;
  /** Extra user settings, merged over USER_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Browser viewport. */
  viewport?: { width: number; height: number };
  /**
   * Install this .vsix into code-server instead of packaging the repository (e.g. a variant of smtp-lens.vsix);
   * `false`: install nothing (the test installs the extension another way, e.g. as a web extension).
   */
  vsix?: string | false;
  /**
   * Keep code-server's path proxy (/proxy/<port>/...) on, e.g. to serve a web extension from the workbench's own
   * origin: code-server's Content-Security-Policy (connect-src 'self' ws: wss: https:) blocks other http origins.
   */
  pathProxy?: boolean;
  /** Names the log file: test-results/e2e/code-server-<name>.log (default code-server.log). */
  name?: string;
}

function log(message: string): void {
  process.stderr.write(`[e2e] ${message}\n`);
}

function seconds(since: number): string {
  return `${((Date.now() - since) / SECOND).toFixed(1)} s`;
}

/** Runs a command to completion; throws with its output tail on failure or timeout. Returns stdout. */
function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout: number; what: string }): string {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: options.timeout,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error || result.status !== 0) {
    const why = result.error ? String(result.error) : `exit ${result.status}${result.signal ? ` (${result.signal})` : ''}`;
    throw new Error(`${options.what} failed after ${seconds(started)}: ${why}\n$ ${command} ${args.join(' ')}\n${tail(output, 60)}`);
  }
  log(`${options.what}: ${seconds(started)}`);
  return result.stdout ?? '';
}

function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n');
}

/** The code-server launcher: $CODE_SERVER_BIN or whatever the (idempotent) install script prints last. */
export function installCodeServer(): string {
  const fromEnv = process.env.CODE_SERVER_BIN;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CODE_SERVER_BIN=${fromEnv} does not exist`);
    return fromEnv;
  }
  if (!existsSync(INSTALL_SCRIPT)) {
    throw new Error(`code-server install script not found at ${INSTALL_SCRIPT} (expected shared/ beside the repository), and CODE_SERVER_BIN is not set`);
  }
  const args = [INSTALL_SCRIPT, ...(process.env.CODE_SERVER_INSTALL_DIR ? [process.env.CODE_SERVER_INSTALL_DIR] : [])];
  const stdout = run('bash', args, { timeout: TIMEOUTS.install, what: 'install code-server' });
  const bin = stdout.trim().split('\n').pop()?.trim() ?? '';
  if (!bin || !existsSync(bin)) throw new Error(`install script printed no usable launcher path; stdout:\n${tail(stdout, 20)}`);
  return bin;
}

/** Builds smtp-lens.vsix from the current sources (production bundle). */
export function packageExtension(): string {
  if (process.env.E2E_SKIP_PACKAGE === '1' && existsSync(VSIX)) {
    log(`reusing ${VSIX} (E2E_SKIP_PACKAGE=1)`);
    return VSIX;
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  run(npm, ['run', 'package'], { timeout: TIMEOUTS.package, what: 'npm run package' });
  if (!existsSync(VSIX)) throw new Error(`npm run package did not produce ${VSIX}`);
  return VSIX;
}

/** Bundles the in-editor suite (electron/suite.ts, `vscode` left external) the way electron/run.mjs does. */
export async function bundleInEditorSuite(outfile: string): Promise<string> {
  await build({
    entryPoints: [join(REPO_ROOT, 'test', 'e2e', 'electron', 'suite.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return outfile;
}

/** A free TCP port on 127.0.0.1 (free when asked; code-server takes it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

export async function until<T>(what: string, timeout: number, probe: () => Promise<T | undefined> | T | undefined, interval = 250): Promise<T> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout / SECOND} s waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** All descendants of a process (Linux /proc), so nothing outlives the session even if it left the group. */
function descendants(pid: number): number[] {
  if (process.platform !== 'linux') return [];
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // the process ended meanwhile
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const child of children.get(p) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pids: number[], group: number | undefined, sig: NodeJS.Signals): void {
  if (group) {
    try {
      process.kill(-group, sig);
    } catch {
      // group already gone
    }
  }
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

export class CodeServerSession {
  readonly logLines: string[] = [];
  /** Where code-server's output goes (test-results/e2e/code-server*.log). */
  logPath = join(RESULTS_DIR, 'code-server.log');
  private exited: string | undefined;
  private stopped = false;
  private readonly exitHook = () => this.killNow();
  /** Interrupted (Ctrl+C, or the test runner ending the file): take code-server down, then exit as the signal would. */
  private readonly signalHook = (sig: NodeJS.Signals) => {
    this.killNow();
    try {
      rmSync(this.root, { recursive: true, force: true });
    } catch {
      // a process may still hold a file; the folder is in tmp anyway
    }
    process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
  };

  private constructor(
    readonly bin: string,
    readonly root: string,
    readonly workspace: string,
    readonly port: number,
    private readonly server: ChildProcess,
    private readonly logFile: WriteStream,
    private browser: Browser | undefined,
    private page: Page | undefined,
  ) {}

  /** Install (cached), package, install the vsix, start code-server and a browser on the workspace. */
  static async start(options: StartOptions = {}): Promise<CodeServerSession> {
    const started = Date.now();
    const bin = installCodeServer();
    const vsix = options.vsix === false ? undefined : options.vsix ?? packageExtension();

    const root = mkdtempSync(join(tmpdir(), 'smtp-lens-e2e-'));
    const dirs = {
      userData: join(root, 'user-data'),
      extensions: join(root, 'extensions'),
      workspace: join(root, 'workspace'),
      xdgConfig: join(root, 'xdg-config'),
      xdgData: join(root, 'xdg-data'),
    };
    for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
    const config = join(root, 'config.yaml');
    writeFileSync(config, 'auth: none\ncert: false\n');
    mkdirSync(join(dirs.userData, 'User'), { recursive: true });
    writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...options.settings }, null, 2));
    for (const [name, text] of Object.entries(options.files ?? {})) {
      const path = join(dirs.workspace, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
    // code-server keeps its own config and logs under XDG folders; keep them out of $HOME.
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, PASSWORD: undefined, HASHED_PASSWORD: undefined };
    delete env.PORT; // code-server would prefer $PORT over --bind-addr
    delete env.VSCODE_IPC_HOOK_CLI; // would make the CLI talk to an enclosing VS Code

    const common = ['--config', config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
    if (vsix) {
      run(bin, [...common, '--install-extension', vsix, '--force'], { env, timeout: TIMEOUTS.installExtension, what: 'install the vsix into code-server' });
      const listed = run(bin, [...common, '--list-extensions'], { env, timeout: TIMEOUTS.installExtension, what: 'list extensions' });
      if (!/smtp-lens\.smtp-lens/i.test(listed)) throw new Error(`smtp-lens is not among the installed extensions:\n${listed}`);
    }

    const port = await freePort();
    const args = [
      ...common,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      ...(options.pathProxy ? [] : ['--disable-proxy']),
      '--ignore-last-opened',
      dirs.workspace,
    ];
    mkdirSync(RESULTS_DIR, { recursive: true });
    const logPath = join(RESULTS_DIR, options.name ? `code-server-${options.name}.log` : 'code-server.log');
    const logFile = createWriteStream(logPath);
    // detached: its own process group, so stop() can take code-server and everything it spawned.
    const server = spawn(bin, args, { cwd: dirs.workspace, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const session = new CodeServerSession(bin, root, dirs.workspace, port, server, logFile, undefined, undefined);
    session.logPath = logPath;
    process.once('exit', session.exitHook);
    process.once('SIGINT', session.signalHook);
    process.once('SIGTERM', session.signalHook);
    const record = (chunk: Buffer) => {
      const text = chunk.toString();
      logFile.write(text);
      session.logLines.push(...text.split('\n').filter(Boolean));
      if (session.logLines.length > 2000) session.logLines.splice(0, session.logLines.length - 2000);
    };
    server.stdout?.on('data', record);
    server.stderr?.on('data', record);
    server.on('exit', (code, sig) => {
      session.exited = `code-server exited (${sig ?? code})`;
    });

    try {
      const url = `http://127.0.0.1:${port}`;
      await until(`code-server to answer on ${url}/healthz`, TIMEOUTS.serverReady, async () => {
        if (session.exited) throw new Error(session.exited);
        const response = await fetch(`${url}/healthz`).catch(() => undefined);
        return response?.ok ? true : undefined;
      });
      log(`code-server ${url} ready (${seconds(started)} since start)`);

      const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
      if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath} (set CHROMIUM_PATH)`);
      session.browser = await chromium.launch({
        executablePath,
        headless: process.env.E2E_HEADED !== '1',
        timeout: TIMEOUTS.ui * 3,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
      });
      const context = await session.browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
      session.page = await context.newPage();
      session.page.setDefaultTimeout(TIMEOUTS.ui);
      session.page.on('pageerror', (error) => session.logLines.push(`[page error] ${error.message}`));
      await session.page.goto(`${url}/?folder=${encodeURIComponent(dirs.workspace)}`, { timeout: TIMEOUTS.workbench });
      await session.waitForWorkbench();
      log(`workbench ready (${seconds(started)} since start)`);
      return session;
    } catch (error) {
      return await session.fail('start', error, true);
    }
  }

  get pageOrThrow(): Page {
    if (!this.page) throw new Error('no browser page');
    return this.page;
  }

  private async waitForWorkbench(): Promise<void> {
    const page = this.pageOrThrow;
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: TIMEOUTS.workbench });
    // The explorer lists the workspace once the remote file system answers.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: TIMEOUTS.workbench });
    await this.dismissNotifications();
  }

  /** Closes any toasts (e.g. "new release"), which could cover the editor. */
  async dismissNotifications(): Promise<void> {
    const page = this.pageOrThrow;
    const toasts = page.locator('.notification-toast');
    const count = await toasts.count();
    for (let i = 0; i < count; i++) {
      await toasts.nth(0).hover().catch(() => undefined);
      await page.locator('.notification-toast .codicon-notifications-clear').first().click({ timeout: 2000 }).catch(() => undefined);
    }
  }

  /** Opens a workspace file through Quick Open (Ctrl+P), as a user would, and waits for its editor. */
  async openFile(relativePath: string): Promise<void> {
    const page = this.pageOrThrow;
    const name = relativePath.split('/').pop() ?? relativePath;
    await until(`Quick Open to offer ${relativePath}`, TIMEOUTS.ui * 2, async () => {
      await this.focusWorkbench();
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(relativePath);
      // Enter takes the focused row. Until Quick Open has filtered, that is the most recent file of its
      // history, while the file asked for may already show further down (it was opened before): wait
      // for the focused row to be the one asked for (on fresh clones Enter reopened the last file).
      const row = page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first();
      try {
        await row.waitFor({ state: 'visible', timeout: 5000 });
      } catch (error) {
        await page.keyboard.press('Escape');
        throw error;
      }
      await page.keyboard.press('Enter');
      // Quick Open can take the Enter while its list is still being refilled (a settings file just
      // written makes it search again) and open nothing: then open it again, not wait out the test.
      await page.locator(`.tabs-container .tab[aria-label^="${name}"]`).first().waitFor({ state: 'visible', timeout: 5000 });
      return true;
    }, 500);
    await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
    await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  }

  private async focusWorkbench(): Promise<void> {
    const page = this.pageOrThrow;
    await page.keyboard.press('Escape');
    const editor = page.locator('.editor-instance .monaco-editor textarea').first();
    if (await editor.count()) await editor.focus();
    else await page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 }, force: true }).catch(() => undefined);
  }

  /** The language mode shown in the status bar (e.g. "SMTP Transcript"). */
  async languageMode(): Promise<string> {
    const item = this.pageOrThrow.locator('#status\\.editor\\.mode');
    await item.waitFor({ state: 'visible' });
    return (await item.innerText()).trim();
  }

  /** Moves the cursor with "Go to Line/Column" (Ctrl+G) to a 1-based line and column. */
  async goTo(line: number, column: number): Promise<void> {
    const page = this.pageOrThrow;
    await page.locator('.editor-instance .monaco-editor textarea').first().focus();
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    // In VS Code 1.100 "Go to Line" is Quick Open prefilled with ':'; keep the prefix or it becomes a file search.
    await until('the Go to Line prompt', TIMEOUTS.ui, async () => ((await input.inputValue()).startsWith(':') ? true : undefined), 100);
    await input.fill(`:${line}:${column}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: `${line}` }).first().waitFor({ state: 'visible' }).catch(() => undefined);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
    await until(`the cursor to reach ${line}:${column}`, TIMEOUTS.ui, async () => {
      const status = await page.locator('#status\\.editor\\.selection').innerText().catch(() => '');
      return status.includes(`Ln ${line}, Col ${column}`) ? true : undefined;
    });
  }

  /** Shows the hover at the cursor ("Show or Focus Hover", Ctrl+K Ctrl+I) and returns its text ('' when none shows). */
  async showHoverAtCursor(wait = 3000): Promise<string> {
    const page = this.pageOrThrow;
    await page.locator('.editor-instance .monaco-editor textarea').first().focus();
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden) .hover-contents').first();
    try {
      await hover.waitFor({ state: 'visible', timeout: wait });
    } catch {
      return '';
    }
    // Markdown renders in steps; wait until the text stops changing.
    let previous = '';
    for (let i = 0; i < 10; i++) {
      const text = await page.locator('.monaco-editor .monaco-hover:not(.hidden)').first().innerText().catch(() => '');
      if (text && text === previous) return text;
      previous = text;
      await page.waitForTimeout(150);
    }
    return previous;
  }

  /**
   * Repeats "go to, show hover" until `accept(text)` holds or `timeout` passes (the language server may still be
   * starting). Returns the last text seen either way.
   */
  async hoverUntil(line: number, column: number, accept: (text: string) => boolean, timeout = 60 * SECOND): Promise<string> {
    const page = this.pageOrThrow;
    const deadline = Date.now() + timeout;
    let text = '';
    let attempts = 0;
    while (Date.now() < deadline) {
      attempts++;
      await page.keyboard.press('Escape');
      await this.goTo(line, column);
      text = await this.showHoverAtCursor();
      if (accept(text)) {
        log(`hover at ${line}:${column} after ${attempts} attempt(s)`);
        return text;
      }
      await page.waitForTimeout(1000);
    }
    log(`hover at ${line}:${column}: gave up after ${attempts} attempts`);
    return text;
  }

  /**
   * Runs an extension test module (exporting `run()`, like electron/suite.ts) in code-server's Node extension host:
   * opens a second window whose URL payload names an extension under development and the tests, as VS Code's own
   * browser integration tests do, and waits for the workbench to report the exit code.
   */
  async runExtensionTests(options: { extensionDevelopmentPath: string; extensionTestsPath: string; timeout?: number }): Promise<{ code: number; log: string[] }> {
    const context = this.pageOrThrow.context();
    const page = await context.newPage();
    const log: string[] = [];
    try {
      let exit!: (code: number) => void;
      const exited = new Promise<number>((r) => (exit = r));
      await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
        log.push(`${type}: ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
      });
      await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
      page.on('pageerror', (error) => log.push(`page error: ${error.message}`));
      const authority = `127.0.0.1:${this.port}`;
      const remote = (path: string) => `vscode-remote://${authority}${resolve(path)}`;
      const payload = JSON.stringify([
        ['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)],
        ['extensionTestsPath', remote(options.extensionTestsPath)],
        ['skipWelcome', 'true'],
      ]);
      await page.goto(`http://${authority}/?folder=${encodeURIComponent(this.workspace)}&payload=${encodeURIComponent(payload)}`, { timeout: TIMEOUTS.workbench });
      const timeout = options.timeout ?? 3 * 60 * SECOND;
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([
        exited,
        new Promise<never>((_, fail) => {
          timer = setTimeout(() => fail(new Error(`extension tests did not finish within ${timeout / SECOND} s; log:\n${log.slice(-30).join('\n')}`)), timeout);
        }),
      ]).finally(() => clearTimeout(timer));
      return { code, log };
    } catch (error) {
      await page.screenshot({ path: join(RESULTS_DIR, 'failure-extension-tests.png') }).catch(() => undefined);
      throw error;
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  /** Saves a screenshot (the whole window, or `clip`) as test-results/e2e/<name>.png and returns its path. */
  async screenshot(name: string, clip?: Box): Promise<string> {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const path = join(RESULTS_DIR, `${name}.png`);
    await this.pageOrThrow.screenshot({ path, timeout: TIMEOUTS.ui, ...(clip ? { clip } : {}) });
    return path;
  }

  /** The on-screen box of the first element matching `selector` (throws when there is none). */
  async box(selector: string): Promise<Box> {
    const found = await this.pageOrThrow.locator(selector).first().boundingBox();
    if (!found) throw new Error(`${selector} is not on screen`);
    return found;
  }

  /**
   * Runs a command from the Command Palette (F1) by its title as listed ("View: Close All Editors"): types it, moves
   * the selection to the entry with exactly that title and presses Enter.
   */
  async runCommand(title: string): Promise<void> {
    const page = this.pageOrThrow;
    await until(`the Command Palette to run "${title}"`, TIMEOUTS.ui * 2, async () => {
      await this.focusWorkbench();
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(`>${title}`);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible', timeout: 5000 });
      await this.selectQuickInputRow((label) => label === title || label.startsWith(`${title},`));
      return true;
    }, 500);
  }

  /**
   * In an open quick pick: types `value`, moves the selection to the first row whose label satisfies `accept`
   * (arrow keys, as a user would), presses Enter and waits for the pick to close or change.
   */
  async pickQuickInput(value: string, accept: (label: string) => boolean, what = value): Promise<void> {
    const page = this.pageOrThrow;
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    const placeholder = await input.getAttribute('placeholder');
    await input.fill(value);
    await until(`a quick pick row for ${what}`, TIMEOUTS.ui, async () => {
      const labels = await page.locator('.quick-input-list .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
      return labels.some(accept) ? true : undefined;
    });
    await this.selectQuickInputRow(accept);
    // The pick closes, or (a multi-step command) shows its next step with another placeholder.
    await until(`the quick pick to take ${what}`, TIMEOUTS.ui, async () => {
      if (!(await input.isVisible())) return true;
      return (await input.getAttribute('placeholder')) !== placeholder ? true : undefined;
    });
  }

  /** Moves the quick input selection to the first row whose aria-label satisfies `accept`, then presses Enter. */
  private async selectQuickInputRow(accept: (label: string) => boolean): Promise<void> {
    const page = this.pageOrThrow;
    const focused = page.locator('.quick-input-list .monaco-list-row.focused');
    for (let step = 0; step < 30; step++) {
      const label = (await focused.first().getAttribute('aria-label', { timeout: 2000 }).catch(() => null)) ?? '';
      if (accept(label)) {
        await page.keyboard.press('Enter');
        return;
      }
      await page.keyboard.press('ArrowDown');
    }
    throw new Error('no quick pick row matched within 30 rows');
  }

  /** Escape, hide the panel, close every editor: a known state for the next test (editors must not be dirty). */
  async resetWorkbench(): Promise<void> {
    const page = this.pageOrThrow;
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    if (await page.locator('.part.panel').isVisible().catch(() => false)) await this.runCommand('View: Hide Panel');
    if (await page.locator('.tabs-container .tab').count()) await this.runCommand('View: Close All Editors');
    await until('all editors to close', TIMEOUTS.ui, async () => ((await page.locator('.tabs-container .tab').count()) === 0 ? true : undefined));
  }

  /**
   * The lines the active text editor shows, read from the DOM: line number (from the gutter), text, and the
   * tokens as rendered (each span's text, class and computed colour). Only lines on screen are there.
   */
  async visibleLines(): Promise<RenderedLine[]> {
    // No named functions in here: the test runner's transpiler would wrap them in a helper the page lacks.
    return this.pageOrThrow.evaluate(() => {
      const editor = [
        ...Array.from(document.querySelectorAll('.editor-group-container.active .editor-instance .monaco-editor')),
        ...Array.from(document.querySelectorAll('.editor-instance .monaco-editor')),
      ].find((e) => (e as HTMLElement).offsetParent !== null);
      if (!editor) return [];
      const numbers = Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers'))
        .map((n) => ({ line: Number(n.textContent?.trim()), rect: n.getBoundingClientRect() }))
        .filter((n) => Number.isInteger(n.line) && n.line > 0);
      const lines = [];
      for (const row of Array.from(editor.querySelectorAll('.view-lines .view-line'))) {
        const rect = row.getBoundingClientRect();
        const number = numbers.find((n) => Math.abs(n.rect.top + n.rect.height / 2 - (rect.top + rect.height / 2)) < rect.height / 2);
        if (!number) continue;
        const tokens = Array.from(row.querySelectorAll(':scope > span > span')).map((span) => ({
          text: (span.textContent ?? '').replace(/\u00a0/g, ' '),
          className: span.className,
          color: getComputedStyle(span).color,
        }));
        lines.push({ line: number.line, text: (row.textContent ?? '').replace(/\u00a0/g, ' '), tokens, top: rect.top });
      }
      return lines.sort((a, b) => a.line - b.line);
    });
  }

  /** The text of line `line` (1-based) of the active editor as rendered, after moving the cursor there. */
  async lineText(line: number): Promise<string> {
    await this.goTo(line, 1);
    return until(`line ${line} to be rendered`, TIMEOUTS.ui, async () => (await this.visibleLines()).find((l) => l.line === line)?.text);
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and returns the text of each row once `accept` holds for the rows. */
  async problems(accept: (rows: string[]) => boolean, timeout = 60 * SECOND): Promise<string[]> {
    const page = this.pageOrThrow;
    await this.focusWorkbench();
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    let seen: string[] = [];
    try {
      return await until('the Problems panel to list the expected rows', timeout, async () => {
        seen = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
        return accept(seen) ? seen : undefined;
      }, 500);
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; the panel lists:\n${seen.join('\n') || '(nothing)'}`);
    }
  }

  /** Shows the code actions at the cursor (Ctrl+.) and returns their titles once `accept` holds (retrying meanwhile). */
  async codeActions(accept: (titles: string[]) => boolean, timeout = 30 * SECOND): Promise<string[]> {
    const page = this.pageOrThrow;
    const actions = page.locator('.action-widget .monaco-list-row.action');
    let seen: string[] = [];
    try {
      return await until('the code actions', timeout, async () => {
        await page.keyboard.press('Escape');
        await page.locator('.editor-instance .monaco-editor textarea').first().focus();
        await page.keyboard.press('Control+.');
        await actions.first().waitFor({ state: 'visible', timeout: 3000 }).catch(() => undefined);
        seen = await actions.evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
        return accept(seen) ? seen : undefined;
      }, 1000);
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; offered: ${JSON.stringify(seen)}`);
    }
  }

  /** With the code action menu open: moves the selection to the action titled `title` and applies it (Enter). */
  async applyCodeAction(title: string): Promise<void> {
    const page = this.pageOrThrow;
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let step = 0; step < 30; step++) {
      if ((await focused.first().getAttribute('aria-label', { timeout: 2000 }).catch(() => null)) === title) {
        await page.keyboard.press('Enter');
        await page.locator('.action-widget').first().waitFor({ state: 'hidden' });
        return;
      }
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`no code action titled ${JSON.stringify(title)}`);
  }

  /**
   * The frame (e.g. inside a webview such as the Markdown preview) whose text contains every one of `needles`,
   * with that text; waits up to `timeout`. Webviews are nested iframes, which Playwright lists as frames.
   */
  async frameWithText(needles: string[], timeout = 30 * SECOND): Promise<{ frame: Frame; text: string }> {
    const page = this.pageOrThrow;
    let best = '';
    try {
      return await until(`a frame showing ${JSON.stringify(needles)}`, timeout, async () => {
        for (const frame of page.frames()) {
          if (frame === page.mainFrame()) continue;
          const text = await frame.locator('body').innerText({ timeout: 1000 }).catch(() => '');
          if (needles.every((n) => text.includes(n))) return { frame, text };
          if (needles.filter((n) => text.includes(n)).length > needles.filter((n) => best.includes(n)).length) best = text;
        }
        return undefined;
      }, 500);
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; closest frame text:\n${best.slice(0, 600) || '(none)'}`);
    }
  }

  /** The last lines code-server wrote. */
  logTail(lines = 40): string {
    return this.logLines.slice(-lines).join('\n');
  }

  /** On a failure: screenshot, print the log tail, rethrow with context; with `stop`, end the session too. */
  async fail(step: string, error: unknown, stop = false): Promise<never> {
    let shot = '';
    if (this.page) shot = await this.screenshot(`failure-${step.replace(/[^\w-]+/g, '-')}`).catch((e) => `(no screenshot: ${String(e)})`);
    const message = `${step} failed: ${error instanceof Error ? error.message : String(error)}\n` +
      `screenshot: ${shot || '(no page)'}\ncode-server log tail (full log in ${this.logPath}):\n${this.logTail()}`;
    if (stop) await this.stop();
    const wrapped = new Error(message);
    if (error instanceof Error) wrapped.stack = `${message}\n${error.stack ?? ''}`;
    throw wrapped;
  }

  /** Runs `body`, turning a failure into screenshot + log tail. The session stays up for later tests either way. */
  async step<T>(name: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      return this.fail(name, error);
    }
  }

  private killNow(): void {
    const pid = this.server.pid;
    if (!pid) return;
    const pids = descendants(pid);
    signal([pid, ...pids], pid, 'SIGKILL');
  }

  /** Closes the browser, ends code-server's whole process group, removes the temporary folder. Safe to repeat. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const browser = this.browser;
    this.browser = undefined;
    this.page = undefined;
    await Promise.race([browser?.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10 * SECOND))]);
    const pid = this.server.pid;
    if (pid) {
      const pids = [pid, ...descendants(pid)];
      signal(pids, pid, 'SIGTERM');
      const deadline = Date.now() + 5 * SECOND;
      while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const left = pids.filter(alive);
      if (left.length) signal(left, pid, 'SIGKILL');
    }
    process.removeListener('exit', this.exitHook);
    process.removeListener('SIGINT', this.signalHook);
    process.removeListener('SIGTERM', this.signalHook);
    await new Promise((r) => this.logFile.end(r));
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The text of a fixture under test/fixtures. */
export function fixtureText(name: string): string {
  return readFileSync(join(REPO_ROOT, 'test', 'fixtures', name), 'utf8');
}
