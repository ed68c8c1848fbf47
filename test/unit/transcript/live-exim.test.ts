import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readTranscript } from '../../../server/src/service/parse/transcript/transcript-reader';

/** Where a program is: on PATH, or in /usr/sbin (Exim lives there, off a normal user's PATH). */
function locate(program: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${program} || { test -x /usr/sbin/${program} && echo /usr/sbin/${program}; }`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || undefined : undefined;
}

const swaks = locate('swaks');
const exim = locate('exim4');
const missing = [swaks ? '' : 'swaks', exim ? '' : 'exim4'].filter(Boolean);
const skip = missing.length > 0 ? `needs ${missing.join(' and ')} (scripts/install-system-packages.sh installs them)` : false;

test('live: swaks talking to exim -bh is read, the relayed RCPT pairs with its 550', { skip, timeout: 60_000 }, () => {
  // Exim's stock Debian configuration refuses to relay to example.org; -bh runs a whole SMTP
  // session on a pipe and delivers nothing.
  const run = spawnSync(swaks!, [
    '--to', 'postmaster@localhost,bob@example.org', '--from', 'alice@example.com', '--helo', 'client.example.com',
    '--pipe', `${exim} -bh 192.0.2.10`, '--pipeline',
  ], { encoding: 'utf8', timeout: 50_000 });
  const output = `${run.stdout}${run.stderr}`;
  assert.match(output, /^=== Trying pipe to \S*exim4/m, output);
  const model = readTranscript(output);
  assert.equal(model.sessions.length, 1, output);
  const [session] = model.sessions;
  assert.equal(session.dialect, 'swaks');
  assert.equal(session.replies[0].code, '220');
  assert.equal(session.replies[0].answers, 'connection');
  assert.ok(session.capabilities.has('PIPELINING'), output);

  const rcpt = session.commands.find((c) => c.verb === 'RCPT' && c.path?.address === 'bob@example.org');
  assert.ok(rcpt, output);
  assert.equal(rcpt.replies.length, 1, output);
  assert.equal(rcpt.replies[0].code, '550', output);
  assert.match(rcpt.replies[0].lines[0].text, /relay/i);
  assert.equal(rcpt.replies[0].answers, rcpt);
  // Every command got its reply and every reply found its command.
  assert.deepEqual(session.commands.filter((c) => c.replies.length === 0).map((c) => c.verb), [], output);
  assert.deepEqual(session.replies.filter((r) => r.answers === undefined).map((r) => r.code), [], output);
  const [transaction] = session.transactions;
  assert.equal(transaction.recipients.find((r) => r.address === 'bob@example.org')?.reply?.code, '550');
  // Exim's own ">>> " debug notes are no commands.
  assert.ok(session.commands.every((c) => !output.split('\n')[c.source.line].startsWith('>>>')));
});
