// Command links for hovers: only our two commands, only with validated code arguments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandLink, COMPARE_COMMAND, EXPLAIN_COMMAND, LINK_COMMANDS } from '../../../server/src/service/features/pages';
import { renderHtml } from './helpers';

/** The command and decoded arguments of a `[label](command:id?args)` link, or undefined. */
function parseLink(markdown: string): { label: string; command: string; args: unknown } | undefined {
  const match = /^\[(.*)\]\(command:([\w.]+)\?([^()\s]*)\)$/.exec(markdown);
  return match ? { label: match[1], command: match[2], args: JSON.parse(decodeURIComponent(match[3])) } : undefined;
}

test('the allow-list is exactly our two commands', () => {
  assert.deepEqual([...LINK_COMMANDS].sort(), ['smtpLens.compareCodes', 'smtpLens.explainCode']);
  assert.equal(EXPLAIN_COMMAND, 'smtpLens.explainCode');
  assert.equal(COMPARE_COMMAND, 'smtpLens.compareCodes');
});

test('commandLink builds command:smtpLens.compareCodes?<encoded JSON args>', () => {
  const link = commandLink('Compare with 551', COMPARE_COMMAND, { a: '251', b: '551' });
  assert.deepEqual(parseLink(link), { label: 'Compare with 551', command: COMPARE_COMMAND, args: [{ a: '251', b: '551' }] });
  const explain = commandLink('Explain 5.1.1', EXPLAIN_COMMAND, { code: '5.1.1' });
  assert.deepEqual(parseLink(explain)?.args, [{ code: '5.1.1' }]);
  assert.deepEqual(parseLink(commandLink('550', EXPLAIN_COMMAND, { code: '550', command: 'RCPT' }))?.args, [{ code: '550', command: 'RCPT' }]);
  const render = renderHtml();
  if (render) assert.match(render(link), /<a href="command:smtpLens\.compareCodes\?/);
});

test('commandLink gives no link for another command or for arguments that are not codes', () => {
  const bad: Array<[string, unknown]> = [
    ['workbench.action.terminal.new', { code: '550' }],
    ['smtpLens.explainCode', { code: '550)](command:workbench.action.terminal.new' }],
    ['smtpLens.explainCode', { code: '<img src=x>' }],
    ['smtpLens.explainCode', { code: '550', command: 'rcpt; rm' }],
    ['smtpLens.explainCode', { code: '550', extra: 'x' }],
    ['smtpLens.explainCode', '550'],
    ['smtpLens.explainCode', null],
    ['smtpLens.compareCodes', { a: '251' }],
    ['smtpLens.compareCodes', { a: '251', b: 551 }],
    ['smtpLens.compareCodes', [{ a: '251', b: '551' }]],
  ];
  for (const [command, args] of bad) {
    const out = commandLink('Compare [x](command:evil) <img src=x>', command, args);
    assert.equal(parseLink(out), undefined, `${command} ${JSON.stringify(args)} made a link`);
    assert.doesNotMatch(out, /\]\(|<img/, out);
  }
});

test('the label is escaped: it can neither close the link nor add HTML', () => {
  const link = commandLink('x](command:workbench.action.terminal.new) <img src=x>', COMPARE_COMMAND, { a: '251', b: '551' });
  const parsed = parseLink(link);
  assert.equal(parsed?.command, COMPARE_COMMAND);
  const render = renderHtml();
  if (render) {
    const html = render(link);
    assert.equal((html.match(/<a /g) ?? []).length, 1, html);
    assert.doesNotMatch(html, /<img|terminal\.new"/, html);
  }
});
