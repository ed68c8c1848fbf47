// A share-safe copy (smtp-lens redact, "SMTP Lens: Copy Redacted"): no secret in any form, no address
// local part, line for line with the same findings, on real transcripts, logs and bounces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { diagnostics, parseDocument, readTranscript, resolveOptions, type LanguageId } from '../../../server/src/service';
import { credentialsExposed } from '../../../server/src/service/analyze/rules/credentials-exposed';
import { encodeBase64, utf8Encode } from '../../../server/src/service/parse/base64';
import { redactDocument, type RedactOptions } from '../../../server/src/service/share/redact';
import { addressPattern, isRoleAccount } from '../../../server/src/service/share/patterns';
import { languageOf, main } from '../../../server/src/cli';
import { eximServer, needsSwaksAndExim, runSwaks } from './exim';
import { catalog } from '../../helpers/catalog';

const FIXTURES = resolve(__dirname, '..', '..', 'fixtures', 'transcripts');
const corpus = resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const b64 = (text: string): string => encodeBase64(utf8Encode(text));

function redact(text: string, language: LanguageId = 'smtp', options: Partial<RedactOptions> = {}) {
  return redactDocument(text, parseDocument(text, language), catalog, options);
}

/** What a user would see as findings: line and id, the exposed-credential ones aside (they are the point). */
function findings(text: string, language: LanguageId): string[] {
  return diagnostics(parseDocument(text, language), catalog, { ...resolveOptions({}), maxProblems: Number.MAX_SAFE_INTEGER })
    .filter((d) => d.code !== 'smtp.credentials-exposed')
    .map((d) => `${d.range.start.line + 1} ${String(d.code)}`);
}

/** Local parts of the addresses in a text that belong to a person (role mailboxes aside). */
function personalLocalParts(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(addressPattern())) {
    const local = match[1] ?? match[2] ?? '';
    // "redacted@..." stands in some corpus files already: a mask made upstream, not a person.
    if (!isRoleAccount(local) && local.toLowerCase() !== 'redacted') found.add(local);
  }
  return found;
}

function standsAsLocalPart(text: string, local: string): boolean {
  return new RegExp(`(?<![\\w.+-])${local.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}@`, 'i').test(text);
}

const lineCount = (text: string): number => text.split(/\r\n|\r|\n/).length;

test('every corpus file: same lines, same findings on the same lines, no personal local part left', { skip: !existsSync(corpus) && 'no ../shared/corpus here', timeout: 300_000 }, () => {
  let files = 0;
  let addresses = 0;
  for (const folder of ['transcripts', 'logs', 'eml']) {
    for (const name of readdirSync(resolve(corpus, folder))) {
      const path = resolve(corpus, folder, name);
      const text = readFileSync(path, 'utf8');
      const language = languageOf(path, text);
      const { text: copy } = redact(text, language);
      assert.equal(lineCount(copy), lineCount(text), `${name}: line count`);
      assert.deepEqual(findings(copy, language), findings(text, language), `${name}: findings`);
      for (const local of personalLocalParts(text)) {
        if (local.length < 3) continue; // "a@" and the like stand inside pseudonyms too
        addresses++;
        assert.ok(!standsAsLocalPart(copy, local), `${name}: ${local}@ is still there`);
      }
      files++;
    }
  }
  assert.ok(files > 500, `read ${files} files`);
  assert.ok(addresses > 500, `checked ${addresses} local parts`);
});

test('swaks against Exim: AUTH LOGIN, hidden password and AUTH PLAIN leave no secret and no user name', () => {
  const text = readFileSync(resolve(FIXTURES, 'swaks-exim-auth.txt'), 'utf8');
  assert.ok(text.includes('wonderland') && text.includes(b64('wonderland')) && text.includes(b64('\0alice\0not-the-password')));
  const { text: copy, summary } = redact(text);
  for (const gone of ['wonderland', 'not-the-password', b64('wonderland'), b64('\0alice\0not-the-password'), b64('alice'), 'alice']) assert.ok(!copy.includes(gone), gone);
  // Exim's debug lines echo the credentials: the password is masked there too, the user renamed.
  assert.match(copy, /^>>> {3}\$auth2 = \*{8}$/m);
  assert.match(copy, /^>>> {3}\$auth1 = user\d+$/m);
  assert.match(copy, /A=login:user\d+ /);
  assert.deepEqual(credentialsExposed.check(readTranscript(copy), { catalog, language: 'en' }), []);
  assert.ok(summary.secrets >= 2, JSON.stringify(summary));
  assert.deepEqual(findings(copy, 'smtp'), findings(text, 'smtp'));
});

