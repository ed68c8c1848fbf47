import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspSession } from '../test/helpers/lsp-client';
import { projectRoot } from '../test/helpers/root';
import { transcript } from './generate';
import type { Row } from './measure';

const MB = 1024 * 1024;

/** A server that only keeps the documents and publishes empty diagnostics: the baseline (bare-server.cjs). */
const BARE_SERVER = resolve(projectRoot(), 'bench', 'bare-server.cjs');

/** Resident set size of a process now, in MB (Linux; undefined elsewhere). */
function residentMB(pid: number | undefined): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return kb ? Number(kb[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

interface BigDocumentRun {
  /** didOpen to the first diagnostics published. */
  openMs: number;
  /** didOpen to the last diagnostics published for the opened version (those of the whole document). */
  allMs: number;
  /** A hover sent right behind didOpen: answered after. */
  hoverWhileOpeningMs: number;
  /** Each one-character edit: didChange to its diagnostics. */
  editMs: number[];
  hoverP50: number;
  hoverP99: number;
  /** Resident set once the document is open, edited and hovered, and the server idle. */
  rssMB?: number;
}

/** Opens the 20 MB transcript in `server`, edits it five times, hovers it 200 times, and measures it all. */
async function bigDocument(text: string, server?: string): Promise<BigDocumentRun> {
  const lsp = new LspSession({}, server);
  try {
    await lsp.initialize();
    const uri = 'file:///big.smtp';
    const openStart = performance.now();
    const opened = lsp.open(uri, 'smtp', text);
    // A hover right behind the opening: answered between two slices of the analysis, not after it.
    const hoverWhileOpeningMs = await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 4 } })
      .then(() => performance.now() - openStart);
    await opened;
    const openMs = performance.now() - openStart;
    // A long transcript gets the diagnostics of its first lines first: the last publish of version 1,
    // ten seconds without another after it (the whole analysis publishes nothing on its way), is the
    // whole document's.
    let allMs = openMs;
    for (;;) {
      const next = await Promise.race([lsp.nextDiagnostics(uri, 1).then(() => true), pause(10_000).then(() => false)]);
      if (!next) break;
      allMs = performance.now() - openStart;
    }
    const lineCount = text.split('\n').length;
    const middle = Math.floor(lineCount / 2);
    const editMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const version = lsp.nextVersion();
      const published = lsp.nextDiagnostics(uri, version);
      const start = performance.now();
      await lsp.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: middle + i, character: 0 }, end: { line: middle + i, character: 0 } }, text: 'x' }] });
      await published;
      editMs.push(performance.now() - start);
    }
    const hovers: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = performance.now();
      await lsp.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: (i * 7919) % (middle * 2), character: 4 } });
      hovers.push(performance.now() - start);
    }
    hovers.sort((a, b) => a - b);
    await pause(500);
    return {
      openMs, allMs, hoverWhileOpeningMs, editMs,
      hoverP50: hovers[hovers.length >> 1], hoverP99: hovers[Math.floor(hovers.length * 0.99)],
      rssMB: residentMB(lsp.process.pid),
    };
  } finally {
    await lsp.close();
  }
}

/** Through the bundled server over stdio: what a user waits for in the editor, beside a bare server doing the same. */
export async function serverBenchmarks(): Promise<Row[]> {
  const rows: Row[] = [];

  // Start to first hover: spawn, initialize, open a small transcript, hover.
  const started = performance.now();
  const first = new LspSession();
  await first.initialize();
  await first.open('file:///small.smtp', 'smtp', 'S: 220 mx ESMTP\nC: EHLO x\nS: 250 mx\nC: RCPT TO:<a@b>\nS: 550 5.1.1 no');
  await first.request<Hover>('textDocument/hover', { textDocument: { uri: 'file:///small.smtp' }, position: { line: 4, character: 4 } });
  const firstHover = performance.now() - started;
  await first.close();
  rows.push({ name: 'server start to first hover answered', value: firstHover, unit: 'ms', target: '< 300 ms', met: firstHover < 300 });

  const text = transcript(20 * MB, 20261128);
  const documentMB = Buffer.byteLength(text) / MB;
  const bare = await bigDocument(text, BARE_SERVER);
  const ours = await bigDocument(text);

  rows.push({
    name: 'open the 20 MB transcript: didOpen to its first diagnostics (those of its first 1,500 lines)', value: ours.openMs, unit: 'ms',
    baseline: { name: 'bare server (keeps the text, publishes empty diagnostics)', value: bare.openMs, unit: 'ms' }, ratio: ours.openMs / bare.openMs,
    target: '≤ 500 ms', met: ours.openMs <= 500,
  });
  rows.push({
    name: 'open the 20 MB transcript: didOpen to the diagnostics of the whole document', value: ours.allMs, unit: 'ms',
    baseline: { name: 'bare server', value: bare.allMs, unit: 'ms' }, ratio: ours.allMs / bare.allMs,
  });
  rows.push({
    name: 'hover sent right after opening the 20 MB transcript: answered after', value: ours.hoverWhileOpeningMs, unit: 'ms',
    baseline: { name: 'diagnostics of the whole file published after', value: ours.allMs, unit: 'ms' }, ratio: ours.hoverWhileOpeningMs / ours.allMs,
  });
  // The slowest of the five edits: a user waits for each one.
  const editMs = Math.max(...ours.editMs);
  rows.push({
    name: 'one-character edit in the middle of 20 MB: didChange to new diagnostics (100 ms debounce included), slowest of 5', value: editMs, unit: 'ms',
    baseline: { name: 'bare server, slowest of 5', value: Math.max(...bare.editMs), unit: 'ms' }, target: '≤ 150 ms', met: editMs <= 150,
  });
  rows.push({
    name: 'hover round trip through the server on 20 MB, p99', value: ours.hoverP99, unit: 'ms',
    baseline: { name: 'bare server p99', value: bare.hoverP99, unit: 'ms' }, target: 'within 1 ms of the bare server', met: ours.hoverP99 - bare.hoverP99 <= 1,
  });
  rows.push({ name: 'hover round trip through the server on 20 MB, p50', value: ours.hoverP50, unit: 'ms', baseline: { name: 'bare server p50', value: bare.hoverP50, unit: 'ms' } });
  if (ours.rssMB !== undefined && bare.rssMB !== undefined) {
    const above = (ours.rssMB - bare.rssMB) / documentMB;
    rows.push({
      name: `server RSS holding the 20 MB transcript (open, edited, hovered; ${ours.rssMB.toFixed(0)} MB), above the bare server, per MB of document`, value: above, unit: 'MB/MB',
      baseline: { name: 'bare server holding the same text', value: bare.rssMB, unit: 'MB' }, target: '≤ 2', met: above <= 2,
    });
  }
  return rows;
}
