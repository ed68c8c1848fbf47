// The Getting Started walkthrough as the manifest declares it: every step's page and sample is shipped,
// every button runs a command that exists with arguments it accepts, and the samples hover where they say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES } from '../../../client/src/sample-list';
import { hover, parseDocument, resolveOptions } from '../../../server/src/service';
import { projectRoot } from '../../helpers/root';
import { catalog } from '../../helpers/catalog';

const root = projectRoot();
interface Step { id: string; title: string; description: string; media: { markdown?: string; image?: string } }
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { walkthroughs: Array<{ id: string; steps: Step[] }>; commands: Array<{ command: string }> };
};
const nls = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, string>;
const shipped = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1));

/** Whether .vscodeignore's allow-list lets the file into the package (its patterns: exact paths, `dir/*.ext`, `dir/**`). */
function isShipped(path: string): boolean {
  return shipped.some((pattern) => {
    const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*')}$`);
    return regex.test(path);
  });
}

test('the walkthrough: each step has its page, shipped, and its text in English and Chinese', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;
  assert.ok(walkthrough.steps.length >= 5);
  const en = nls('package.nls.json');
  const zh = nls('package.nls.zh-cn.json');
  for (const step of walkthrough.steps) {
    const page = step.media.markdown ?? step.media.image ?? '';
    assert.ok(existsSync(join(root, page)), `${step.id}: ${page} is missing`);
    assert.ok(isShipped(page), `${step.id}: ${page} is not in the package (.vscodeignore)`);
    for (const key of [step.title, step.description]) {
      const id = key.replace(/^%|%$/g, '');
      assert.ok(en[id] && zh[id] && en[id] !== zh[id], `${id} in both languages`);
    }
  }
});

test('the buttons of the walkthrough run our commands (or VS Code settings) with arguments they accept', () => {
  const ours = new Set(manifest.contributes.commands.map((c) => c.command));
  const samples = new Set<string>(SAMPLES.map((s) => s.id));
  for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
    const texts = Object.entries(nls(file)).filter(([key]) => key.startsWith('walkthrough.'));
    const links = texts.flatMap(([, text]) => [...text.matchAll(/\(command:([\w.]+)\?([^)]*)\)/g)]);
    assert.ok(links.length >= 5, `${file}: buttons`);
    for (const [, command, query] of links) {
      const args = JSON.parse(decodeURIComponent(query)) as unknown[];
      if (command === 'workbench.action.openSettings') assert.match(String(args[0]), /^smtpLens\./);
      else assert.ok(ours.has(command), `${file}: ${command} is not contributed`);
      if (command === 'smtpLens.openSample') assert.ok(samples.has(String(args[0])), `${file}: no sample ${String(args[0])}`);
    }
  }
});

test('every sample is shipped, and hovering where it opens shows an explanation', () => {
  for (const sample of SAMPLES) {
    const path = `examples/${sample.file}`;
    assert.ok(existsSync(join(root, path)), path);
    assert.ok(isShipped(path), `${path} is not in the package`);
    if (!sample.hoverAt) continue;
    const model = parseDocument(readFileSync(join(root, path), 'utf8'), sample.language);
    const shown = hover(model, catalog, { line: sample.hoverAt.line - 1, character: sample.hoverAt.column - 1 }, resolveOptions({}));
    const text = shown && typeof shown.contents === 'object' && 'value' in shown.contents ? shown.contents.value : '';
    assert.match(text, /^\*\*5\d\d /, `${sample.id}: the hover at ${sample.hoverAt.line}:${sample.hoverAt.column}`);
  }
});