test('XOAUTH2, OAUTHBEARER, PLAIN with an authzid and LOGIN: no token, password or user in any form', () => {
  const xoauth = 'user=carol@example.com\x01auth=Bearer ya29.TokenValue-123\x01\x01';
  const bearer = 'n,a=dave@example.com,\x01host=mx.example.net\x01port=587\x01auth=Bearer eyJhbGciOiJSUzI1.second-token\x01\x01';
  const plain = 'admin\0erin@example.com\0s3cret-Passw0rd';
  const text = [
    'S: 220 mx.example.net ESMTP', 'C: EHLO client.example.com', 'S: 250-mx.example.net', 'S: 250 AUTH PLAIN LOGIN XOAUTH2 OAUTHBEARER',
    `C: AUTH XOAUTH2 ${b64(xoauth)}`, 'S: 235 2.7.0 Accepted',
    `C: AUTH OAUTHBEARER ${b64(bearer)}`, 'S: 235 2.7.0 Accepted',
    `C: AUTH PLAIN ${b64(plain)}`, 'S: 235 2.7.0 Accepted',
    'C: AUTH LOGIN', `S: 334 ${b64('Username:')}`, `C: ${b64('frank')}`, `S: 334 ${b64('Password:')}`, `C: ${b64('hunter2hunter2')}`, 'S: 535 5.7.8 Bad credentials',
    'C: QUIT', 'S: 221 bye', '',
  ].join('\r\n');
  const { text: copy } = redact(text);
  for (const gone of ['ya29.TokenValue-123', 'second-token', 's3cret-Passw0rd', 'hunter2hunter2', 'carol', 'dave', 'erin', 'frank',
    b64(xoauth), b64(bearer), b64(plain), b64('hunter2hunter2'), b64('frank'), b64('ya29.TokenValue-123')]) {
    assert.ok(!copy.includes(gone), gone);
  }
  // The exchange keeps its shape: PLAIN still has its three fields, the domains stay.
  const plainLine = copy.split('\r\n')[8];
  const decoded = Buffer.from(plainLine.slice('C: AUTH PLAIN '.length), 'base64').toString('utf8').split('\0');
  assert.equal(decoded.length, 3);
  assert.match(decoded[1], /^user\d+@example\.com$/);
  assert.equal(decoded[2], '********');
  assert.equal(lineCount(copy), lineCount(text));
  assert.ok(copy.endsWith('\r\n') && !/[^\r]\n/.test(copy), 'CRLF line ends kept');
  assert.deepEqual(credentialsExposed.check(readTranscript(copy), { catalog, language: 'en' }), []);
});

test('the same address gets the same pseudonym through the file, different ones stay apart, domains and role mailboxes kept', () => {
  const text = [
    'C: MAIL FROM:<Alice@example.com>', 'S: 250 ok', 'C: RCPT TO:<bob@example.net>', 'S: 550 5.1.1 <bob@example.net>: unknown',
    'C: RCPT TO:<carol@example.net>', 'S: 250 ok', 'C: RCPT TO:<postmaster@example.net>', 'S: 250 ok', 'Note: alice@example.com wrote to bob@example.net',
  ].join('\n');
  const { text: copy, summary } = redact(text);
  const lines = copy.split('\n');
  const local = (line: string): string => /<?([\w.+-]+)@/.exec(line)![1];
  assert.equal(local(lines[2]), local(lines[3]));
  assert.notEqual(local(lines[2]), local(lines[4]));
  assert.equal(lines[8], `Note: ${local(lines[0])}@example.com wrote to ${local(lines[2])}@example.net`);
  assert.equal(lines[6], 'C: RCPT TO:<postmaster@example.net>');
  assert.equal(summary.addresses, 3);
  const domains = redact(text, 'smtp', { domains: true }).text;
  assert.ok(!domains.includes('example.com') && !domains.includes('example.net'), domains);
  assert.match(domains, /RCPT TO:<postmaster@domain\d+\.example>/);
  assert.equal(redact(text, 'smtp', { addresses: false }).text, text);
});

