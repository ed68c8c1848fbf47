// Collects every regex of the TextMate grammars and language configurations, and rewrites the
// Oniguruma-only syntax the grammars use into its JavaScript equivalent so a JS ReDoS checker can
// analyse it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, grammarContributions } from './textmate';

export interface GrammarRegex {
  /** the regex as written in the grammar (Oniguruma syntax) */
  source: string;
  /** where it was found: file and JSON path */
  where: string;
  /** match | begin | end | while | wordPattern */
  kind: string;
}

export function collectGrammarRegexes(): GrammarRegex[] {
  const out: GrammarRegex[] = [];
  for (const g of grammarContributions()) {
    const file = g.path.slice(ROOT.length + 1);
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) {
        node.forEach((item, i) => walk(item, `${path}[${i}]`));
        return;
      }
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (['match', 'begin', 'end', 'while'].includes(key) && typeof value === 'string') {
          out.push({ source: value, where: `${file} ${path}.${key}`, kind: key });
        } else {
          walk(value, `${path}.${key}`);
        }
      }
    };
    walk(JSON.parse(readFileSync(g.path, 'utf8')), '$');
  }
  return out;
}

export interface LanguageConfiguration {
  file: string;
  config: {
    comments?: { lineComment?: string; blockComment?: [string, string] };
    brackets?: [string, string][];
    wordPattern?: string | { pattern: string; flags?: string };
    [key: string]: unknown;
  };
}

export function languageConfigurations(): LanguageConfiguration[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    contributes?: { languages?: { configuration?: string }[] };
  };
  return (manifest.contributes?.languages ?? [])
    .filter((l) => l.configuration)
    .map((l) => {
      const file = join(ROOT, l.configuration as string);
      return { file: file.slice(ROOT.length + 1), config: JSON.parse(readFileSync(file, 'utf8')) };
    });
}

export function collectWordPatterns(): GrammarRegex[] {
  return languageConfigurations().flatMap(({ file, config }) => {
    const wp = config.wordPattern;
    if (!wp) return [];
    const source = typeof wp === 'string' ? wp : wp.pattern;
    return [{ source, where: `${file} wordPattern`, kind: 'wordPattern' }];
  });
}

export interface JsRegex {
  source: string;
  flags: string;
}

/**
 * Rewrites the Oniguruma constructs the grammars use into JavaScript:
 * - `\G` (the position where the search starts) and `\A` become `^`: the checker then analyses
 *   the regex anchored at the search start, which is how vscode-textmate runs it.
 * - `\z` becomes `$`, `\Z` becomes `(?=\n?$)`.
 * - inline case-insensitive groups `(?i:...)` and a leading `(?i)` become plain groups and the `i`
 *   flag (case folding does not change how a regex backtracks).
 * - back-references in an `end` pattern (to groups of its `begin`) become "one character".
 * Anything else Oniguruma-specific is left alone; recheck then reports a syntax error, which the
 * test treats as a failure: the grammar must not use it.
 */
export function toJavaScript(source: string, kind: string): JsRegex {
  let flags = '';
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      i++;
      if (inClass) {
        out += c + n;
      } else if (n === 'G' || n === 'A') {
        out += '^';
      } else if (n === 'z') {
        out += '$';
      } else if (n === 'Z') {
        out += '(?=\\n?$)';
      } else if (/[1-9]/.test(n) && (kind === 'end' || kind === 'while')) {
        out += '[^\\n]';
      } else {
        out += c + n;
      }
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (source[i + 1] === '^') out += source[++i];
      if (source[i + 1] === ']') out += source[++i];
      continue;
    }
    if (source.startsWith('(?i:', i)) {
      flags = 'i';
      out += '(?:';
      i += 3;
      continue;
    }
    if (source.startsWith('(?i)', i)) {
      flags = 'i';
      i += 3;
      continue;
    }
    out += c;
  }
  return { source: out, flags };
}
