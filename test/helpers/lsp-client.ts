import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { projectRoot } from './root';

export const SERVER = resolve(projectRoot(), 'dist', 'server.js');

/** The bundled server started over stdio, and a JSON-RPC connection that speaks LSP to it. */
export class LspSession {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: Array<{ uri: string; version?: number; resolve: (d: Diagnostic[]) => void }> = [];
  stderr = '';
  /** Messages the server showed the user (window/showMessage). */
  readonly shownMessages: string[] = [];
  /** Workspace edits the server asked the client to apply. */
  readonly appliedEdits: unknown[] = [];
  private version = 1;

  /**
   * `settings` answers workspace/configuration: the same for every item, or per item from its
   * scopeUri (undefined for the workspace's own settings). `server` is the script to start (the
   * benchmarks start a bare server beside ours).
   */
  constructor(settings: Record<string, unknown> | ((scopeUri: string | undefined) => Record<string, unknown>) = {}, server = SERVER) {
    this.process = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (chunk: Buffer) => { this.stderr += chunk.toString(); });
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      for (const waiter of this.waiters.filter((w) => w.uri === params.uri && (w.version === undefined || w.version === params.version))) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(params.diagnostics);
      }
    });
    this.connection.onRequest('workspace/configuration', (params: { items: Array<{ scopeUri?: string }> }) =>
      params.items.map((item) => (typeof settings === 'function' ? settings(item.scopeUri) : settings)));
    this.connection.onRequest('workspace/applyEdit', (params: { edit: unknown }) => {
      this.appliedEdits.push(params.edit);
      return { applied: true };
    });
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onNotification('window/showMessage', (params: { message: string }) => { this.shownMessages.push(params.message); });
    this.connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
      this.shownMessages.push(params.message);
      return null;
    });
    this.connection.listen();
  }

  async initialize(locale = 'en'): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid, rootUri: null, locale,
      capabilities: {
        workspace: { configuration: true, applyEdit: true, inlayHint: { refreshSupport: true } },
        textDocument: { hover: { contentFormat: ['markdown'] }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Opens a document and resolves with the first diagnostics published for it. */
  open(uri: string, languageId: string, text: string): Promise<Diagnostic[]> {
    const published = this.nextDiagnostics(uri);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: this.version++, text } });
    return published;
  }

  /** The next diagnostics published for the document, or for one version of it. */
  nextDiagnostics(uri: string, version?: number): Promise<Diagnostic[]> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest<T>(method, params);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  nextVersion(): number {
    return this.version++;
  }

  /** shutdown + exit, then waits for the process to end; returns its exit code. */
  async close(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.process.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}