test('IP addresses: /24 and /48 by default, documentation addresses when pseudonymised, loopback and versions left alone', () => {
  const text = 'S: 250-mx.example.net Hello client [203.0.113.77] and [2001:db8:abcd:12:1::5] via 127.0.0.1 Exim 4.96.2 OID 1.3.6.1.4.1 at 12:34:56 Username::';
  assert.equal(redact(text).text, 'S: 250-mx.example.net Hello client [203.0.113.0] and [2001:db8:abcd::] via 127.0.0.1 Exim 4.96.2 OID 1.3.6.1.4.1 at 12:34:56 Username::');
  const pseudo = redact(`${text} again 203.0.113.77`, 'smtp', { ips: 'pseudonymise' }).text;
  assert.match(pseudo, /client \[192\.0\.2\.1\] and \[2001:db8::2\].* again 192\.0\.2\.1$/);
  assert.equal(redact(text, 'smtp', { ips: 'keep' }).text, text);
});

test('subjects and bodies blanked, delivery headers kept; options keep them', () => {
  const text = readFileSync(resolve(FIXTURES, 'swaks-exim-pipelined.txt'), 'utf8');
  assert.match(text, /^ -> Hello Bob and Carol\.$/m);
  const { text: copy, summary } = redact(text);
  assert.ok(!copy.includes('Hello Bob and Carol'));
  assert.match(copy, /^ -> \[removed\]$/m);
  assert.match(copy, /^ -> Subject: \[removed\]$/m);
  assert.match(copy, /^ -> Date: /m);
  assert.match(copy, /^ -> X-Mailer: swaks/m);
  assert.ok(summary.bodyLines >= 1 && summary.subjects === 1, JSON.stringify(summary));
  const kept = redact(text, 'smtp', { bodies: true, subjects: true }).text;
  assert.match(kept, /^ -> Hello Bob and Carol\.$/m);
  assert.match(kept, /^ -> Subject: test /m);
});

test('a bounce keeps its notice and delivery-status fields; the returned message loses its subject and body', () => {
  const text = [
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>', 'To: alice@example.com', 'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0', 'Content-Type: multipart/report; report-type=delivery-status; boundary="B"', '',
    '--B', 'Content-Type: text/plain', '', '<bob@example.org>: host mx.example.org[198.51.100.7] said: 550 5.1.1 No such user (in reply to RCPT TO command)', '',
    '--B', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.example.net', '', 'Final-Recipient: rfc822; bob@example.org',
    'Action: failed', 'Status: 5.1.1', 'Diagnostic-Code: smtp; 550 5.1.1 No such user', '',
    '--B', 'Content-Type: message/rfc822', '', 'From: "Alice Smith" <alice@example.com>', 'To: Bob Jones <bob@example.org>,', ' carol@example.org (Carol Diaz)', 'Subject: Quarterly figures', '', 'The figures are attached.', '',
    '--B--', '',
  ].join('\n');
  const { text: copy } = redact(text, 'eml');
  assert.match(copy, /^Subject: Undelivered Mail Returned to Sender$/m);
  assert.match(copy, /^<user\d+@example\.org>: host mx\.example\.org\[198\.51\.100\.0\] said: 550 5\.1\.1 No such user/m);
  assert.match(copy, /^Status: 5\.1\.1$/m);
  assert.ok(!copy.includes('Quarterly') && !copy.includes('figures are attached'), copy);
  assert.match(copy, /^Subject: \[removed\]$/m);
  // People's names go with their addresses; the bounce's sender keeps its name (it says what the message is).
  assert.ok(!/Alice|Smith|Bob Jones|Carol|Diaz/.test(copy), copy);
  assert.match(copy, /^From: <user\d+@example\.com>$/m);
  assert.match(copy, /^To: <user\d+@example\.org>,$/m);
  assert.match(copy, /^From: Mail Delivery System <MAILER-DAEMON@mx\.example\.net>$/m);
  assert.deepEqual(findings(copy, 'eml'), findings(text, 'eml'));
});

