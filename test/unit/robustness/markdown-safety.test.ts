import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hover, parseDocument } from '../../../server/src/service';
import { escapeMarkdown, inlineCode } from '../../../server/src/service/features/markdown';
import { catalog, hoverText, options } from '../../helpers/documents';
import { probesFor } from '../../helpers/invariants';

const HOSTILE = [
  '[x](command:workbench.action.terminal.new)',
  '<img src="https://evil.example/track.png">',
  '<a href="command:workbench.action.terminal.new">click</a>',
  '![t](https://evil.example/t.png)',
  '`](command:workbench.action.terminal.new)`',
  '<script>alert(1)</script>',
  '[link][ref]\n\n[ref]: command:workbench.action.terminal.new',
];

/**
 * What a Markdown renderer could act on, outside code spans: links or images whose target is not
 * one of our https references, raw HTML tags, and command: URIs.
 */
function dangers(markdown: string): string[] {
  const outsideCode = markdown.replace(/(`+)[\s\S]*?\1/g, '');
  const found: string[] = [];
  let rest = outsideCode;
  for (const m of outsideCode.matchAll(/!?\[[^\]]*\]\(([^)]*)\)/g)) {
    const ours = ownCommandLink(m[1]);
    if (ours) rest = rest.replace(m[0], '');
    else if (!/^https:\/\/[a-z0-9.-]+\//.test(m[1]) || m[0].startsWith('!')) found.push(m[0]);
  }
  if (/<(img|a|script|iframe|svg)\b/i.test(rest)) found.push('raw HTML');
  if (/(^|[^\\])command:/.test(rest.replace(/\\./g, ''))) found.push('command: URI');
  return found;
}

/**
 * Our own hover links: one of our two commands, with arguments that are codes ("550", "5.1.1", "550
 * 5.1.1"), a command verb or a provider rule id, and nothing else.
 */
function ownCommandLink(target: string): boolean {
  const m = /^command:(smtpLens\.explainCode|smtpLens\.compareCodes)\?(.*)$/.exec(target);
  if (!m) return false;
  let args: unknown;
  try {
    args = JSON.parse(decodeURIComponent(m[2]));
  } catch {
    return false;
  }
  return Array.isArray(args) && args.length === 1 && Object.values(args[0] as object).every((v) => typeof v === 'string' && /^[0-9.]+$|^[2-5][0-9]{2} [245]\.[0-9]{1,3}\.[0-9]{1,3}$|^[A-Z]+$|^[a-z0-9]+(-[a-z0-9]+)*$/.test(v));
}

function transcriptWith(evil: string): string {
  return [
    `S: 220 mx.example.org ${evil}`,
    `C: EHLO ${evil}`,
    `S: 250-mx.example.org ${evil}`,
    `S: 250 AUTH PLAIN ${evil}`,
    `C: MAIL FROM:<${evil}> SIZE=100`,
    `S: 250 2.1.0 ${evil}`,
    `C: RCPT TO:<${evil}>`,
    `S: 550 5.1.1 ${evil}`,
    `C: AUTH PLAIN ${Buffer.from(`\0${evil}\0${evil}`).toString('base64')}`,
    `S: 334 ${Buffer.from(evil).toString('base64')}`,
    `C: ${Buffer.from(evil).toString('base64')}`,
    `S: 535 5.7.8 ${evil}`,
  ].join('\n');
}

for (const evil of HOSTILE) {
  test(`no hover turns document text into a link, image, HTML or command: ${JSON.stringify(evil).slice(0, 50)}`, () => {
    const text = transcriptWith(evil);
    const model = parseDocument(text, 'smtp');
    let hovers = 0;
    for (const position of probesFor(text, 500)) {
      for (const lang of ['en', 'zh-cn'] as const) {
        const markdown = hoverText(hover(model, catalog, position, options({ language: lang, revealSecrets: true })));
        if (!markdown) continue;
        hovers++;
        assert.deepEqual(dangers(markdown), [], markdown);
      }
    }
    assert.ok(hovers > 5, 'the probes reached the hovers');
  });
}

test('the danger check itself catches what it should', () => {
  assert.notDeepEqual(dangers('see [x](command:workbench.action.terminal.new)'), []);
  assert.notDeepEqual(dangers('<img src="https://evil.example/t.png">'), []);
  assert.deepEqual(dangers('[RFC 5321 §4.2](https://www.rfc-editor.org/rfc/rfc5321#section-4.2)'), []);
  assert.deepEqual(dangers(`[551](command:smtpLens.compareCodes?${encodeURIComponent(JSON.stringify([{ a: '251', b: '551' }]))})`), []);
  assert.notDeepEqual(dangers(`[x](command:smtpLens.compareCodes?${encodeURIComponent(JSON.stringify([{ a: '251', b: '[x](command:evil)' }]))})`), []);
  assert.notDeepEqual(dangers('[x](command:workbench.action.terminal.new?%5B%5D)'), []);
});

test('escapeMarkdown and inlineCode neutralise hostile text', () => {
  for (const evil of HOSTILE) {
    assert.deepEqual(dangers(escapeMarkdown(evil)), [], escapeMarkdown(evil));
    assert.deepEqual(dangers(inlineCode(evil)), [], inlineCode(evil));
  }
  assert.equal(inlineCode('a`b'), '``a`b``');
});
