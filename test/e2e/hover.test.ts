// The packaged extension in code-server (VS Code 1.100.3) through Chromium, checked the way a user would see it:
// hovers, the Problems panel, a quick fix, the compare page, syntax colours; then the in-editor suite of
// test/e2e/electron (the one @vscode/test-electron runs in VS Code desktop, see ../README.md) in code-server's
// extension host, with the same expectations (expectations.ts); then the browser build alone, installed as a web
// extension and run in the web worker extension host.
// One file, sessions one after the other: `node --test` runs files in parallel, and each session packages the
// extension.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleInEditorSuite, CodeServerSession, fixtureText, packageExtension, REPO_ROOT, RESULTS_DIR, TIMEOUTS, until, VSIX, type Box } from './code-server';
import { assertHover, assertTokenAt, hoverExpectations, missingHoverTexts, type HoverExpectation } from './expectations';
import { detectionFiles, detectionTests } from './detection';
import { detailFiles, detailTests } from './details';
import { NODE_BUNDLES, readZip, serveExtension, writeWebOnlyVsix, type ServedExtension } from './vsix';

const SHARED = resolve(REPO_ROOT, '..', 'shared');
const MINUTE = 60 * 1000;
const START_TIMEOUT = TIMEOUTS.install + TIMEOUTS.package + 5 * MINUTE;

// Failure screenshots of an earlier run would pass for this run's.
if (existsSync(RESULTS_DIR)) {
  for (const name of readdirSync(RESULTS_DIR)) if (name.startsWith('failure-')) rmSync(join(RESULTS_DIR, name), { force: true });
}

function example(name: string): string {
  return readFileSync(join(REPO_ROOT, 'examples', name), 'utf8');
}

/** Real-world samples from ../shared/corpus, when that folder is there (CI lays it beside the repository). */
const corpus = {
  maillog: join(SHARED, 'corpus', 'logs', 'postfix-grok-patterns__test-data.log'),
  bounce: join(SHARED, 'corpus', 'eml', 'set-of-emails__lhost-postfix-48.eml'),
};
const MAIL_LOG = 'mail.log';
const BOUNCE = 'bounce-postfix-48.eml';
const SWAKS = 'swaks-pipelined-relay-denied.smtp';
/** Gmail's real 2024 refusal of unauthenticated mail, as Gmail writes it, after a plain dialogue. */
const GMAIL = 'gmail-unauthenticated.smtp';
/** Real bounces from ../shared/corpus whose reply hovers are among the longest (see test/unit/providers/hover-budget.test.ts). */
const LONG_BOUNCES = {
  'bounce-exchange-5.7.54.eml': join(SHARED, 'corpus', 'eml', 'set-of-emails__lhost-mimecast-02.eml'),
  'bounce-opensmtpd-5.7.25.eml': join(SHARED, 'corpus', 'eml', 'set-of-emails__lhost-opensmtpd-14.eml'),
};
const FORWARDING = 'auth-and-forwarding.smtp';

const files: Record<string, string> = {
  ...Object.fromEntries(hoverExpectations.map((e) => [e.fixture, fixtureText(e.fixture)])),
  [SWAKS]: example(SWAKS),
  [FORWARDING]: example(FORWARDING),
  [GMAIL]: fixtureText(`transcripts/${GMAIL}`),
  ...Object.fromEntries(Object.entries(LONG_BOUNCES).filter(([, path]) => existsSync(path)).map(([name, path]) => [name, readFileSync(path, 'utf8')])),
  ...detectionFiles,
  ...detailFiles,
  ...(existsSync(corpus.maillog) ? { [MAIL_LOG]: readFileSync(corpus.maillog, 'utf8') } : {}),
  ...(existsSync(corpus.bounce) ? { [BOUNCE]: readFileSync(corpus.bounce, 'utf8') } : {}),
};

/** The 550 of the real swaks + Exim pipelined session answers the first RCPT TO, five lines up (pipelining). */
const hover550: HoverExpectation = {
  name: 'hover-550-swaks',
  fixture: SWAKS,
  line: 24,
  column: 5,
  token: '550',
  contains: ['550', 'In reply to', 'RCPT TO:<bob@example.org>'],
};

