// The colours the manifest gives our scopes in VS Code's default themes (contributes.configurationDefaults):
// in each, a temporary (4xx) code, a permanent (5xx) code and an address must be told apart at a glance
// (far apart in CIELAB, 5xx also bold) and each must stay readable on the theme's background (WCAG contrast).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './textmate';

interface Rule { scope: string | string[]; settings: { foreground?: string; fontStyle?: string } }
type Customizations = Record<string, { textMateRules?: Rule[] }>;

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { configurationDefaults?: Record<string, unknown> } };
const customizations = (manifest.contributes.configurationDefaults?.['editor.tokenColorCustomizations'] ?? {}) as Customizations;

/** The editor background of each default theme. */
const BACKGROUNDS: Record<string, string> = {
  'Default Dark Modern': '#1F1F1F',
  'Default Dark+': '#1E1E1E',
  'Visual Studio Dark': '#1E1E1E',
  'Default Light Modern': '#FFFFFF',
  'Default Light+': '#FFFFFF',
  'Visual Studio Light': '#FFFFFF',
  'Default High Contrast': '#000000',
  'Default High Contrast Light': '#FFFFFF',
};

const SCOPES = {
  temporary: ['markup.deleted.reply-code.4xx.smtp', 'markup.deleted.enhanced-status.transient.smtp'],
  permanent: ['invalid.illegal.reply-code.5xx.smtp', 'invalid.illegal.enhanced-status.permanent.smtp'],
  address: ['string.other.address.smtp'],
};

function rgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  assert.ok(m, `not a #RRGGBB colour: ${hex}`);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

const linear = (c: number): number => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};

function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map(linear);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** CIELAB (D65) of an sRGB colour. */
function lab(hex: string): [number, number, number] {
  const [r, g, b] = rgb(hex).map(linear);
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

function distance(a: string, b: string): number {
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

function styleOf(theme: string, scope: string): Rule['settings'] {
  const rules = customizations[`[${theme}]`]?.textMateRules ?? [];
  const rule = rules.find((r) => (Array.isArray(r.scope) ? r.scope : [r.scope]).includes(scope));
  assert.ok(rule?.settings.foreground, `${theme}: no colour for ${scope}`);
  return rule.settings;
}

for (const [theme, background] of Object.entries(BACKGROUNDS)) {
  test(`${theme}: temporary, permanent and addresses are told apart, and readable`, () => {
    const colour = Object.fromEntries(Object.entries(SCOPES).map(([kind, scopes]) => {
      const styles = scopes.map((scope) => styleOf(theme, scope));
      assert.ok(styles.every((s) => s.foreground === styles[0].foreground), `${theme}: the ${kind} scopes share one colour`);
      return [kind, styles[0].foreground as string];
    }));
    for (const [kind, hex] of Object.entries(colour)) {
      assert.ok(contrast(hex, background) >= 4.5, `${theme}: ${kind} ${hex} on ${background} has contrast ${contrast(hex, background).toFixed(2)}`);
    }
    for (const [a, b] of [['temporary', 'permanent'], ['temporary', 'address'], ['permanent', 'address']]) {
      assert.ok(distance(colour[a], colour[b]) >= 30, `${theme}: ${a} ${colour[a]} and ${b} ${colour[b]} are only ΔE ${distance(colour[a], colour[b]).toFixed(1)} apart`);
    }
    assert.match(styleOf(theme, SCOPES.permanent[0]).fontStyle ?? '', /bold/, `${theme}: permanent failures are bold too`);
  });
}

test('the scopes coloured in the manifest are the ones the grammars emit', () => {
  const grammars = ['smtp', 'eml', 'maillog'].map((name) => readFileSync(join(ROOT, 'syntaxes', `${name}.tmLanguage.json`), 'utf8')).join('\n');
  for (const scope of Object.values(SCOPES).flat()) assert.ok(grammars.includes(`"${scope}"`), `no grammar emits ${scope}`);
});
