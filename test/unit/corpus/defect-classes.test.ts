import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnostics, readTranscript } from '../../../server/src/service';
import type { TranscriptModel } from '../../../server/src/service/parse/model';
import { languageOf, main } from '../../../server/src/cli';
import { decodeText } from '../../../server/src/text-input';
import { logSummary, serverWords } from '../../../server/src/service/features/log/summary';
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

test('the Exim test client waits for what it expects: a line still unanswered when the next is sent gets no reply', () => {
  const found = ids(findings('transcripts/exim__test-stdout-2114.openssl_1_1_1.txt'));
  assert.ok(!found.includes('27 smtp.missing-reply') && found.includes('29 smtp.command-rejected'), found.join('\n'));
  // Lines sent without waiting (no "??? " between) stay pipelined: the 554 answers the data they sent.
  assert.ok(ids(findings('transcripts/exim__test-stdout-0301.txt')).includes('80 smtp.data-rejected'));
});

// Mail logs, read as the CLI reads them: language from the file's name and lines.

function logFindings(file: string): string[] {
  assertCorpusPresent();
  const text = readFileSync(join(corpusRoot(), 'logs', file), 'utf8');
  assert.equal(languageOf(file, text), 'maillog', `${file} is read as a mail log`);
  return findings(`logs/${file}`, 'maillog');
}

test('an Exim mainlog or rejectlog is recognised from its lines, whatever its name', () => {
  assert.ok(logFindings('ddgrey__mainlog-L1.log').some((f) => f.startsWith('3 smtp.incoming-rejected RCPT TO:<explain@dissonantia.se> ')));
  assert.ok(logFindings('exim__test-rejectlog-0536.log').length > 0);
  assert.ok(logFindings('crowdsec-hub__exim-logs__exim-logs.log').some((f) => /^1 smtp\.incoming-rejected AUTH /.test(f)));
  // sa-exim's verdict line is no second refusal: Exim logs its own on the next line.
  assert.ok(!logFindings('ddgrey__mainlog-L1.log').some((f) => f.startsWith('214 ')));
});

test('Postfix SASL authentication failures are refusals of a client, counted in the summary', () => {
  const found = logFindings('fail2ban__postfix.log');
  assert.ok(found.some((f) => f.startsWith('111 smtp.incoming-rejected AUTH from HOSTNAME[1.1.1.1] refused')), found.join('\n'));
  const text = readFileSync(join(corpusRoot(), 'logs', 'fail2ban__postfix.log'), 'utf8');
  const { model } = open(text, 'maillog');
  assert.ok(model.kind === 'log' && logSummary(model, catalog, 'en').rejections >= 26 + 14);
});

test('a Postfix reject without to= invents no RCPT TO:<>; an Exim local submission (U=) is no unknown client', () => {
  const postfix = logFindings('postfix-ecs-pipeline__test-mail.log');
  assert.ok(postfix.some((f) => f.startsWith('10 smtp.incoming-rejected RCPT TO from ')) && !postfix.some((f) => f.includes('RCPT TO:<>')), postfix.join('\n'));
  assert.ok(logFindings('exim__test-log-5401.log').some((f) => f.startsWith('4 smtp.incoming-rejected RCPT TO:<no@domain.com> from U=CALLER ')));
});

test('Postfix lines pasted without their syslog header are a log; proxy-reject is a refusal; reasons are grouped by what the server said', () => {
  const found = logFindings('postfix-grok-patterns__test-data.log');
  assert.ok(found.some((f) => f.startsWith('165 smtp.incoming-rejected DATA ')), found.join('\n'));
  const text = readFileSync(join(corpusRoot(), 'logs', 'postfix-grok-patterns__test-data.log'), 'utf8');
  const { model } = open(text, 'maillog');
  assert.ok(model.kind === 'log');
  const reasons = logSummary(model, catalog, 'en').reasons.map((r) => r.said);
  assert.ok(reasons.includes('Greylisting in action, please come back later'), reasons.join('\n'));
  assert.equal(serverWords('<bob@example.org>: Recipient address rejected: Greylisted, please try again (in reply to RCPT TO command)'), 'Recipient address rejected: Greylisted, please try again');
});