/** The README's picture of the hover; written when missing or with E2E_UPDATE_IMAGES=1. */
const README_IMAGE = join(REPO_ROOT, 'images', 'hover-550.png');
const README_IMAGE_MAX_BYTES = 150 * 1024;

function log(message: string): void {
  process.stderr.write(`[e2e] ${message}\n`);
}

/**
 * "Developer: Show Running Extensions": SMTP Lens's row as text once it has finished activating
 * (or as it stands when the wait runs out), saved as a screenshot named `shot`.
 */
async function runningExtensionsRow(session: CodeServerSession, shot: string): Promise<string> {
  await session.runCommand('Developer: Show Running Extensions');
  const row = session.pageOrThrow.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'SMTP Lens' }).first();
  await row.waitFor({ state: 'visible' });
  let text = '';
  await until('SMTP Lens to be listed as activated', TIMEOUTS.ui, async () => {
    text = (await row.innerText()).replace(/\s+/g, ' ');
    return /Activation/.test(text) && !/Activating/.test(text) ? true : undefined;
  }).catch(() => undefined);
  await session.screenshot(shot);
  return text;
}

/** Opens a workspace file and waits until the status bar names its language. */
async function open(session: CodeServerSession, name: string, language: RegExp): Promise<void> {
  await session.openFile(name);
  await until(`the language mode of ${name} to match ${language}`, TIMEOUTS.ui, async () => (language.test(await session.languageMode()) ? true : undefined));
}

/** The distinct token colours on screen, with how many spans carry each (whitespace-only spans left out). */
async function colours(session: CodeServerSession): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const line of await session.visibleLines()) {
    for (const token of line.tokens) {
      if (token.text.trim()) counts.set(token.color, (counts.get(token.color) ?? 0) + 1);
    }
  }
  return counts;
}

/** Waits until more than `atLeast - 1` distinct colours show (tokenizing runs in the background), or fails. */
async function assertColourful(session: CodeServerSession, what: string, atLeast: number): Promise<Map<string, number>> {
  let seen = new Map<string, number>();
  try {
    await until(`${what} to show ${atLeast} token colours`, TIMEOUTS.ui, async () => {
      seen = await colours(session);
      return seen.size >= atLeast ? true : undefined;
    }, 500);
  } catch {
    assert.fail(`${what}: expected at least ${atLeast} distinct token colours on screen, saw ${seen.size}: ${JSON.stringify([...seen])}`);
  }
  log(`${what}: ${seen.size} token colours on screen`);
  return seen;
}

/** Reply hovers that are among the tallest: the file, the line holding `lineNeedle`, the reply code `token` on it. */
const HOVER_FIT_CASES = [
  { file: SWAKS, lineNeedle: '<** 550 relay not permitted', token: '550', contains: 'RCPT TO:<bob@example.org>' },
  { file: GMAIL, lineNeedle: 'S: 550 5.7.26 For instructions', token: '550', contains: 'Gmail' },
  { file: 'bounce-exchange-5.7.54.eml', lineNeedle: 'Diagnostic-Code', token: '550', contains: '5.7.54' },
  { file: 'bounce-opensmtpd-5.7.25.eml', lineNeedle: '550 5.7.25', token: '550', contains: '550' },
].filter((c) => files[c.file] !== undefined);

/**
 * Hovers each case in `lang` (the session's `smtpLens.language`), measures and pictures it, then fails naming
 * every hover whose content is taller than its view (a scrollbar).
 */
