import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logReport } from '../../../server/src/service/report';
import { catalog, CORPUS_LOGS, locate } from './helpers';

const eximstats = locate('eximstats');
const skip = !eximstats ? 'needs eximstats (exim4-base; scripts/install-system-packages.sh installs it)' : !existsSync(CORPUS_LOGS) && 'no ../shared/corpus here';

/** eximstats' grand totals (volumes in bytes with -nvr): received messages and bytes, delivered addresses and bytes. */
function eximstatsTotals(file: string): { received: number; bytesReceived: number; delivered: number; bytesDelivered: number } | undefined {
  const run = spawnSync(eximstats!, ['-nr', '-nt', '-nvr', '-ne', file], { encoding: 'utf8' });
  const received = /^\s+Received\s+(\d+)\s+(\d+)/m.exec(run.stdout);
  const delivered = /^\s+Delivered\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(run.stdout);
  if (!received || !delivered || Number(received[2]) === 0) return undefined;
  return { received: Number(received[2]), bytesReceived: Number(received[1]), delivered: Number(delivered[3]), bytesDelivered: Number(delivered[1]) };
}

test('eximstats: received, delivered and their bytes agree on every Exim log of the corpus eximstats reads', { skip }, () => {
  let compared = 0;
  for (const name of readdirSync(CORPUS_LOGS).sort()) {
    const file = join(CORPUS_LOGS, name);
    const report = logReport(readFileSync(file, 'utf8'), catalog, 'en');
    if (report.formats.join() !== 'exim') continue;
    // eximstats skips arrivals whose size is no number (Exim's test suite writes S=sss) and ids of
    // Exim 4.97's longer form: such logs give it nothing to compare.
    const theirs = eximstatsTotals(file);
    if (!theirs) continue;
    const t = report.totals;
    assert.deepEqual({ received: t.received, bytesReceived: t.bytesReceived, delivered: t.delivered, bytesDelivered: t.bytesDelivered }, theirs, name);
    compared++;
  }
  assert.ok(compared >= 2, `compared ${compared} Exim logs`);
});