test('swaks --auth-plaintext against a real Exim: the plain-text password and user are gone', { skip: needsSwaksAndExim, timeout: 60_000 }, () => {
  const server = eximServer();
  try {
    for (const mechanism of ['PLAIN', 'LOGIN']) {
      const text = runSwaks(server.command, ['--to', 'bob@example.net', '--from', 'alice@example.com', '--helo', 'client.example.com',
        '--auth', mechanism, '--auth-user', 'alice', '--auth-password', 'wonderland', '--auth-plaintext', '--quit-after', 'AUTH']);
      assert.match(text, /235 Authentication succeeded/, text);
      assert.ok(text.includes('wonderland'));
      const { text: copy } = redact(text);
      assert.ok(!copy.includes('wonderland'), copy);
      assert.ok(!/\balice\b/.test(copy), copy);
      assert.deepEqual(findings(copy, 'smtp'), findings(text, 'smtp'), mechanism);
    }
  } finally {
    server.close();
  }
});

test('CLI: the copy on stdout as it is (line ends kept), the summary on stderr; bad options say so', () => {
  const path = resolve(FIXTURES, 'smtplib-auth.txt');
  const written: string[] = [];
  const err: string[] = [];
  const status = main(['redact', path], () => assert.fail('no line output'), (line) => err.push(line), (text) => written.push(text));
  assert.equal(status, 0);
  const original = readFileSync(path, 'utf8');
  assert.equal(lineCount(written.join('')), lineCount(original));
  assert.ok(!written.join('').includes('wonderland') && !written.join('').includes('AGFsaWNlAHdvbmRlcmxhbmQ='));
  assert.equal(err.length, 1);
  assert.match(err[0], /^smtp-lens: redacted: [1-9]\d* secret\(s\), \d+ address local part\(s\)/);
  const bad: string[] = [];
  assert.equal(main(['redact', '--ips', 'maybe', path], () => undefined, (line) => bad.push(line), () => undefined), 2);
  assert.match(bad[0], /--ips needs reduce, pseudonymise or keep/);
  assert.equal(main(['redact', resolve(FIXTURES, 'no-such-file.txt')], () => undefined, (line) => bad.push(line), () => undefined), 2);
  assert.match(bad[1], /no such file/);
  const zh: string[] = [];
  main(['redact', '--lang', 'zh-cn', path], () => undefined, (line) => zh.push(line), () => undefined);
  assert.match(zh[0], /已脱敏/);
});

test('CLI: a corpus capture with a NUL burst and 8-bit bytes is read as check reads it and redacted, line for line', { skip: !existsSync(corpus) && 'no ../shared/corpus here' }, () => {
  // swaks' AUTH LOGIN with a refused password (corpus), with a burst of TLS bytes (NULs and 8-bit
  // bytes, so not UTF-8: Windows-1252) before the AUTH, and a French 535 in Windows-1252.
  const original = readFileSync(resolve(corpus, 'transcripts', 'swaks__exec-transactions-00611.txt'));
  const lines = original.toString('latin1').split('\n');
  const at = lines.findIndex((line) => line === ' -> AUTH LOGIN');
  lines.splice(at, 0, '\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03');
  const changed = lines.map((line) => line.replace('<** 535 Incorrect authentication data', '<** 535 Donn\xe9es d\'authentification incorrectes'));
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lens-redact-'));
  const path = join(dir, 'auth-with-binary.txt');
  writeFileSync(path, Buffer.from(changed.join('\n'), 'latin1'));
  try {
    const written: string[] = [];
    const err: string[] = [];
    assert.equal(main(['redact', path], () => undefined, (line) => err.push(line), (text) => written.push(text)), 0, err.join('\n'));
    const copy = written.join('');
    assert.match(err[0], new RegExp(`auth-with-binary\\.txt:${at + 1}:4: binary data \\(3 NUL bytes\\)`));
    assert.match(err[1], /^smtp-lens: redacted: [1-9]/);
    assert.equal(lineCount(copy), changed.length, 'no line lost');
    assert.ok(copy.includes('535 Données d\'authentification incorrectes'), 'Windows-1252 decoded');
    assert.ok(!copy.includes('\uFFFD'), 'no replacement character');
    assert.ok(!copy.includes('dmFsaWRwYXNzd29yZA==') && !copy.includes('dmFsaWR1c2Vy'), 'the user and password gone');
    assert.equal(copy.split('\n')[at], changed[at], 'the binary line kept as read');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
