import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');
const CLI = resolve(ROOT, 'dist', 'cli.js');
const EXAMPLE = resolve(ROOT, 'examples', 'auth-and-forwarding.smtp');

test('output that cannot be written (a full disk) is said in one line with status 2, not a stack trace', { skip: (!existsSync(CLI) && 'dist/cli.js is not built') || (!existsSync('/dev/full') && 'no /dev/full here') }, () => {
  for (const args of [['check', EXAMPLE], ['report', '--format', 'json', resolve(ROOT, 'examples', 'mainlog')]]) {
    // Every write to /dev/full fails with ENOSPC.
    const full = openSync('/dev/full', 'w');
    try {
      const run = spawnSync(process.execPath, [CLI, ...args], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      assert.equal(run.status, 2, `${args[0]}: ${run.stderr}`);
      assert.match(run.stderr, /^smtp-lens: cannot write the output: .*(ENOSPC|no space)/i, args[0]);
      assert.doesNotMatch(run.stderr, /\n\s+at |Node\.js v|internal error/, args[0]);
    } finally {
      closeSync(full);
    }
  }
});
