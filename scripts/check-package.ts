// Checks the packages `npm run package` and `npm run package:pre-release` made, as the VS Code Marketplace
// and Open VSX will read them, without publishing anything:
//   tsx scripts/check-package.ts smtp-lens.vsix smtp-lens-pre-release.vsix
// Each must hold the manifest, README, CHANGELOG, LICENSE (Open VSX refuses an extension without one), the
// icon, the bundles, the grammars, the catalog, the walkthrough pages and samples; no placeholder URL; the
// second must be marked as a pre-release and the first not.
import { readFileSync } from 'node:fs';
import { readZip } from '../test/e2e/vsix';

interface Manifest {
  name: string; publisher: string; version: string; license?: string; icon?: string; main?: string; browser?: string;
  categories?: string[]; keywords?: string[]; galleryBanner?: { color?: string; theme?: string };
  repository?: { url?: string } | string;
  contributes?: { walkthroughs?: Array<{ steps: Array<{ media: { markdown?: string; image?: string } }> }> };
}

/** The categories the Marketplace accepts. */
const CATEGORIES = new Set(['Programming Languages', 'Snippets', 'Linters', 'Themes', 'Debuggers', 'Formatters', 'Keymaps', 'SCM Providers',
  'Other', 'Extension Packs', 'Language Packs', 'Data Science', 'Machine Learning', 'Visualization', 'Notebooks', 'Education', 'Testing', 'AI', 'Chat']);

function check(path: string, preRelease: boolean): string[] {
  const problems: string[] = [];
  const entries = new Map(readZip(readFileSync(path)).map((e) => [e.name, e.data]));
  const text = (name: string): string => entries.get(name)?.toString('utf8') ?? '';
  // vsce stores README.md as readme.md, CHANGELOG.md as changelog.md and LICENSE as LICENSE.txt.
  const names = new Set([...entries.keys()].map((n) => n.toLowerCase().replace(/^(extension\/license)\.(txt|md)$/, '$1')));
  const need = (name: string): void => {
    if (!names.has(name.toLowerCase())) problems.push(`${name} is missing`);
  };
  need('extension.vsixmanifest');
  need('extension/package.json');
  const manifest = JSON.parse(text('extension/package.json') || '{}') as Manifest;
  for (const name of ['README.md', 'CHANGELOG.md', 'LICENSE', 'package.nls.json', 'package.nls.zh-cn.json', 'dist/web/client.js', 'dist/web/server.js',
    manifest.main, manifest.icon, 'syntaxes/smtp.tmLanguage.json', 'syntaxes/maillog.tmLanguage.json', 'syntaxes/eml.tmLanguage.json', 'dist/data/reply-codes.json']) {
    if (name) need(`extension/${name.replace(/^\.\//, '').replace(/^(dist\/(?:web\/)?(?:client|server))$/, '$1.js')}`);
  }
  for (const walkthrough of manifest.contributes?.walkthroughs ?? []) {
    for (const step of walkthrough.steps) need(`extension/${step.media.markdown ?? step.media.image ?? ''}`);
  }
  for (const sample of ['swaks-pipelined-relay-denied.smtp', 'auth-and-forwarding.smtp', 'bounce-postfix.eml', 'mainlog']) need(`extension/examples/${sample}`);
  if (!manifest.publisher || !/^[a-z0-9][a-z0-9-]*$/.test(manifest.publisher)) problems.push(`publisher ${manifest.publisher} is no valid Marketplace publisher / Open VSX namespace`);
  if (!/^\d+\.\d+\.\d+$/.test(manifest.version)) problems.push(`version ${manifest.version}: the Marketplace takes major.minor.patch only (no -pre suffix)`);
  if (!manifest.license) problems.push('no license');
  const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  if (repository !== undefined && !/^https:\/\/(github\.com|gitlab\.com|codeberg\.org)\//.test(repository)) problems.push(`repository ${repository} is no real public repository URL`);
  if (/example\.(invalid|com)\/smtp-lens/.test(text('extension/package.json'))) problems.push('a placeholder URL is left in package.json');
  const unknown = (manifest.categories ?? []).filter((c) => !CATEGORIES.has(c));
  if (!manifest.categories?.length || unknown.length) problems.push(`categories ${JSON.stringify(manifest.categories)}: unknown ${JSON.stringify(unknown)}`);
  if (!manifest.keywords?.length || manifest.keywords.length > 30) problems.push(`keywords: ${manifest.keywords?.length ?? 0} (1 to 30)`);
  if (!/^#[0-9A-Fa-f]{6}$/.test(manifest.galleryBanner?.color ?? '') || !['dark', 'light'].includes(manifest.galleryBanner?.theme ?? '')) problems.push('galleryBanner needs a #RRGGBB color and a dark or light theme');
  const marked = /Id="Microsoft\.VisualStudio\.Code\.PreRelease" Value="true"/.test(text('extension.vsixmanifest'));
  if (marked !== preRelease) problems.push(preRelease ? 'not marked as a pre-release' : 'marked as a pre-release');
  return problems;
}

const [release, preRelease] = process.argv.slice(2);
if (!release || !preRelease) {
  process.stderr.write('usage: tsx scripts/check-package.ts <release.vsix> <pre-release.vsix>\n');
  process.exit(2);
}
let failed = false;
for (const [path, pre] of [[release, false], [preRelease, true]] as const) {
  const problems = check(path, pre);
  process.stdout.write(problems.length ? `${path}:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` : `${path}: ready for the Marketplace and Open VSX${pre ? ' (pre-release)' : ''}\n`);
  failed ||= problems.length > 0;
}
process.exit(failed ? 1 : 0);
