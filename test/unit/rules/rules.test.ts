import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, RULES, TRANSCRIPT_RULES } from '../../../server/src/service';
import { catalog, open } from '../../helpers/documents';

/** Findings of one rule on a transcript written as lines. */
function findings(id: string, lines: string[]) {
  const { model } = open(lines.join('\r\n'));
  return analyze(model, { catalog, language: 'en' }).filter((f) => f.id === id);
}

/** A clean session: greeting, EHLO with capabilities, STARTTLS, AUTH PLAIN inside TLS, one message. */
const CLEAN = [
  'S: 220 mx.example.org ESMTP',
  'C: EHLO client.example.com',
  'S: 250-mx.example.org',
  'S: 250-PIPELINING',
  'S: 250-SIZE 10240000',
  'S: 250-STARTTLS',
  'S: 250-8BITMIME',
  'S: 250 ENHANCEDSTATUSCODES',
  'C: STARTTLS',
  'S: 220 2.0.0 Ready to start TLS',
  'C: EHLO client.example.com',
  'S: 250-mx.example.org',
  'S: 250-PIPELINING',
  'S: 250-SIZE 10240000',
  'S: 250-AUTH PLAIN LOGIN',
  'S: 250 8BITMIME',
  'C: AUTH PLAIN AGFsaWNlAC8qIHNlY3JldCAqLw==',
  'S: 235 2.7.0 Authentication successful',
  'C: MAIL FROM:<alice@example.com> SIZE=1000 BODY=8BITMIME',
  'C: RCPT TO:<bob@example.org>',
  'C: DATA',
  'S: 250 2.1.0 Ok',
  'S: 250 2.1.5 Ok',
  'S: 354 End data with <CR><LF>.<CR><LF>',
  'C: Subject: hi',
  'C: ',
  'C: hello',
  'C: .',
  'S: 250 2.0.0 Ok: queued as 4Xyz',
  'C: QUIT',
  'S: 221 2.0.0 Bye',
];

test('every rule has a unique smtp.* id and stays quiet on a clean session', () => {
  const ids = RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^smtp\.[a-z0-9]+(-[a-z0-9]+)*$/);
  const { model } = open(CLEAN.join('\r\n'));
  assert.deepEqual(analyze(model, { catalog, language: 'en' }).map((f) => `${f.id} line ${f.span.line + 1}`), []);
});

const greet = ['S: 220 mx.example.org ESMTP', 'C: EHLO c.example', 'S: 250-mx.example.org', 'S: 250-PIPELINING', 'S: 250-SIZE 1000', 'S: 250-AUTH PLAIN LOGIN', 'S: 250 8BITMIME'];