test('a NUL byte does not make a text file unreadable: it is read, and the note says where; 8-bit text is Windows-1252, never U+FFFD', () => {
  const yahoo = decodeText(readFileSync(join(corpusRoot(), 'eml', 'flufl.bounce__yahoo_02.txt.eml')));
  assert.deepEqual(yahoo.binary, { line: 57, column: 1, count: 1 });
  const out: string[] = [];
  const err: string[] = [];
  const status = main(['check', join(corpusRoot(), 'eml', 'flufl.bounce__yahoo_02.txt.eml')], (l) => out.push(l), (l) => err.push(l));
  assert.notEqual(status, 2, err.join('\n'));
  assert.match(err.join('\n'), /yahoo_02\.txt\.eml:57:1: binary data \(1 NUL byte\) read as text/);
  assert.ok(out.some((l) => l.includes('agarciamartiartu@yahoo.es')), out.join('\n'));
  const latin = decodeText(readFileSync(join(corpusRoot(), 'eml', 'php-bounce-handler__12.eml')));
  assert.equal(latin.encoding, 'windows-1252');
  assert.ok(latin.text.includes('Información') && !latin.text.includes('\uFFFD'));
  assert.equal(decodeText(Buffer.from('Größe: 550 5.2.2\n', 'utf8')).encoding, 'utf-8');
});

test('RFC 821\'s marks: "S:" is the sender-SMTP (client) and "R:" the receiver-SMTP (server); its refused RCPT is found', () => {
  const found = findings('transcripts/rfc0821__example-L3076.txt');
  assert.deepEqual(ids(found), ['12 smtp.rcpt-rejected']);
  assert.match(found[0], /RCPT TO:<Green@MIT-Multics\.ARPA> rejected: 550/);
  assert.deepEqual(ids(findings('transcripts/rfc0821__example-L412.txt')), ['8 smtp.rcpt-rejected']);
  const text = readFileSync(join(corpusRoot(), 'transcripts', 'rfc0821__example-L3136.txt'), 'utf8');
  const [session] = (open(text).model as TranscriptModel).sessions;
  assert.deepEqual(session.commands.map((c) => `${c.verb} ${c.replies.map((r) => r.code).join(',')}`), ['HELO 250', 'MAIL 250', 'RCPT 250', 'DATA 354,250', 'QUIT 221']);
  assert.equal(session.replies[0].answers, 'connection');
  assert.equal(session.commands[3].content.length, 9, 'the "S:" lines after DATA are the message');
  // Documents that mark the client "C:" keep "S:" as the server; Exim's debug "R: router" lines are no replies.
  assert.deepEqual(ids(findings('transcripts/rfc1870__example-L348.txt')), ['14 smtp.rcpt-rejected', '16 smtp.temporary-failure']);
});

test('XFORWARD (Postfix, quoted in a real bounce): each is answered by 250 in the same session; no new greeting follows it', () => {
  assertCorpusPresent();
  const lines = readFileSync(join(corpusRoot(), 'eml', 'set-of-emails__lhost-postfix-75.eml'), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.includes('Out: 220 mx22.example.com'));
  const model = readTranscript(lines.slice(start, start + 31).join('\n'));
  assert.equal(model.sessions.length, 1);
  const [session] = model.sessions;
  assert.ok(session.capabilities.has('XFORWARD'));
  assert.deepEqual(session.commands.map((c) => `${c.verb} ${c.replies.map((r) => r.code).join(',')}`),
    ['EHLO 250', 'XFORWARD 250', 'XFORWARD 250', 'MAIL 250', 'RCPT 250', 'DATA 354,451', 'QUIT 221']);
  // Only the queue file write error is a problem; XFORWARD's wrapped attributes are part of its line.
  assert.deepEqual(ids(findings('eml/set-of-emails__lhost-postfix-75.eml', 'eml')), ['42 smtp.delivery-delayed', '46 smtp.temporary-failure']);
});

test('an RFC example that shows a BDAT chunk as "(… octets …)" ends the chunk there: the next BDAT is a command (RFC 3030)', () => {
  const text = readFileSync(join(corpusRoot(), 'transcripts', 'rfc3030__example-L431.txt'), 'utf8');
  const [session] = (open(text).model as TranscriptModel).sessions;
  assert.deepEqual(session.commands.map((c) => `${c.verb} ${c.replies.map((r) => r.code).join(',')}`),
    ['EHLO 250', 'MAIL 250', 'RCPT 250', 'RCPT 250', 'BDAT 250', 'BDAT 250', 'BDAT 250', 'QUIT 221']);
  assert.deepEqual(findings('transcripts/rfc3030__example-L431.txt'), []);
});

test('RFC 821\'s SEND, SOML and SAML open a mail transaction as MAIL does: the RCPT after them is inside it', () => {
  for (const file of ['transcripts/rfc0821__example-L3250.txt', 'transcripts/rfc0821__example-L3366.txt']) {
    assert.deepEqual(findings(file), [], file);
    const text = readFileSync(join(corpusRoot(), file), 'utf8');
    const [session] = (open(text).model as TranscriptModel).sessions;
    assert.deepEqual(session.transactions.map((t) => `${t.mail.verb} ${t.recipients.length} ${t.data?.verb}`), [`${file.includes('3250') ? 'SEND' : 'SOML'} 1 DATA`], file);
  }
});
