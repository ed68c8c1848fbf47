import { readFileSync, statSync } from 'node:fs';
import Module from 'node:module';
import { resolve } from 'node:path';
import type { Row } from './measure';
import { projectRoot } from '../test/helpers/root';

const ROOT = projectRoot();
const KB = 1024;
/** The parts of the VS Code API the client and its language client library reach for; the classes the
 *  bundle names (`.ThemeIcon`, `.TreeItem` …) are added from the bundle itself, so a new one cannot crash
 *  this section again. */
const VSCODE_NAMES = [
  'Uri', 'workspace', 'window', 'commands', 'env', 'l10n', 'languages', 'extensions', 'EventEmitter', 'Disposable', 'Hover', 'MarkdownString',
  'Range', 'Position', 'Selection', 'Diagnostic', 'ConfigurationTarget', 'ProgressLocation', 'StatusBarAlignment', 'TextEditorRevealType',
];

/** Sizes of what ships (npm run package made them) and the cost of loading the client bundle. */
export function packageBenchmarks(): Row[] {
  const size = (path: string) => statSync(resolve(ROOT, path)).size / KB;
  const rows: Row[] = [
    { name: 'dist/server.js (minified; the catalog ships beside it as dist/data)', value: size('dist/server.js'), unit: 'KB', target: '< 400 KB', met: size('dist/server.js') < 400 },
    { name: 'dist/web/server.js (web worker build)', value: size('dist/web/server.js'), unit: 'KB' },
    { name: 'smtp-lens.vsix', value: size('smtp-lens.vsix'), unit: 'KB', target: '< 1 MB', met: size('smtp-lens.vsix') < 1024 },
  ];
  // Activation is loading the client bundle and calling activate(), which registers the commands and
  // leaves loading the language client library and starting the server to just after: time both
  // with a stand-in `vscode` (the deferred start then fails on the stand-in, harmlessly).
  const load = Module.prototype.require;
  // Every property is itself a constructible stand-in: the bundle subclasses vscode classes at load.
  const stub: object = new Proxy(function standIn() {}, {
    get: (_target, key) => (key === 'prototype' ? {} : stub),
    // The client sets properties on what the API hands back (a status bar item's name, text, command).
    set: () => true,
    construct: () => stub,
    apply: () => stub,
  });
  // The bundle copies the module's own names (an ES namespace over CommonJS): give it the API's.
  const bundleClasses = readFileSync(resolve(ROOT, 'dist', 'client.js'), 'utf8').matchAll(/\.([A-Z][A-Za-z]+)\b/g);
  const names = new Set([...VSCODE_NAMES, ...[...bundleClasses].map((match) => match[1] as string)]);
  const api = Object.fromEntries([...names].map((name) => [name, stub]));
  Module.prototype.require = function require(this: NodeJS.Module, id: string) {
    return id === 'vscode' ? api : load.call(this, id);
  } as typeof Module.prototype.require;
  const start = performance.now();
  const extension = load.call(module, resolve(ROOT, 'dist', 'client.js')) as { activate(context: unknown): void };
  extension.activate(stub);
  const activationMs = performance.now() - start;
  Module.prototype.require = load;
  rows.push({ name: 'activation: loading the client bundle and activate()', value: activationMs, unit: 'ms', target: '< 50 ms', met: activationMs < 50 });
  return rows;
}
