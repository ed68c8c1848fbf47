import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RULES } from '../../../server/src/service';

const root = resolve(__dirname, '..', '..', '..');

test('the README documents every diagnostic id and every setting', () => {
  const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
  for (const rule of RULES) assert.ok(readme.includes(`\`${rule.id}\` | ${rule.defaultSeverity}`), `${rule.id} (${rule.defaultSeverity}) missing from README`);
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
  for (const setting of Object.keys(pkg.contributes.configuration.properties)) assert.ok(readme.includes(`\`${setting}\``), `${setting} missing from README`);
});
