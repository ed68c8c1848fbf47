// Runs the in-editor suite (suite.ts) in a VS Code Extension Development Host through @vscode/test-electron.
//
//   VSCODE_EXECUTABLE=/path/to/code node test/e2e/electron/run.mjs
//   node test/e2e/electron/run.mjs                  (no VSCODE_EXECUTABLE: downloads VS Code, VSCODE_VERSION or stable)
//
// Builds the extension (dev bundle in dist/) unless E2E_SKIP_BUILD=1, bundles suite.ts with esbuild into
// out/e2e-electron/, copies test/fixtures into a temporary workspace and opens VS Code on it with the
// repository as extensionDevelopmentPath. Exits non-zero when a test fails.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..', '..');
const outDir = join(root, 'out', 'e2e-electron');

if (process.env.E2E_SKIP_BUILD !== '1') {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

rmSync(outDir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: [join(here, 'suite.ts')],
  outfile: join(outDir, 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: 'inline',
  logLevel: 'warning',
});

const scratch = mkdtempSync(join(tmpdir(), 'smtp-lens-e2e-electron-'));
const workspace = join(scratch, 'workspace');
mkdirSync(workspace, { recursive: true });
cpSync(join(root, 'test', 'fixtures'), workspace, { recursive: true });

let code = 1;
try {
  code = await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    version: process.env.VSCODE_VERSION || undefined,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(outDir, 'index.js'),
    launchArgs: [
      workspace,
      '--disable-extensions', // other installed extensions stay out; the one under development still loads
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-telemetry',
      '--user-data-dir', join(scratch, 'user-data'),
      '--extensions-dir', join(scratch, 'extensions'),
    ],
  });
} catch (error) {
  console.error(`in-editor e2e suite failed: ${error instanceof Error ? error.message : String(error)}`);
  code = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(code);
