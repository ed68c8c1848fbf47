// Bundles the client (Node and browser), the server (Node and web worker) and the CLI with esbuild.
//   node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  target: 'es2022',
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20' };
const browser = { ...common, platform: 'browser', format: 'iife', mainFields: ['browser', 'module', 'main'] };

const builds = [
  { ...node, entryPoints: ['client/src/node/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...browser, format: 'cjs', entryPoints: ['client/src/browser/extension.ts'], outfile: 'dist/web/client.js', external: ['vscode'] },
  { ...node, entryPoints: ['server/src/node/main.ts'], outfile: 'dist/server.js' },
  { ...browser, entryPoints: ['server/src/browser/main.ts'], outfile: 'dist/web/server.js' },
  // The thread that reads a log's files for the CLI and the server (beside them: found by their __dirname).
  { ...node, entryPoints: ['server/src/log-lines-worker.ts'], outfile: 'dist/log-lines-worker.js' },
  { ...node, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' },
    define: { SMTP_LENS_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) } },
];

/** The catalog ships once, as data beside the bundles (dist/data), read by the server at start. */
function copyCatalog() {
  mkdirSync('dist/data', { recursive: true });
  for (const name of readdirSync('data').filter((f) => f.endsWith('.json'))) {
    writeFileSync(`dist/data/${name}`, JSON.stringify(JSON.parse(readFileSync(`data/${name}`, 'utf8'))));
  }
}
copyCatalog();

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('watching for changes…');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