async function assertHoversFit(s: CodeServerSession, lang: 'en' | 'zh-cn'): Promise<void> {
  // Whether the reply is final, in the language asked for: wait until the hover says it so.
  const wanted = lang === 'zh-cn' ? /永久失败|暂时失败/ : /permanent \(5xx\)|temporary \(4xx\)/;
  const scrolled: string[] = [];
  for (const c of HOVER_FIT_CASES) {
    await s.step(`hover fits: ${c.file} (${lang})`, async () => {
      await s.resetWorkbench();
      await s.openFile(c.file);
      const lines = files[c.file].split(/\r?\n/);
      const line = lines.findIndex((l) => l.includes(c.lineNeedle) && l.includes(c.token));
      assert.ok(line >= 0, `${c.file}: no line with ${c.lineNeedle}`);
      const column = lines[line].indexOf(c.token, lines[line].indexOf(c.lineNeedle)) + 2;
      const text = await s.hoverUntil(line + 1, column, (t) => t.includes(c.contains) && wanted.test(t));
      assert.match(text, wanted, `${c.file}: the hover is not in ${lang}:\n${text}`);
      const name = `hover-fits-${c.file.replace(/\.[a-z]+$/, '')}-${lang}`;
      const size = await s.pageOrThrow.evaluate(() => {
        const hover = document.querySelector('.monaco-editor .monaco-hover:not(.hidden)');
        const view = hover?.querySelector('.monaco-scrollable-element');
        const content = view?.firstElementChild;
        return hover && view && content ? { view: view.clientHeight, content: content.scrollHeight, hover: Math.round(hover.getBoundingClientRect().height) } : undefined;
      });
      assert.ok(size, `${name}: no hover on screen`);
      await s.screenshot(name);
      log(`${name}: hover ${size.hover}px, content ${size.content}px in a view of ${size.view}px`);
      // Every case is measured and pictured before the test says which ones scroll.
      if (size.content > size.view + 1) scrolled.push(`${name}: content ${size.content}px in a view of ${size.view}px (see ${name}.png)`);
      await s.pageOrThrow.keyboard.press('Escape');
    });
  }
  assert.deepEqual(scrolled, [], `these hovers scroll:\n${scrolled.join('\n')}`);
}

