import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { COMMANDS } from '../../../protocol';

const root = resolve(__dirname, '..', '..', '..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  contributes: { commands: Array<{ command: string }>; languages: Array<{ id: string; filenamePatterns?: string[]; extensions?: string[] }> };
  capabilities: { untrustedWorkspaces: { supported: boolean }; virtualWorkspaces: boolean };
  engines: { vscode: string };
};

test('every %key% of the manifest has English and Chinese text', () => {
  const keys = [...read('package.json').matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]);
  assert.ok(keys.length > 5);
  for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
    const nls = JSON.parse(read(file)) as Record<string, string>;
    for (const key of keys) assert.ok(nls[key], `${key} missing from ${file}`);
  }
});

test('every contributed command is a command id of the protocol module, registered by the client', () => {
  const client = readdirSync(resolve(root, 'client', 'src'), { recursive: true }).filter((f) => String(f).endsWith('.ts')).map((f) => read(`client/src/${String(f)}`)).join('\n');
  for (const { command } of pkg.contributes.commands) {
    const key = Object.entries(COMMANDS).find(([, id]) => id === command)?.[0];
    assert.ok(key, `${command} is not in the protocol module's COMMANDS`);
    assert.ok(client.includes(`COMMANDS.${key}`), `${command} has no handler`);
  }
});

test('the extension runs in untrusted and virtual workspaces and never claims *.log', () => {
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
  assert.equal(pkg.capabilities.virtualWorkspaces, true);
  assert.equal(pkg.engines.vscode, '^1.91.0');
  const patterns = pkg.contributes.languages.flatMap((l) => [...(l.filenamePatterns ?? []), ...(l.extensions ?? [])]);
  assert.ok(!patterns.includes('*.log') && !patterns.includes('.log'));
  assert.ok(patterns.includes('mail.log.*') && patterns.includes('maillog-*'));
});
