// Loads the extension's TextMate grammars with vscode-textmate + vscode-oniguruma (the engine VS Code
// uses) and tokenizes text with them. Shared by the grammar tests and the benchmark.
//
//   const tm = await loadGrammars();
//   const lines = tokenize(tm.grammar('text.smtp'), 'S: 220 mx ESMTP\nC: EHLO me');
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { projectRoot } from '../../helpers/root';

/** Repository root. */
export const ROOT = projectRoot();

export interface GrammarContribution {
  language?: string;
  scopeName: string;
  /** absolute path of the grammar JSON */
  path: string;
}

export interface Token {
  startIndex: number;
  endIndex: number;
  scopes: string[];
}

export interface TokenizedLine {
  text: string;
  tokens: Token[];
  /** true when vscode-textmate gave up on the line (time limit) */
  stoppedEarly: boolean;
}

/** The subset of vscode-textmate's IGrammar that the tests use. */
export interface Grammar {
  tokenizeLine(
    line: string,
    state: unknown,
    timeLimit?: number,
  ): { tokens: Token[]; ruleStack: unknown; stoppedEarly: boolean };
}

export interface LoadedGrammars {
  contributions: GrammarContribution[];
  grammar(scopeName: string): Grammar;
  /** vscode-textmate's INITIAL state */
  initial: unknown;
}

interface TextmateModule {
  Registry: new (options: unknown) => { loadGrammar(scopeName: string): Promise<Grammar | null> };
  INITIAL: unknown;
  parseRawGrammar(content: string, filePath?: string): unknown;
}

export interface OnigModule {
  loadWASM(data: ArrayBuffer | { data: ArrayBuffer }): Promise<void>;
  OnigScanner: new (patterns: string[]) => unknown;
  OnigString: new (text: string) => unknown;
}

/**
 * vscode-textmate and vscode-oniguruma come with vscode-tmgrammar-test. Resolve them from the
 * project first and from vscode-tmgrammar-test's own folder if npm did not hoist them.
 */
function requireEngine<T>(name: string): { module: T; path: string } {
  const fromRoot = createRequire(join(ROOT, 'package.json'));
  for (const base of [fromRoot, createRequire(fromRoot.resolve('vscode-tmgrammar-test/package.json'))]) {
    try {
      const path = base.resolve(name);
      return { module: base(name) as T, path };
    } catch {
      // try the next place
    }
  }
  throw new Error(`cannot resolve ${name}: is vscode-tmgrammar-test installed?`);
}

/** The grammars package.json contributes, with absolute paths. */
export function grammarContributions(): GrammarContribution[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes?: { grammars?: { language?: string; scopeName: string; path: string }[] };
  };
  return (manifest.contributes?.grammars ?? []).map((g) => ({ ...g, path: join(ROOT, g.path) }));
}

let onigLoaded: Promise<OnigModule> | undefined;

/** vscode-oniguruma with its WASM loaded (once per process). */
export function loadOniguruma(): Promise<OnigModule> {
  onigLoaded ??= (async () => {
    const onig = requireEngine<OnigModule>('vscode-oniguruma');
    const wasm = readFileSync(join(dirname(onig.path), 'onig.wasm'));
    await onig.module.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return onig.module;
  })();
  return onigLoaded;
}

let cached: Promise<LoadedGrammars> | undefined;

/** Loads (once per process) every contributed grammar into one registry. */
export function loadGrammars(): Promise<LoadedGrammars> {
  cached ??= load();
  return cached;
}

function load(): Promise<LoadedGrammars> {
  return loadGrammarFiles(grammarContributions());
}

/** Loads the given grammar files into one registry (the benchmark adds VS Code's own Log grammar). */
export async function loadGrammarFiles(contributions: GrammarContribution[]): Promise<LoadedGrammars> {
  const tm = requireEngine<TextmateModule>('vscode-textmate').module;
  const onig = await loadOniguruma();
  const raw = new Map(contributions.map((c) => [c.scopeName, c.path]));
  const registry = new tm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new onig.OnigScanner(patterns),
      createOnigString: (text: string) => new onig.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => {
      const path = raw.get(scopeName);
      return path ? tm.parseRawGrammar(readFileSync(path, 'utf8'), path) : null;
    },
  });
  const grammars = new Map<string, Grammar>();
  for (const c of contributions) {
    const grammar = await registry.loadGrammar(c.scopeName);
    if (!grammar) throw new Error(`grammar ${c.scopeName} did not load`);
    grammars.set(c.scopeName, grammar);
  }
  return {
    contributions,
    initial: tm.INITIAL,
    grammar(scopeName: string): Grammar {
      const g = grammars.get(scopeName);
      if (!g) throw new Error(`no grammar for ${scopeName}`);
      return g;
    },
  };
}

/**
 * Tokenizes text line by line (lines split on CRLF, LF or a lone CR, as VS Code does).
 * `timeLimit` is passed to vscode-textmate per line; 0 means none.
 */
export function tokenize(grammar: Grammar, text: string, initial: unknown, timeLimit = 0): TokenizedLine[] {
  let state = initial;
  return text.split(/\r\n|\n|\r/).map((line) => {
    const result = grammar.tokenizeLine(line, state, timeLimit);
    state = result.ruleStack;
    return { text: line, tokens: result.tokens, stoppedEarly: result.stoppedEarly };
  });
}

/** One line per token, `text<TAB>scopes` — handy when writing tests. */
export function describeTokens(lines: TokenizedLine[]): string {
  return lines
    .map((l) =>
      l.tokens.map((t) => `${JSON.stringify(l.text.slice(t.startIndex, t.endIndex))}\t${t.scopes.slice(1).join(' ')}`).join('\n'),
    )
    .join('\n--\n');
}
