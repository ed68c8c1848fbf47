import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { logReport } from '../../../server/src/service/report';
import { postfixLog } from '../../../bench/generate';
import { catalog, CORPUS_LOGS, FIXTURES, locate, pflogsummTotals } from './helpers';

const pflogsumm = locate('pflogsumm');
const skip = pflogsumm ? false : 'needs pflogsumm (scripts/install-system-packages.sh installs it)';

/** Every total pflogsumm prints equals ours on the same file. */
function agree(file: string): void {
  const ours = logReport(readFileSync(file, 'utf8'), catalog, 'en').totals;
  const theirs = pflogsummTotals(pflogsumm!, file);
  assert.ok(Object.keys(theirs).length >= 15, `pflogsumm printed its totals for ${file}`);
  for (const [key, value] of Object.entries(theirs)) {
    const mine = ours[key as keyof typeof ours];
    if (Array.isArray(value)) assert.ok(mine >= value[0] && mine <= value[1], `${key} of ${file}: ${mine} in [${value.join(', ')}]`);
    else assert.equal(mine, value, `${key} of ${file}`);
  }
}

test('pflogsumm: every total agrees on a log of all the cases it counts', { skip }, () => {
  agree(resolve(FIXTURES, 'mail.log-postfix-cases'));
  const ours = logReport(readFileSync(resolve(FIXTURES, 'mail.log-postfix-cases'), 'utf8'), catalog, 'en').totals;
  // Figures of the file, read off it by hand: the same pflogsumm prints.
  assert.deepEqual(
    [ours.received, ours.delivered, ours.forwarded, ours.deferred, ours.deferrals, ours.bounced, ours.rejected, ours.rejectWarnings, ours.held, ours.discarded, ours.expired],
    [6, 2, 1, 1, 2, 1, 4, 1, 1, 1, 1],
  );
  assert.deepEqual([ours.bytesReceived, ours.bytesDelivered, ours.senders, ours.sendingHostsDomains, ours.recipients, ours.recipientHostsDomains], [2550, 4300, 3, 3, 2, 2]);
});

test('pflogsumm: every total agrees on a generated 4 MB Postfix log', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lens-report-'));
  const file = join(dir, 'mail.log');
  writeFileSync(file, postfixLog(4 * 1024 * 1024, 7));
  agree(file);
});

test('pflogsumm: every total agrees on every Postfix log of the corpus', { skip: skip || (!existsSync(CORPUS_LOGS) && 'no ../shared/corpus here') }, () => {
  let compared = 0;
  for (const name of readdirSync(CORPUS_LOGS).sort()) {
    const file = join(CORPUS_LOGS, name);
    const report = logReport(readFileSync(file, 'utf8'), catalog, 'en');
    // pflogsumm reads Postfix's lines only: logs of other MTAs (or with them mixed in) add to totals it has not.
    if (report.formats.join() !== 'postfix') continue;
    agree(file);
    compared++;
  }
  assert.ok(compared >= 5, `compared ${compared} Postfix logs`);
});