const cases: Array<{ id: string; lines: string[]; line: number; message?: RegExp; severity?: string }> = [
  { id: 'smtp.rcpt-rejected', lines: [...greet, 'C: MAIL FROM:<a@example.com>', 'S: 250 OK', 'C: RCPT TO:<bob@example.org>', 'S: 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown'], line: 10,
    message: /^RCPT TO:<bob@example.org> rejected: 550 5\.1\.1 Bad destination mailbox address/, severity: 'error' },
  { id: 'smtp.mail-rejected', lines: [...greet, 'C: MAIL FROM:<a@example.com>', 'S: 553 5.1.8 Sender address rejected: Domain not found'], line: 8, severity: 'error' },
  { id: 'smtp.data-rejected', lines: [...greet, 'C: MAIL FROM:<a@example.com>', 'S: 250 OK', 'C: RCPT TO:<b@example.org>', 'S: 250 OK', 'C: DATA', 'S: 354 go', 'C: .', 'S: 554 5.7.1 Message rejected as spam'], line: 14 },
  { id: 'smtp.auth-failed', lines: [...greet, 'C: AUTH PLAIN AHUAcA==', 'S: 535 5.7.8 Authentication credentials invalid'], line: 8 },
  // Exchange's failed login: the registry's X.7.3 (a security conversion) is not what 535 means after AUTH.
  { id: 'smtp.auth-failed', lines: [...greet, 'C: AUTH PLAIN AHUAcA==', 'S: 535 5.7.3 Authentication unsuccessful'], line: 8,
    message: /^AUTH PLAIN failed: 535 5\.7\.3 Authentication Credentials Invalid — “Authentication unsuccessful”$/ },
  // Exchange's 5.1.10 is a recipient missing from its directory (a provider rule says so), not RFC 7505's null MX ...
  { id: 'smtp.rcpt-rejected', lines: [...greet, 'C: MAIL FROM:<a@example.com>', 'S: 250 OK', 'C: RCPT TO:<bob@example.org>', 'S: 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'], line: 10,
    message: /^RCPT TO:<bob@example.org> rejected: 550 5\.1\.10 Recipient not found in the organisation's directory — / },
  // ... which a server that means the null MX still gets.
  { id: 'smtp.rcpt-rejected', lines: [...greet, 'C: MAIL FROM:<a@example.com>', 'S: 250 OK', 'C: RCPT TO:<bob@example.org>', 'S: 556 5.1.10 Recipient address has null MX'], line: 10,
    message: /^RCPT TO:<bob@example.org> rejected: 556 5\.1\.10 Recipient address has null MX — / },
  // Gmail's 5.7.27 is a bulk sender's failed SPF check, not a null MX of the sender.
  { id: 'smtp.data-rejected', lines: [...greet, 'C: MAIL FROM:<a@example.com>', 'S: 250 OK', 'C: RCPT TO:<b@example.org>', 'S: 250 OK', 'C: DATA', 'S: 354 go', 'C: .', 'S: 550 5.7.27 The sender does not meet basic SPF requirements. a1si123 - gsmtp'], line: 14,
    message: /^DATA rejected: 550 5\.7\.27 Bulk sender requirement: SPF did not pass — / },
  { id: 'smtp.command-rejected', lines: ['S: 220 mx ESMTP', 'C: VRFY bob', 'S: 502 5.5.1 VRFY disabled'], line: 2 },
  { id: 'smtp.connection-refused', lines: ['S: 554 5.7.1 Your IP is listed on a blocklist'], line: 0 },
  { id: 'smtp.temporary-failure', lines: [...greet, 'C: MAIL FROM:<a@example.com>', 'S: 250 OK', 'C: RCPT TO:<b@example.org>', 'S: 451 4.7.1 Greylisted, try again later'], line: 10, severity: 'warning' },
  { id: 'smtp.will-forward', lines: [...greet, 'C: MAIL FROM:<a@example.com>', 'S: 250 OK', 'C: RCPT TO:<b@example.org>', 'S: 251 User not local; will forward to <b@example.net>'], line: 10, severity: 'information' },
  { id: 'smtp.cannot-verify', lines: ['S: 220 mx ESMTP', 'C: VRFY bob', 'S: 252 2.0.0 Cannot VRFY user'], line: 2 },
  { id: 'smtp.unknown-reply-code', lines: ['S: 220 mx ESMTP', 'C: NOOP', 'S: 259 odd but valid form'], line: 2, severity: 'hint' },
  { id: 'smtp.malformed-enhanced-code', lines: ['S: 220 mx ESMTP', 'C: NOOP', 'S: 550 5.01.1 leading zero'], line: 2 },
  { id: 'smtp.enhanced-class-mismatch', lines: ['S: 220 mx ESMTP', 'C: NOOP', 'S: 550 4.4.7 QUEUE.Expired'], line: 2 },
  { id: 'smtp.multiline-code-mismatch', lines: ['S: 220 mx ESMTP', 'C: EHLO x', 'S: 250-mx', 'S: 251-PIPELINING', 'S: 250 SIZE'], line: 3 },
  { id: 'smtp.unterminated-reply', lines: ['S: 220 mx ESMTP', 'C: EHLO x', 'S: 250-mx', 'S: 250-PIPELINING'], line: 3 },
  { id: 'smtp.line-too-long', lines: ['S: 220 mx ESMTP', `C: RCPT TO:<${'a'.repeat(520)}@example.org>`], line: 1 },
  { id: 'smtp.slow-reply', lines: ['=== response in 0.010s', '<-  220 mx ESMTP', ' -> EHLO x', '=== response in 0.001s', '<-  250 mx', ' -> MAIL FROM:<a@example.com>', '=== response in 0.001s', '<-  250 OK', ' -> RCPT TO:<b@example.org>', '=== response in 31.5s', '<-  451 4.7.1 Greylisted'], line: 10, severity: 'information' },
  { id: 'smtp.mail-before-helo', lines: ['S: 220 mx ESMTP', 'C: MAIL FROM:<a@example.com>', 'S: 503 5.5.1 EHLO/HELO first'], line: 1 },
  { id: 'smtp.rcpt-before-mail', lines: ['S: 220 mx ESMTP', 'C: HELO x', 'S: 250 mx', 'C: RCPT TO:<b@example.org>', 'S: 503 5.5.1 need MAIL'], line: 3 },
  { id: 'smtp.data-without-recipients', lines: [...greet, 'C: MAIL FROM:<a@example.com>', 'S: 250 OK', 'C: RCPT TO:<b@example.org>', 'S: 550 no', 'C: DATA', 'S: 554 5.5.1 No valid recipients'], line: 11 },
  { id: 'smtp.command-after-quit', lines: ['S: 220 mx ESMTP', 'C: QUIT', 'S: 221 bye', 'C: NOOP'], line: 3 },
  { id: 'smtp.unexpected-reply', lines: ['S: 220 mx ESMTP', 'C: NOOP', 'S: 250 OK', 'S: 250 OK again'], line: 3 },
  { id: 'smtp.missing-reply', lines: ['S: 220 mx ESMTP', 'C: NOOP', 'S: 250 OK', 'C: RSET'], line: 3, severity: 'information' },
  { id: 'smtp.reply-mismatch', lines: ['S: 220 mx ESMTP', 'C: NOOP', 'S: 354 go ahead'], line: 2 },
  { id: 'smtp.extension-not-advertised', lines: ['S: 220 mx ESMTP', 'C: EHLO x', 'S: 250-mx', 'S: 250 SIZE 100', 'C: BDAT 10 LAST'], line: 4 },
  { id: 'smtp.size-exceeds-limit', lines: [...greet, 'C: MAIL FROM:<a@example.com> SIZE=5000'], line: 7 },
  { id: 'smtp.auth-mechanism-unavailable', lines: [...greet, 'C: AUTH CRAM-MD5', 'S: 504 5.5.4 Unrecognized authentication type'], line: 7 },
  { id: 'smtp.auth-without-tls', lines: [...greet, 'C: AUTH LOGIN', 'S: 334 VXNlcm5hbWU6', 'C: YWxpY2U=', 'S: 334 UGFzc3dvcmQ6', 'C: c2VjcmV0', 'S: 235 ok'], line: 7 },
  { id: 'smtp.credentials-exposed', lines: [...greet, 'C: AUTH LOGIN', 'S: 334 VXNlcm5hbWU6', 'C: YWxpY2U=', 'S: 334 UGFzc3dvcmQ6', 'C: c2VjcmV0', 'S: 235 ok'], line: 11 },
  { id: 'smtp.data-bare-line-ending', lines: [...greet, 'C: MAIL FROM:<a@example.com>', 'S: 250 OK', 'C: RCPT TO:<b@example.org>', 'S: 250 OK', 'C: DATA', 'S: 354 go', 'C: Subject: x\nC: .\nC: MAIL FROM:<evil@example.net>', 'C: .', 'S: 250 ok'], line: 13, severity: 'warning' },
  { id: 'smtp.auth-invalid-base64', lines: [...greet, 'C: AUTH LOGIN', 'S: 334 VXNlcm5hbWU6', 'C: alice', 'S: 501 5.5.2 Cannot decode response'], line: 9, severity: 'error' },
];

for (const c of cases) {
  test(`${c.id} fires where it should`, () => {
    const found = findings(c.id, c.lines);
    assert.ok(found.length > 0, `${c.id} did not fire`);
    assert.equal(found[0].span.line, c.line);
    if (c.message) assert.match(found[0].message, c.message);
    if (c.severity) assert.equal(found[0].severity, c.severity);
  });
}

test('every rule has a firing case above', () => {
  const covered = new Set(cases.map((c) => c.id).concat('smtp.invalid-reply-code'));
  assert.deepEqual(TRANSCRIPT_RULES.map((r) => r.id).filter((id) => !covered.has(id)), []);
});

test('a logger mask is no exposed credential, and LOGIN usernames are no secret', () => {
  assert.deepEqual(findings('smtp.credentials-exposed', [...greet, 'C: AUTH LOGIN', 'S: 334 VXNlcm5hbWU6', 'C: YWxpY2U=', 'S: 334 UGFzc3dvcmQ6', 'C: /* secret */', 'S: 235 ok']), []);
  assert.deepEqual(findings('smtp.credentials-exposed', [...greet, 'C: AUTH PLAIN [credentials hidden]', 'S: 235 ok']), []);
});

test('AUTH mechanism refused with 504 names the remaining mechanisms; none when all were tried', () => {
  const found = findings('smtp.auth-mechanism-unavailable', [...greet, 'C: AUTH PLAIN', 'S: 504 5.5.4 no']);
  assert.deepEqual(found[0].data?.alternatives, ['LOGIN']);
  assert.deepEqual(findings('smtp.auth-mechanism-unavailable', [...greet, 'C: AUTH PLAIN', 'S: 504 5.5.4 no', 'C: AUTH LOGIN', 'S: 504 no']).length, 1);
});

test('messages come in Chinese when asked', () => {
  const { model } = open([...greet, 'C: MAIL FROM:<a@example.com>', 'S: 250 OK', 'C: RCPT TO:<bob@example.org>', 'S: 550 5.1.1 unknown'].join('\n'));
  const found = analyze(model, { catalog, language: 'zh-cn' }).find((f) => f.id === 'smtp.rcpt-rejected');
  assert.match(found!.message, /被拒绝/);
});

test('sequence rules leave alone a capture that starts mid-session (sendmail bounce transcripts)', () => {
  const partial = ['... while talking to mx.example.org.:', '>>> MAIL From:<a@example.jp> SIZE=16600348', '<<< 552 5.2.3 Message size exceeds fixed maximum message size'];
  assert.deepEqual(findings('smtp.mail-before-helo', partial), []);
  assert.deepEqual(findings('smtp.rcpt-before-mail', ['... while talking to mx.example.org.:', '>>> RCPT To:<b@example.org>', '<<< 550 5.1.1 unknown']), []);
  assert.equal(findings('smtp.mail-rejected', partial).length, 1);
});

test('SMTP smuggling: an end of data made of bare LFs in a CRLF capture is an error; LF-only captures are left alone', () => {
  const smuggled = [...greet, 'C: MAIL FROM:<a@example.com>', 'S: 250 OK', 'C: RCPT TO:<b@example.org>', 'S: 250 OK', 'C: DATA', 'S: 354 go', 'C: Subject: x\nC: .\nC: MAIL FROM:<evil@example.net>', 'C: .', 'S: 250 ok'];
  const found = findings('smtp.data-bare-line-ending', smuggled);
  assert.deepEqual(found.map((f) => [f.span.line, f.severity]), [[13, 'warning'], [14, 'error']]);
  assert.match(found[1].message, /smuggl/i);
  const { model } = open(smuggled.join('\n'));
  assert.deepEqual(analyze(model, { catalog, language: 'en' }).filter((f) => f.id === 'smtp.data-bare-line-ending'), []);
});
