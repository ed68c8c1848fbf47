import { statSync } from 'node:fs';
import Module from 'node:module';
import { resolve } from 'node:path';
import type { Row } from './measure';

const ROOT = resolve(__dirname, '..');
const KB = 1024;

/** Sizes of what ships (npm run package made them) and the cost of loading the client bundle. */
export function packageBenchmarks(): Row[] {
  const size = (path: string) => statSync(resolve(ROOT, path)).size / KB;
  const rows: Row[] = [
    { name: 'dist/server.js (minified; the catalog ships beside it as dist/data)', value: size('dist/server.js'), unit: 'KB', target: '< 400 KB', met: size('dist/server.js') < 400 },
    { name: 'dist/web/server.js (web worker build)', value: size('dist/web/server.js'), unit: 'KB' },
    { name: 'smtp-lens.vsix', value: size('smtp-lens.vsix'), unit: 'KB', target: '< 1 MB', met: size('smtp-lens.vsix') < 1024 },
  ];
  // Activation before the server starts is loading the client bundle and calling activate(), which
  // only builds the client and starts the server process: time the load with a stand-in `vscode`.
  const load = Module.prototype.require;
  // Every property is itself a constructible stand-in: the bundle subclasses vscode classes at load.
  const stub: object = new Proxy(function standIn() {}, {
    get: (_target, key) => (key === 'prototype' ? {} : stub),
    construct: () => stub,
    apply: () => stub,
  });
  Module.prototype.require = function require(this: NodeJS.Module, id: string) {
    return id === 'vscode' ? stub : load.call(this, id);
  } as typeof Module.prototype.require;
  const start = performance.now();
  load.call(module, resolve(ROOT, 'dist', 'client.js'));
  const loadMs = performance.now() - start;
  Module.prototype.require = load;
  rows.push({ name: 'loading the client bundle (the synchronous part of activation)', value: loadMs, unit: 'ms', target: '< 50 ms', met: loadMs < 50 });
  return rows;
}
