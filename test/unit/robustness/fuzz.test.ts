import { test } from 'node:test';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { exerciseService, probesFor } from '../../helpers/invariants';

/** `npm run fuzz` raises this; `npm test` keeps a bounded number of runs. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const LANGUAGES = ['smtp', 'eml', 'maillog'] as const;
const root = resolve(__dirname, '..', '..', '..');

/** Real samples to mutate: the examples and fixtures in the repo, and the shared corpus when it is there. */
function seeds(): string[] {
  const files: string[] = [];
  const add = (dir: string, limit: number) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort().slice(0, limit)) {
      const path = resolve(dir, name);
      if (/\.(smtp|eml|log|txt)$/.test(name)) files.push(readFileSync(path, 'latin1'));
    }
  };
  add(resolve(root, 'examples'), 20);
  add(resolve(root, 'test', 'fixtures'), 20);
  const corpus = resolve(root, '..', 'shared', 'corpus');
  add(resolve(corpus, 'transcripts'), 40);
  add(resolve(corpus, 'eml'), 40);
  add(resolve(corpus, 'logs'), 20);
  return files;
}

const SAMPLES = seeds();

/** Line-level pieces that stress the readers: prefixes of every dialect, codes, AUTH, MIME, log lines. */
const fragments = fc.constantFrom(
  'S: 220 mx ESMTP', 'C: EHLO x', 'S: 250-', '250-', '250 ', 'C: MAIL FROM:<', 'C: RCPT TO:<a@b>', 'C: DATA', 'S: 354 go', 'C: .', '.',
  ' -> AUTH PLAIN', '<-  334 ', '<** 550 5.1.1 no', '=== Trying', '>>> RCPT To:<x>', '<<< 550-5.7.26 x', 'send: b\'ehlo\\r\\n\'', "reply: b'250 ok\\r\\n'",
  'CLIENT -> SERVER: QUIT', 'SERVER -> CLIENT: 221', '> EHLO', '< 250', '* Trying', 'C: AUTH LOGIN', 'S: 334 VXNlcm5hbWU6', 'C: /* secret */', 'C: *',
  'Content-Type: multipart/report; boundary="b"', '--b', '--b--', 'Content-Transfer-Encoding: base64', 'Status: 5.1.1', 'Action: failed',
  'Diagnostic-Code: smtp; 550 5.1.1 unknown', 'Final-Recipient: rfc822; a@b', 'From: x', '', ' folded', '=?utf-8?B?5L2g5aW9?=',
  'Nov 28 10:00:01 mx postfix/smtp[1]: 4F2A81C0042: to=<a@b>, relay=mx[1.2.3.4]:25, dsn=5.1.1, status=bounced (host said: 550 5.1.1 x (in reply to RCPT TO command))',
  '2024-01-01 10:00:00 1abc-000001-AB ** a@b R=dnslookup T=remote_smtp: SMTP error from remote mail server after RCPT TO:<a@b>: 550 x',
  '\u0000', '\uFFFD', '\u00e9t\u00e9', '550 5.01.1 x', '999 x', 'BDAT 5 LAST', 'AUTH PLAIN AGEAYg==',
);
const separators = fc.constantFrom('\n', '\r\n', '\r');

const composed = fc.tuple(fc.array(fc.oneof(fragments, fc.string({ maxLength: 40 })), { maxLength: 60 }), separators)
  .map(([parts, eol]) => parts.join(eol));

/** A real sample, then mangled: truncated, duplicated, interleaved, bytes flipped. */
const mutated = fc.record({
  sample: fc.nat({ max: Math.max(0, SAMPLES.length - 1) }),
  other: fc.nat({ max: Math.max(0, SAMPLES.length - 1) }),
  cut: fc.double({ min: 0, max: 1, noNaN: true }),
  flips: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 0xffff })), { maxLength: 8 }),
  mode: fc.constantFrom('truncate', 'duplicate', 'interleave', 'flip'),
}).map(({ sample, other, cut, flips, mode }) => {
  const a = SAMPLES[sample] ?? '';
  const b = SAMPLES[other] ?? '';
  switch (mode) {
    case 'truncate': return a.slice(0, Math.floor(a.length * cut));
    case 'duplicate': return a + a.slice(Math.floor(a.length * cut));
    case 'interleave': {
      const la = a.split('\n');
      const lb = b.split('\n');
      return la.flatMap((line, i) => (i < lb.length ? [line, lb[i]] : [line])).join('\n');
    }
    default: {
      const chars = [...a];
      for (const [at, code] of flips) if (chars.length) chars[Math.floor(at * (chars.length - 1))] = String.fromCharCode(code);
      return chars.join('');
    }
  }
});

for (const languageId of LANGUAGES) {
  test(`${languageId}: random documents never make the service throw or answer outside the document`, { timeout: 120_000 }, () => {
    fc.assert(fc.property(composed, (text) => exerciseService(text, languageId, probesFor(text, 60))), { numRuns: RUNS, seed: 42 });
  });

  test(`${languageId}: mutated real samples never make the service throw or answer outside the document`, { timeout: 120_000, skip: SAMPLES.length === 0 && 'no samples' }, () => {
    fc.assert(fc.property(mutated, (text) => exerciseService(text, languageId, probesFor(text, 60))), { numRuns: RUNS, seed: 7 });
  });
}

test('pathological shapes finish and stay inside the document', { timeout: 300_000 }, () => {
  const shapes: Record<string, string> = {
    'one 1 MB line': 'S: 250 ' + 'x'.repeat(1 << 20),
    '100,000 lines of 250-': 'S: 220 mx\nC: EHLO x\n' + 'S: 250-PIPELINING\n'.repeat(100_000),
    'bare 250- lines': '250-\n'.repeat(100_000),
    'NUL bytes': 'S: 220 \u0000\u0000\nC: EHLO \u0000\n' + '\u0000'.repeat(10_000),
    'nested MIME, 200 levels': Array.from({ length: 200 }, (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\n\n--b${i}`).join('\n'),
    'boundary that never closes': 'Content-Type: multipart/report; boundary="x"\n\n--x\nContent-Type: text/plain\n\n' + 'line\n'.repeat(50_000),
    'Base64 that never ends': 'Content-Transfer-Encoding: base64\n\n' + 'QUFBQUFB\n'.repeat(100_000),
    'AUTH with endless Base64': 'S: 220 mx\nC: EHLO x\nS: 250 AUTH PLAIN\nC: AUTH PLAIN ' + 'A'.repeat(1 << 20),
    'pipelining, 50,000 commands, no replies': 'S: 220 mx\n' + 'C: RCPT TO:<a@b>\n'.repeat(50_000),
  };
  for (const [, text] of Object.entries(shapes)) {
    for (const languageId of LANGUAGES) exerciseService(text, languageId, probesFor(text, 30));
  }
});

test('the invariant check itself rejects a position outside the document', async () => {
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  const { assertInside } = await import('../../helpers/invariants');
  const document = TextDocument.create('file:///x', 'smtp', 1, 'ab\ncd');
  const assert = (await import('node:assert/strict')).default;
  assert.throws(() => assertInside(document, { line: 2, character: 0 }, 'past the end'));
  assert.throws(() => assertInside(document, { line: 0, character: 3 }, 'past the line'));
  assertInside(document, { line: 1, character: 2 }, 'end of last line');
});
