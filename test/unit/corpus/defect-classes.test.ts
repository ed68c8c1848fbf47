import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnostics } from '../../../server/src/service';
import { assertCorpusPresent, corpusRoot } from '../../helpers/corpus';
import { catalog, open, options } from '../../helpers/documents';

// Each defect class of issue 16 on a real file of ../shared/corpus: what a reader must find there.

function findings(file: string, languageId = 'smtp'): string[] {
  assertCorpusPresent();
  const text = readFileSync(join(corpusRoot(), file), 'utf8');
  const { model } = open(text, languageId);
  return diagnostics(model, catalog, options({ maxProblems: 1000 })).map((d) => `${d.range.start.line + 1} ${String(d.code)} ${d.message}`);
}

const ids = (list: string[]): string[] => list.map((f) => f.split(' ').slice(0, 2).join(' '));

test('sendmail: the replies before the last one after ">>> DATA" answer RCPTs the capture never logged', () => {
  const found = findings('transcripts/bounce_email-py__tt_bounce_23__transcript-L36.txt');
  assert.deepEqual(ids(found), ['4 smtp.rcpt-rejected']);
  assert.match(found[0], /RCPT TO:<Rihards_Freimanis@exigengroup\.com> rejected: 550/);
  // The 503 "Need RCPT" answers DATA and only follows from the refused recipient.
  assert.deepEqual(ids(findings('transcripts/set-of-emails__rhost-google-07__transcript-L27.txt')), ['4 smtp.rcpt-rejected']);
});

test('a bare status line after sendmail\'s "Transcript of session follows" is sendmail\'s own, not a refused connection', () => {
  assert.deepEqual(findings('transcripts/set-of-emails__lhost-sendmail-57__transcript-L27.txt'), []);
});

test('"While talking to host:" starts a new session', () => {
  const found = ids(findings('transcripts/set-of-emails__lhost-v5sendmail-05__transcript-L15.txt'));
  assert.ok(!found.some((f) => f.endsWith('smtp.command-after-quit')), found.join('\n'));
  assert.ok(found.includes('17 smtp.rcpt-rejected'));
});

test('PIPELINING: DATA with no accepted recipient and its 503/554 are one consequence of the refusals', () => {
  assert.deepEqual(ids(findings('transcripts/rfc2920__example-L311.txt')), ['12 smtp.rcpt-rejected', '13 smtp.rcpt-rejected']);
  assert.deepEqual(ids(findings('transcripts/swaks__exec-transactions-00056.txt')), ['23 smtp.rcpt-rejected', '24 smtp.rcpt-rejected']);
  const exim = ids(findings('transcripts/exim__test-stdout-0900.txt'));
  assert.ok(!exim.some((f) => /^(347|353|384|390|407|413) /.test(f)), exim.join('\n'));
});

test('a 503 to RCPT after MAIL was refused is no new problem', () => {
  const found = ids(findings('transcripts/exim__test-stderr-0218.txt'));
  assert.ok(found.includes('134 smtp.mail-rejected'));
  assert.ok(!found.some((f) => /^(133|135|136|205|208) /.test(f)), found.join('\n'));
});

test('all AUTH lines of an EHLO reply count', () => {
  for (const file of ['swaks__exec-transactions-00602.txt', 'swaks__exec-transactions-00626.txt', 'swaks__exec-transactions-00634.txt']) {
    assert.ok(!ids(findings(`transcripts/${file}`)).some((f) => f.endsWith('smtp.auth-mechanism-unavailable')), file);
  }
  // A mechanism really not offered is still reported.
  assert.ok(ids(findings('transcripts/rfc2554__example-L186.txt')).includes('5 smtp.auth-mechanism-unavailable'));
});

test('an AUTH refused before any credential was sent crossed nothing readable', () => {
  assert.ok(!ids(findings('transcripts/rfc2554__example-L186.txt')).some((f) => f.endsWith('smtp.auth-without-tls')));
});

test('AUTH responses the server went on with are no invalid Base64 (swaks shows them decoded)', () => {
  assert.ok(!ids(findings('transcripts/swaks__exec-transactions-00635.txt')).some((f) => f.endsWith('smtp.auth-invalid-base64')));
});

test('a 421 in the middle of a session closes it; it refuses no connection', () => {
  const found = findings('transcripts/exim__test-stdout-0003.txt');
  const closing = found.find((f) => f.startsWith('107 '));
  assert.ok(closing && /closed the session/.test(closing) && !/refused/.test(closing), closing);
  // QUIT's 421 is no temporary failure: the connection closes either way.
  assert.ok(!findings('transcripts/set-of-emails__lhost-sendmail-56__transcript-L28.txt').some((f) => f.includes('QUIT')));
});

test('no missing reply after the connection closed, nor for stage directions of RFC examples', () => {
  assert.ok(!ids(findings('transcripts/exim__test-stderr-0476.txt')).some((f) => f.endsWith('smtp.missing-reply')));
  assert.deepEqual(findings('transcripts/rfc2920__example-L251.txt'), []);
  assert.deepEqual(findings('transcripts/rfc3207__example-L254.txt'), []);
});

test('a capture that starts mid-session: its first replies answer commands before it', () => {
  assert.deepEqual(findings('transcripts/swaks__exec-transactions-05313.txt'), []);
});

test('a test driver\'s bare "OK" answers the line it was given: the queue does not drift onto earlier commands', () => {
  const found = findings('transcripts/postfix__src-smtpd-smtpd_dns_filter.ref.txt');
  assert.ok(!found.some((f) => / smtp\.missing-reply /.test(f)), found.join('\n'));
  assert.ok(found.some((f) => f.startsWith('26 smtp.temporary-failure helo nxdomain.porcupine.org ')), found.join('\n'));
  // smtpd_check answers "client host addr" as the connection it stands for.
  assert.ok(found.some((f) => f.startsWith('135 smtp.command-rejected client localhost 127.0.0.2 ')), found.join('\n'));
});

test('a PROXY protocol header gets no reply, and nothing sent after "Failed to start TLS" can get one', () => {
  assert.deepEqual(findings('transcripts/swaks__exec-transactions-00802.txt'), []);
  const tls = ids(findings('transcripts/exim__test-stdout-2014.txt'));
  assert.ok(!tls.includes('24 smtp.missing-reply') && !tls.includes('161 smtp.missing-reply'), tls.join('\n'));
});

test('after a reply that drops the connection (Exim\'s 554 synchronization error) nothing is missing', () => {
  const found = ids(findings('transcripts/exim__test-stdout-0300.txt'));
  assert.ok(!found.some((f) => f.endsWith('smtp.missing-reply')), found.join('\n'));
  assert.ok(found.includes('6 smtp.command-rejected'));
});

test('a command the server still answered was read: no "sent after 421"', () => {
  assert.deepEqual(ids(findings('transcripts/exim__test-stdout-0439.txt')), ['5 smtp.temporary-failure'], 'only the 421 greeting itself');
});

test('DATA whose content never ended in the capture waits for nothing; an elided EHLO reply is not cut off', () => {
  assert.ok(!ids(findings('transcripts/exim__test-stdout-0562.txt')).includes('15 smtp.missing-reply'));
  assert.ok(ids(findings('transcripts/exim__test-stdout-0562.txt')).includes('83 smtp.missing-reply'), 'the content ended: its reply is missing');
  assert.deepEqual(findings('transcripts/postfix__SASL_README-pre22.txt'), []);
});