describe('code-server with the packaged extension (Node extension host)', () => {
  let editor: CodeServerSession | undefined;
  const session = (): CodeServerSession => {
    assert.ok(editor, 'code-server session did not start');
    return editor;
  };

  before(async () => {
    editor = await CodeServerSession.start({ files });
  }, { timeout: START_TIMEOUT });

  after(async () => {
    await editor?.stop();
  }, { timeout: MINUTE });

  for (const expectation of hoverExpectations) {
    test(`${expectation.fixture}: hovering '${expectation.token}' at ${expectation.line}:${expectation.column} shows its explanation`, { timeout: 3 * MINUTE }, async () => {
      assertTokenAt(expectation, files[expectation.fixture]);
      const s = session();
      await s.step(`open ${expectation.fixture}`, async () => {
        await s.openFile(expectation.fixture);
        // The extension's language contribution is active: the status bar names the language.
        assert.match(await s.languageMode(), /SMTP Transcript/i);
      });
      const text = await s.step(`hover ${expectation.name}`, async () => {
        const seen = await s.hoverUntil(expectation.line, expectation.column, (t) => missingHoverTexts(expectation, t).length === 0);
        await s.screenshot(expectation.name);
        assertHover(expectation, seen);
        return seen;
      });
      assert.ok(text.length > 0);
    });
  }

  test(`${SWAKS}: the hover on the pipelined 550 names the RCPT TO it answers`, { timeout: 2 * MINUTE }, async () => {
    assertTokenAt(hover550, files[SWAKS]);
    const s = session();
    await s.step('hover 550 (swaks)', async () => {
      await s.resetWorkbench();
      await open(s, SWAKS, /SMTP Transcript/i);
      const text = await s.hoverUntil(hover550.line, hover550.column, (t) => missingHoverTexts(hover550, t).length === 0);
      await s.screenshot(hover550.name);
      assertHover(hover550, text);

      // The README's picture: the editor around the hover, small enough for a README.
      const hover = await s.box('.monaco-editor .monaco-hover:not(.hidden)');
      const area = await s.box('.part.editor');
      const line = (await s.visibleLines()).find((l) => l.line === hover550.line);
      const lineBottom = line ? line.top + 19 : hover.y + hover.height;
      const top = Math.max(area.y, hover.y - 60);
      const bottom = Math.min(area.y + area.height, Math.max(hover.y + hover.height, lineBottom) + 60);
      const right = Math.min(area.x + area.width, hover.x + hover.width + 30);
      const clip: Box = { x: area.x, y: top, width: right - area.x, height: bottom - top };
      const picture = await s.screenshot(`${hover550.name}-readme`, clip);
      const bytes = statSync(picture).size;
      log(`README picture ${picture}: ${Math.round(clip.width)}x${Math.round(clip.height)}, ${Math.round(bytes / 1024)} KB`);
      assert.ok(bytes < README_IMAGE_MAX_BYTES, `the README picture is ${Math.round(bytes / 1024)} KB, more than ${README_IMAGE_MAX_BYTES / 1024} KB`);
      if (!existsSync(README_IMAGE) || process.env.E2E_UPDATE_IMAGES === '1') {
        mkdirSync(join(REPO_ROOT, 'images'), { recursive: true });
        copyFileSync(picture, README_IMAGE);
        log(`wrote ${README_IMAGE}`);
      }
    });
  });

  test('reply hovers fit in the hover without a scrollbar (English)', { timeout: 6 * MINUTE }, async () => {
    await assertHoversFit(session(), 'en');
  });

  test(`${SWAKS}: syntax colours tell the 550 refusal from the 250 acceptances`, { timeout: 2 * MINUTE }, async () => {
    const s = session();
    await s.step('colours (transcript)', async () => {
      await s.resetWorkbench();
      await open(s, SWAKS, /SMTP Transcript/i);
      const tokenOf = async (line: number, text: string) => until(`line ${line} to render '${text}' as a token`, TIMEOUTS.ui, async () =>
        (await s.visibleLines()).find((l) => l.line === line)?.tokens.find((t) => t.text.trim() === text));
      const refused = await tokenOf(24, '550');
      const accepted = await tokenOf(23, '250');
      const acceptedToo = await tokenOf(25, '250');
      const plain = await tokenOf(24, 'relay not permitted');
      await s.screenshot('coloured-transcript');
      assert.equal(accepted.color, acceptedToo.color, 'the two 250 replies should share a colour');
      assert.notEqual(refused.color, accepted.color, `550 (${refused.className} ${refused.color}) and 250 (${accepted.className} ${accepted.color}) should differ in colour`);
      assert.notEqual(refused.color, plain.color, `550 should not be coloured as plain reply text (${plain.color})`);
      log(`550 ${refused.className} ${refused.color}; 250 ${accepted.className} ${accepted.color}`);
    });
  });

  test('a Postfix mail log is coloured', { timeout: 2 * MINUTE }, async (t: TestContext) => {
    if (!files[MAIL_LOG]) return t.skip(`${corpus.maillog} not found`);
    const s = session();
    await s.step('colours (mail log)', async () => {
      await s.resetWorkbench();
      await open(s, MAIL_LOG, /Mail Log/i);
      // Around the NOQUEUE rejects and bounces of the sample.
      await s.goTo(80, 1);
      await s.pageOrThrow.keyboard.press('Escape');
      await assertColourful(s, MAIL_LOG, 6);
      await s.screenshot('coloured-maillog');
    });
  });

  test('a Postfix log with the Outline open lists its messages by queue id', { timeout: 2 * MINUTE }, async (t: TestContext) => {
    if (!files[MAIL_LOG]) return t.skip(`${corpus.maillog} not found`);
    const s = session();
    await s.step('outline of a mail log', async () => {
      await s.pageOrThrow.keyboard.press('Escape');
      await s.resetWorkbench();
      await open(s, MAIL_LOG, /Mail Log/i);
      const page = s.pageOrThrow;
      // Open the OUTLINE section of the Explorer, as a user would.
      const header = page.locator('.pane-header', { hasText: /^\s*outline\s*$/i }).first();
      await header.waitFor({ state: 'visible', timeout: TIMEOUTS.ui });
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      const rows = await until('the Outline to list queue ids', TIMEOUTS.ui * 4, async () => {
        const texts = await page.locator('.outline-pane .monaco-list-row, [id="outline"] .monaco-list-row').allInnerTexts().catch(() => []);
        return texts.some((row) => row.includes('17CCA8044')) ? texts : undefined;
      });
      assert.ok(rows.some((row) => /delivered|bounced|deferred|no delivery logged/.test(row)), rows.join('\n'));
      await s.screenshot('maillog-outline');
    });
  });

  test('SMTP Lens: Mail Log Report shows the report tree, problems first; a row opens its lines', { timeout: 3 * MINUTE }, async (t: TestContext) => {
    if (!files[MAIL_LOG]) return t.skip(`${corpus.maillog} not found`);
    const s = session();
    await s.step('mail log report tree', async () => {
      await s.pageOrThrow.keyboard.press('Escape');
      await s.resetWorkbench();
      await open(s, MAIL_LOG, /Mail Log/i);
      const page = s.pageOrThrow;
      await s.runCommand('SMTP Lens: Mail Log Report');
      const texts = await until('the report tree to list the bounces', TIMEOUTS.ui * 4, async () => {
        const all = await page.locator('.monaco-list-row', { has: page.locator('.custom-view-tree-node-item') }).allInnerTexts().catch(() => []);
        return all.some((row) => /^Bounces/.test(row.trim())) ? all.map((row) => row.replace(/\s+/g, ' ').trim()) : undefined;
      });
      log(`report tree: ${texts.join(' | ')}`);
      // Problems first: the tree opens on the problem sections (the list shows only the rows in view, so the totals further down may not be drawn).
      const bounces = texts.findIndex((row) => row.startsWith('Bounces'));
      assert.match(texts[0], /^(Panics|Fatal errors|Bounces|Expired|Deferrals|Rejections|SASL|Warnings)/, texts.join('\n'));
      assert.ok(bounces >= 0 && !texts.slice(0, bounces).some((row) => row.startsWith('Grand totals')), texts.join('\n'));
      await s.screenshot('maillog-report-tree');
      // The first bounce row opens its line: the cursor lands on a status=bounced line of the log.
      const row = page.locator('.monaco-list-row', { has: page.locator('.custom-view-tree-node-item') }).nth(bounces + 1);
      const cursor = async (): Promise<number | undefined> => {
        const m = /Ln (\d+)/.exec(await page.locator('#status\\.editor\\.selection').innerText().catch(() => ''));
        return m ? Number(m[1]) : undefined;
      };
      const before = await cursor();
      await row.click();
      const line = await until('the editor to select the row\'s line', TIMEOUTS.ui * 2, async () => {
        const now = await cursor();
        return now !== undefined && now !== before ? now : undefined;
      });
      assert.match(await s.lineText(line), /status=bounced/);
      await s.screenshot('maillog-report-tree-row-opened');
    });
  });

  test('a Postfix bounce (.eml) is coloured', { timeout: 2 * MINUTE }, async (t: TestContext) => {
    if (!files[BOUNCE]) return t.skip(`${corpus.bounce} not found`);
    const s = session();
    await s.step('colours (bounce)', async () => {
      await s.resetWorkbench();
      await open(s, BOUNCE, /Email Message/i);
      // The human-readable part and the delivery-status part (Status:, Diagnostic-Code:).
      await s.goTo(46, 1);
      await s.pageOrThrow.keyboard.press('Escape');
      await assertColourful(s, BOUNCE, 6);
      await s.screenshot('coloured-bounce');
    });
  });

  test('a bounce explains its DSN fields: hovering Status: 5.0.0', { timeout: 2 * MINUTE }, async (t: TestContext) => {
    if (!files[BOUNCE]) return t.skip(`${corpus.bounce} not found`);
    const s = session();
    await s.step('hover in a bounce', async () => {
      await s.resetWorkbench();
      await open(s, BOUNCE, /Email Message/i);
      const text = await s.hoverUntil(48, 9, (hover) => hover.includes('5.0.0') && /Permanent Failure/i.test(hover));
      assert.match(text, /Permanent Failure/i);
      await s.screenshot('hover-bounce-status');
      // Leave no hover behind: it would take the next test's keystrokes.
      await s.pageOrThrow.keyboard.press('Escape');
    });
  });

  test(`${FORWARDING}: the Problems panel lists the 550, and the 551 quick fix rewrites the RCPT TO`, { timeout: 3 * MINUTE }, async () => {
    const s = session();
    const fix = 'Send directly to <carol@new.example.net>';
    await s.step('problems panel', async () => {
      await s.resetWorkbench();
      await open(s, FORWARDING, /SMTP Transcript/i);
      const rows = await s.problems((r) => r.some((row) => row.includes('rejected: 550 5.1.1')));
      await s.screenshot('problems-panel');
      const row = rows.find((r) => r.includes('rejected: 550 5.1.1')) ?? '';
      for (const part of ['RCPT TO:<dave@example.org> rejected: 550 5.1.1', 'SMTP Lens', 'smtp.rcpt-rejected', '[Ln 22, Col 4]']) {
        assert.ok(row.includes(part), `the Problems row of the 550 lacks ${JSON.stringify(part)}: ${row}`);
      }
      assert.ok(rows.some((r) => r.includes(FORWARDING)), `the Problems panel does not group the rows under ${FORWARDING}:\n${rows.join('\n')}`);
    });
    await s.step('quick fix 551', async () => {
      try {
        assert.equal((await s.lineText(19)).trim(), 'C: RCPT TO:<carol@example.org>');
        await s.goTo(20, 4);
        const offered = await s.codeActions((titles) => titles.includes(fix));
        await s.screenshot('quick-fix-551-menu');
        log(`code actions on the 551: ${offered.join(' | ')}`);
        // The lightbulb of a failed reply: its fix first, one "Explain", no comparisons (those are in the hover).
        assert.equal(offered[0], fix);
        assert.equal(offered.filter((t) => t.startsWith('Explain')).length, 1, offered.join(' | '));
        assert.deepEqual(offered.filter((t) => t.startsWith('Compare')), []);
        await s.applyCodeAction(fix);
        let line19 = '';
        await until('line 19 to be rewritten', TIMEOUTS.ui, async () => {
          line19 = (await s.lineText(19)).trim();
          return line19 === 'C: RCPT TO:<carol@new.example.net>' ? true : undefined;
        }).catch(() => undefined);
        await s.goTo(19, 16); // the cursor on the new address: its occurrences light up
        await s.screenshot('quick-fix-551');
        assert.equal(line19, 'C: RCPT TO:<carol@new.example.net>', `"${fix}" should rewrite line 19`);
      } finally {
        // Leave the file as it was (and not dirty, so closing editors asks nothing).
        await s.runCommand('File: Revert File').catch(() => undefined);
      }
    });
  });

  test('SMTP Lens: Compare Codes… from the Command Palette opens the 251 vs 334 page', { timeout: 2 * MINUTE }, async () => {
    const s = session();
    await s.step('compare page', async () => {
      await s.resetWorkbench();
      await open(s, FORWARDING, /SMTP Transcript/i);
      await s.runCommand('SMTP Lens: Compare Codes…');
      await s.pickQuickInput('251', (label) => label.startsWith('251 User Not Local'), '251 User Not Local');
      await s.pickQuickInput('334', (label) => label.startsWith('334 Server Challenge'), '334 Server Challenge');
      const page = s.pageOrThrow;
      await page.locator('.tabs-container .tab[aria-label^="Preview SMTP 251 vs 334"]').first().waitFor({ state: 'visible' });
      // The Markdown preview is a webview: nested iframes, listed by Playwright as frames.
      const { frame, text } = await s.frameWithText(['251 User Not Local', '334 Server Challenge', 'Key differences']);
      await s.screenshot('compare-251-334');
      assert.ok(text.includes('SMTP 251 User Not Local vs 334 Server Challenge'), `the page title is missing:\n${text.slice(0, 400)}`);
      await frame.locator('h2', { hasText: 'Key differences' }).first().scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await s.screenshot('compare-251-334-key-differences');
    });
  });

  test('Developer: Show Running Extensions lists SMTP Lens as activated in the Node extension host', { timeout: 2 * MINUTE }, async () => {
    const s = session();
    await s.step('running extensions (Node)', async () => {
      await s.resetWorkbench();
      await open(s, FORWARDING, /SMTP Transcript/i);
      const text = await runningExtensionsRow(s, 'running-extensions-node');
      // The time is logged for the Performance notes, not asserted: speed lives in the benchmarks.
      assert.match(text, /Activation: \d+ms/, `SMTP Lens did not finish activating: ${text}`);
      log(`running extensions (Node host): ${text}`);
    });
  });

  detectionTests(session);
  detailTests(session);

  test('the in-editor suite (electron/suite.ts) passes in code-server\'s extension host', { timeout: 5 * MINUTE }, async () => {
    const s = session();
    const suite = await bundleInEditorSuite(join(s.root, 'in-editor', 'index.js'));
    const { code, log: lines } = await s.step('in-editor suite', () =>
      s.runExtensionTests({ extensionDevelopmentPath: REPO_ROOT, extensionTestsPath: suite }),
    );
    const results = lines.filter((line) => /[✔✖]|passed, \d+ failed|Error/.test(line));
    process.stderr.write(`[e2e] in-editor suite exit ${code}:\n${results.join('\n')}\n`);
    assert.equal(code, 0, `in-editor suite failed (exit ${code}):\n${lines.slice(-40).join('\n')}`);
    assert.ok(results.some((line) => /\d+ passed, 0 failed/.test(line)), `in-editor suite reported no results:\n${lines.slice(-40).join('\n')}`);
  });
});

