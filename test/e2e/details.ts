// End-to-end cases of editor details users tripped over, run by hover.test.ts in its first session: the true
// problem count when a file has more than smtpLens.maxProblems, and 4xx / 5xx / addresses in distinct colours in
// the default Dark, Light and High Contrast themes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TIMEOUTS, until, type CodeServerSession } from './code-server';

const MINUTE = 60 * 1000;

/** More problems than smtpLens.maxProblems (1000 by default): 1200 replies with invalid codes. */
const MANY_PROBLEMS = 'many-problems.smtp';
/** A temporary and a permanent refusal, and addresses, on screen together. */
const CODES = 'codes.smtp';

export const detailFiles: Record<string, string> = {
  [MANY_PROBLEMS]: ['S: 220 mx.example.org ESMTP', ...Array.from({ length: 1200 }, (_, i) => `S: 6${String(i % 100).padStart(2, '0')} bad`)].join('\n'),
  [CODES]: [
    'S: 220 mx.example.org ESMTP',
    'C: EHLO client.example.net',
    'S: 250 mx.example.org',
    'C: MAIL FROM:<alice@example.net>',
    'S: 250 2.1.0 Ok',
    'C: RCPT TO:<bob@example.org>',
    'S: 451 4.7.1 Greylisted, try again later',
    'C: RCPT TO:<carol@example.org>',
    'S: 550 5.1.1 User unknown',
    'C: QUIT',
    'S: 221 2.0.0 Bye',
  ].join('\n'),
};

/** The colour of the first token on screen whose text is `text`. */
async function colourOf(s: CodeServerSession, text: string): Promise<string> {
  for (const line of await s.visibleLines()) {
    const token = line.tokens.find((t) => t.text === text);
    if (token) return token.color;
  }
  throw new Error(`no token ${JSON.stringify(text)} on screen`);
}

async function pickTheme(s: CodeServerSession, label: string): Promise<void> {
  await s.runCommand('Preferences: Color Theme');
  await s.pickQuickInput(label, (row) => row === label || row.startsWith(`${label},`) || row.startsWith(`${label} `));
}

export function detailTests(session: () => CodeServerSession): void {
  test(`${MANY_PROBLEMS}: more problems than smtpLens.maxProblems: the true count in the status bar`, { timeout: 2 * MINUTE }, async () => {
    const s = session();
    await s.resetWorkbench();
    await s.step('problem count', async () => {
      await s.openFile(MANY_PROBLEMS);
      const item = s.pageOrThrow.locator('.statusbar-item', { hasText: /SMTP: 999 of [\d,]+ problems/ }).first();
      await item.waitFor({ state: 'visible', timeout: MINUTE });
      const text = await item.innerText();
      const total = Number(text.replace(/^[\s\S]* of ([\d,]+) problems[\s\S]*$/, '$1').replace(/,/g, ''));
      assert.ok(total >= 1200, `status bar: ${text}`);
      await s.screenshot('problem-count-status-bar');
    });
  });

  test(`${CODES}: 4xx, 5xx and addresses in three colours in Dark Modern, Light Modern and Dark High Contrast`, { timeout: 3 * MINUTE }, async () => {
    const s = session();
    await s.resetWorkbench();
    await s.step('theme colours', async () => {
      await s.openFile(CODES);
      const seen: string[] = [];
      try {
        for (const [theme, shot] of [['Light Modern', 'colours-light'], ['Dark High Contrast', 'colours-high-contrast'], ['Dark Modern', 'colours-dark']]) {
          const before = await colourOf(s, '451');
          await pickTheme(s, theme);
          let colours: string[] = [];
          // The editor repaints with the new theme a moment after the pick closes.
          await until(`${theme} to paint the editor`, TIMEOUTS.ui, async () => {
            colours = [await colourOf(s, '451'), await colourOf(s, '550'), await colourOf(s, 'bob@example.org')];
            return colours[0] !== before && new Set(colours).size === 3 ? true : undefined;
          }).catch(() => undefined);
          await s.screenshot(shot);
          seen.push(`${theme}: 451 ${colours[0]}, 550 ${colours[1]}, address ${colours[2]}`);
          assert.equal(new Set(colours).size, 3, seen.at(-1));
        }
      } finally {
        process.stderr.write(`[e2e] ${seen.join('; ')}\n`);
      }
    });
  });
}
