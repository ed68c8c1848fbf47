import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { cli, FIXTURES } from './helpers';

const MX1 = resolve(FIXTURES, 'mail.log-trace-mx1');
const MX2 = resolve(FIXTURES, 'mail.log-trace-mx2');

interface Hop {
  queueId: string;
  via: string;
  input: string;
}

function chain(id: string, ...files: string[]): Hop[] {
  const run = cli(['trace', '--format', 'json', id, ...files]);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as Hop[];
}

test('trace follows a message through a content filter and a relay to another host, and to its bounce', () => {
  // Asked for the message the content filter re-injected, with the hosts' logs in either order.
  for (const files of [[MX1, MX2], [MX2, MX1]]) {
    const hops = chain('5E6F7A8B', ...files);
    assert.deepEqual(hops.map((h) => h.queueId), ['1A2B3C4D', '5E6F7A8B', '9C0D1E2F', '3B4C5D6E']);
    assert.deepEqual(hops.map((h) => h.via), ['previous-hop', 'id', 'queued-as', 'queued-as']);
    assert.deepEqual(hops.map((h) => h.input.endsWith('mx1') ? 'mx1' : 'mx2'), ['mx1', 'mx1', 'mx2', 'mx2']);
  }
  // The unrelated message of mx1 stays out; a Message-ID with or without brackets finds the same chain.
  assert.deepEqual(chain('<chain@example.com>', MX1, MX2).map((h) => h.queueId), ['1A2B3C4D', '5E6F7A8B', '9C0D1E2F', '3B4C5D6E']);
  assert.deepEqual(chain('chain@example.com', MX2, MX1).map((h) => h.queueId), ['1A2B3C4D', '5E6F7A8B', '9C0D1E2F', '3B4C5D6E']);
  assert.deepEqual(chain('7777AAAA', MX1, MX2).map((h) => h.queueId), ['7777AAAA']);
});

test('trace as text, and an id that is nowhere', () => {
  const text = cli(['trace', '1A2B3C4D', MX1, MX2]);
  assert.match(text.stdout, /^1\. 1A2B3C4D <chain@example\.com>/);
  assert.match(text.stdout, /bob@example\.org: bounced via local \(5\.2\.2\)/);
  assert.match(text.stdout, /notice to the sender: 3B4C5D6E/);
  const none = cli(['trace', 'NOPE', MX1]);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no message with queue id or Message-ID NOPE/);
  const usage = cli(['trace', '1A2B3C4D']);
  assert.equal(usage.status, 2);
});