// The same hovers with `smtpLens.language` set to Chinese from the start, in a session of their own: a settings
// file written into a running workbench made code-server 4.100's Quick Open open nothing now and then (seen on
// fresh clones), and a user who wants Chinese sets it once, not between two files.
describe('code-server with the packaged extension in Chinese (smtpLens.language zh-cn)', () => {
  let editor: CodeServerSession | undefined;

  before(async () => {
    // The first suite packaged the repository; package here only when this suite runs alone.
    const vsix = existsSync(VSIX) ? VSIX : packageExtension();
    const fitFiles = Object.fromEntries(HOVER_FIT_CASES.map((c) => [c.file, files[c.file]]));
    editor = await CodeServerSession.start({ files: fitFiles, vsix, settings: { 'smtpLens.language': 'zh-cn' }, name: 'zh-cn' });
  }, { timeout: START_TIMEOUT });

  after(async () => {
    await editor?.stop();
  }, { timeout: MINUTE });

  test('reply hovers fit in the hover without a scrollbar (Chinese)', { timeout: 6 * MINUTE }, async () => {
    assert.ok(editor, 'code-server session did not start');
    await assertHoversFit(editor, 'zh-cn');
  });
});

// The browser build alone: the packaged extension without "main" and without its Node bundles, installed in the
// browser as a web extension (as vscode.dev installs one from its CDN), so it can only run in the web worker
// extension host, where there is no Node: dist/web/client.js, which starts dist/web/server.js in a Worker.
// (Installed on code-server's side instead, VS Code 1.100 would refuse the Worker: "Creating workers from remote
// extensions is currently not supported.")
describe('the browser build alone (web worker extension host, no Node)', () => {
  let editor: CodeServerSession | undefined;
  let served: ServedExtension | undefined;
  let temp: string | undefined;
  const errors: string[] = [];

  before(async () => {
    temp = mkdtempSync(join(tmpdir(), 'smtp-lens-e2e-web-'));
    // The first suite packaged the repository; package here only when this suite runs alone.
    const vsix = existsSync(VSIX) ? VSIX : packageExtension();
    const webVsix = join(temp, 'smtp-lens-web.vsix');
    const manifest = writeWebOnlyVsix(vsix, webVsix);
    assert.equal(manifest.main, undefined);
    const names = readZip(readFileSync(webVsix)).map((e) => e.name);
    assert.deepEqual(names.filter((n) => NODE_BUNDLES.includes(n)), [], 'the web-only package still holds Node bundles');
    served = await serveExtension(webVsix);
    editor = await CodeServerSession.start({ files: { 'slice.smtp': fixtureText('slice.smtp') }, vsix: false, pathProxy: true, name: 'web' });
    editor.pageOrThrow.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') errors.push(`${message.type()}: ${message.text().slice(0, 400)}`);
    });
  }, { timeout: START_TIMEOUT });

  after(async () => {
    await editor?.stop();
    await served?.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
  }, { timeout: MINUTE });

  test('installed as a web extension, it runs in the web worker extension host and hovers 251', { timeout: 3 * MINUTE }, async () => {
    assert.ok(editor && served, 'the web session did not start');
    const s = editor;
    const web = served;
    const page = s.pageOrThrow;
    // code-server's Content-Security-Policy allows fetches from its own origin: reach the little server through
    // code-server's path proxy.
    const location = `http://127.0.0.1:${s.port}/proxy/${new URL(web.url).port}${new URL(web.url).pathname}`;
    const problemsOfOurs = () => errors.filter((e) => /smtp-lens|SMTP Lens/i.test(e));

    await s.step('install the web extension', async () => {
      await s.runCommand('Developer: Install Extension from Location...');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill(location);
      await page.keyboard.press('Enter');
      await until('VS Code to fetch the extension manifest', TIMEOUTS.ui, () => (web.requests.includes('/smtp-lens/package.json') ? true : undefined));
      const dialog = page.locator('.monaco-dialog-box');
      if (await dialog.isVisible().catch(() => false)) assert.fail(`installing from ${location} failed: ${await dialog.innerText()}`);
    });

    const expectation = hoverExpectations[0];
    await s.step('hover in the web worker', async () => {
      await s.openFile(expectation.fixture);
      // Installing from a location finishes after the manifest is fetched: wait for the language to register.
      await until('the SMTP Transcript language of the web extension', TIMEOUTS.ui, async () => (/SMTP Transcript/i.test(await s.languageMode()) ? true : undefined));
      const text = await s.hoverUntil(expectation.line, expectation.column, (t) => {
        const failed = errors.find((e) => e.includes("Activating extension 'smtp-lens.smtp-lens' failed"));
        if (failed) throw new Error(`the extension failed to activate in the web worker: ${failed}\nconsole errors:\n${problemsOfOurs().join('\n')}`);
        return missingHoverTexts(expectation, t).length === 0;
      });
      await s.screenshot('hover-web-worker');
      assert.deepEqual(missingHoverTexts(expectation, text), [],
        `hover over '${expectation.token}' in the web worker lacks texts; it read:\n${text}\nconsole errors:\n${problemsOfOurs().join('\n') || '(none)'}`);
    });

    await s.step('running extensions', async () => {
      // Both bundles came from the web package; the Node ones are not in it at all.
      assert.ok(web.requests.includes('/smtp-lens/dist/web/client.js'), `dist/web/client.js was never fetched: ${web.requests.join(' ')}`);
      assert.ok(web.requests.includes('/smtp-lens/dist/web/server.js'), `the language server Worker (dist/web/server.js) was never fetched: ${web.requests.join(' ')}`);
      // "Developer: Show Running Extensions" labels extensions of the web worker host "web worker".
      const text = await runningExtensionsRow(s, 'running-extensions-web-worker');
      assert.match(text, /web worker/, `SMTP Lens is not running in the web worker extension host: ${text}`);
      assert.match(text, /Activation: \d+ms/, `SMTP Lens did not finish activating: ${text}`);
      log(`running extensions: ${text}; fetched ${web.requests.join(' ')}`);
    });
  });
});
