// End-to-end cases of content detection (client/src/detect.ts), run by hover.test.ts in its first session:
// files VS Code opens as Log or Plain Text, and text pasted into an untitled editor, reach our languages with one
// click on the offer; an nginx access log gets no offer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, TIMEOUTS, until, type CodeServerSession } from './code-server';

const MINUTE = 60 * 1000;

function repoText(...path: string[]): string {
  return readFileSync(join(REPO_ROOT, ...path), 'utf8');
}

interface DetectionCase {
  /** Workspace file, named the way users save these files. */
  file: string;
  text: string;
  /** The offer's text, and the language mode after "Open". */
  offer: string;
  language: RegExp;
}

export const detectionCases: DetectionCase[] = [
  {
    file: 'session.log',
    text: repoText('examples', 'swaks-pipelined-relay-denied.smtp'),
    offer: 'This looks like an SMTP transcript (swaks). Open as SMTP Transcript?',
    language: /SMTP Transcript/,
  },
  {
    // Copied from Postfix's documentation with the blank line before it: VS Code's first-line rule cannot match.
    file: 'postfix-example.txt',
    text: '\n' + repoText('test', 'fixtures', 'transcripts', 'postfix-bdat-readme.txt'),
    offer: 'This looks like an SMTP transcript (C:/S:). Open as SMTP Transcript?',
    language: /SMTP Transcript/,
  },
  {
    file: 'export.log',
    text: repoText('test', 'fixtures', 'logs', 'mail.log-crowdsec-postfix-iso'),
    offer: 'This looks like a mail log (Postfix). Open as Mail Log?',
    language: /Mail Log/,
  },
];

export const NGINX_LOG = 'access.log';

/** The files the cases need in the workspace. */
export const detectionFiles: Record<string, string> = {
  ...Object.fromEntries(detectionCases.map((c) => [c.file, c.text])),
  [NGINX_LOG]: repoText('test', 'fixtures', 'detect', 'negative', 'nginx-access.log'),
};

/** A transcript as a user pastes it from a terminal: no prefixes, a telnet session. */
const PASTED = [
  'Trying 192.0.2.25...',
  'Connected to mx.example.org.',
  '220 mx.example.org ESMTP Postfix',
  'EHLO client.example.net',
  '250-mx.example.org',
  '250-PIPELINING',
  '250 8BITMIME',
  'MAIL FROM:<alice@example.net>',
  '250 2.1.0 Ok',
  'RCPT TO:<nobody@example.org>',
  '550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table',
  'QUIT',
  '221 2.0.0 Bye',
].join('\n');

/** The notification toast whose message is `text`, once it shows. */
async function offerToast(s: CodeServerSession, text: string, timeout = TIMEOUTS.ui) {
  const toast = s.pageOrThrow.locator('.notification-toast', { hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout });
  return toast;
}

async function clickOpen(s: CodeServerSession, text: string, shot: string, language: RegExp): Promise<void> {
  const toast = await offerToast(s, text);
  await s.screenshot(`${shot}-offer`);
  await toast.getByRole('button', { name: 'Open', exact: true }).click();
  await until(`the language mode to become ${language}`, TIMEOUTS.ui, async () => (language.test(await s.languageMode()) ? true : undefined));
  await s.screenshot(shot);
}

/** Registers the detection tests; `session` gives the running code-server session of the describe block. */
export function detectionTests(session: () => CodeServerSession): void {
  for (const c of detectionCases) {
    test(`${c.file} opens as ${/Mail/.test(c.offer) ? 'Log' : 'Plain Text or Log'}; one click on the offer makes it ${c.language.source}`, { timeout: 2 * MINUTE }, async () => {
      const s = session();
      await s.resetWorkbench();
      await s.step(`detect ${c.file}`, async () => {
        await s.openFile(c.file);
        assert.match(await s.languageMode(), /^(Log|Plain Text)$/, 'VS Code first opens it in its own language');
        await clickOpen(s, c.offer, `detect-${c.file.replace(/\W+/g, '-')}`, c.language);
      });
    });
  }

  test('a transcript pasted into an untitled editor is offered SMTP Transcript', { timeout: 2 * MINUTE }, async () => {
    const s = session();
    await s.resetWorkbench();
    await s.step('detect pasted', async () => {
      await s.runCommand('File: New Untitled Text File');
      const page = s.pageOrThrow;
      await page.locator('.editor-instance .monaco-editor textarea').first().focus();
      // A paste: the whole text arrives in one input event.
      await page.keyboard.insertText(PASTED);
      await clickOpen(s, 'This looks like an SMTP transcript', 'detect-untitled', /SMTP Transcript/);
      // Close it unsaved, so that the next test's reset asks nothing.
      await s.runCommand('View: Revert and Close Editor');
    });
  });

  test(`an nginx access log (${NGINX_LOG}) gets no offer`, { timeout: 2 * MINUTE }, async () => {
    const s = session();
    await s.resetWorkbench();
    await s.step('no offer for nginx', async () => {
      await s.dismissNotifications();
      await s.openFile(NGINX_LOG);
      assert.equal(await s.languageMode(), 'Log');
      // The classifier runs within a few milliseconds of the editor showing; give it ample time to (wrongly) speak.
      await s.pageOrThrow.waitForTimeout(3000);
      const toasts = await s.pageOrThrow.locator('.notification-toast').allInnerTexts();
      await s.screenshot('detect-nginx-no-offer');
      assert.deepEqual(toasts.filter((t) => /looks like/.test(t)), [], 'no offer');
      assert.equal(await s.languageMode(), 'Log');
    });
  });

  test('SMTP Lens: Open as… switches the language of the active editor', { timeout: 2 * MINUTE }, async () => {
    const s = session();
    await s.resetWorkbench();
    await s.step('open as', async () => {
      await s.openFile(NGINX_LOG);
      // The editor title shows the command's button while the language is Log or Plain Text.
      await s.pageOrThrow.locator('.editor-actions .action-label[aria-label*="Open as"]').first().waitFor({ state: 'visible' });
      await s.runCommand('SMTP Lens: Open as…');
      await s.pickQuickInput('Mail Log', (label) => label.startsWith('Mail Log'));
      await until('the language mode to become Mail Log', TIMEOUTS.ui, async () => (/Mail Log/.test(await s.languageMode()) ? true : undefined));
      await s.screenshot('open-as-mail-log');
    });
  });
}
