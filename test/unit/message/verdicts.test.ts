// Issue 17 on real notices (test/fixtures/eml, see NOTICE.md): the DSN's own fields first, Diagnostic-Code
// read by its type, recipients of any address type, the rules that were wrong, Sisimai's reason names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bounceRecords } from '../../../server/src/service/bounce';
import { catalog, eml, fixture, readEml, verdicts } from './helpers';

const records = (name: string) => bounceRecords(readEml(fixture(name)), catalog);

test('a DSN Status wins over the codes the text and the quoted dialogue write', () => {
  // Status: 5.1.3; sendmail's text says "550 5.1.1 <kijitora@example.com>... User unknown" after the refusal.
  assert.deepEqual(verdicts(readEml(fixture('set-of-emails__rhost-godaddy-02.eml'))), ['kijitora@example.com failed 5.1.3 553 RCPT blocked soft']);
  // A class-only Status (5.0.0) says nothing but the class: the server's exact code in the text refines it.
  assert.deepEqual(verdicts(readEml(fixture('set-of-emails__lhost-opensmtpd-17.eml'))).map((v) => v.split(' ').slice(0, 4).join(' ')),
    ['userunknown@libsisimai.net failed 5.1.1 550', 'mailboxfull@libsisimai.net failed 5.2.2 552']);
});

test('Diagnostic-Code is read by its type: X-Unix gives an exit status, X-Postfix a reply only where it quotes one', () => {
  const [unix] = readEml(fixture('set-of-emails__lhost-sendmail-13.eml')).messages[0].bounce!.recipients;
  assert.equal(unix.diagnosticType, 'x-unix');
  assert.equal(unix.exitStatus, 77);
  assert.equal(unix.replyCode, undefined, 'the text quotes a 550, but the DSN says the failure was a program\'s exit status');
  assert.equal(records('set-of-emails__lhost-sendmail-13.eml')[0].reason, 'mailer-error');
  // "X-Postfix; delivery temporarily suspended: connect to ...: server refused to talk to me: 421 Service not available".
  const [postfix] = readEml(fixture('set-of-emails__lhost-postfix-49.eml')).messages[0].bounce!.recipients;
  assert.equal(postfix.diagnosticType, 'x-postfix');
  assert.equal(postfix.replyCode, '421');
});

test('Final-Recipient of any address type names the recipient: x400, a pipe, a quoted local part', () => {
  assert.equal(readEml(fixture('flufl.bounce__dsn_09.txt.eml')).messages[0].bounce!.recipients[0].address, '/RFC-822=pr(a)allen-heath.com/ADMD= /C=WW/');
  assert.deepEqual(verdicts(readEml(fixture('set-of-emails__lhost-exim-44.eml'))), ['kijitora@example.com failed 5.0.0 - - unknown undetermined']);
  assert.deepEqual(records('exim__test-mail-5204.CALLER.eml').map((r) => [r.recipient, r.status]), [['"FAIL cannot route this one (FAIL)"@some.host', '5.0.0']]);
});

test('"[SMTP Error Code 550]" is a reply code', () => {
  assert.equal(records('flufl.bounce__bounce_02.txt.eml')[0].replyCode, '550');
});

test('Microsoft\'s "5.7.606 Access denied, banned sending IP" is blocked, with the delisting pointer', () => {
  const [record] = records('set-of-emails__rhost-microsoft-01.eml');
  assert.equal(record.status, '5.7.606');
  assert.equal(record.reason, 'blocked');
  assert.equal(record.blocklist?.id, 'microsoft-banned-ip');
  assert.equal(record.blocklist?.url, 'https://sender.office.com/');
});

/** A DSN with one recipient refused with `diagnostic` after `command`. */
const refused = (status: string, diagnostic: string) => eml(
  'From: MAILER-DAEMON@mx.example.com',
  'Subject: Undelivered Mail Returned to Sender',
  'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
  '',
  '--B',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mx.example.com',
  '',
  'Final-Recipient: rfc822; bob@example.org',
  'Action: failed',
  `Status: ${status}`,
  `Diagnostic-Code: smtp; ${diagnostic}`,
  '',
  '--B--',
);
const reasonOf = (status: string, diagnostic: string) => records2(refused(status, diagnostic))[0];
const records2 = (text: string) => bounceRecords(readEml(text), catalog);

test('rules: 552 after the final dot is a size refusal, 5.2.4 a list problem, Gmail\'s 5.7.27 the sender\'s SPF', () => {
  // The replies as the servers publish them.
  assert.equal(reasonOf('5.3.4', '552 5.3.4 Error: message file too big (in reply to end of DATA command)').reason, 'too-large');
  assert.equal(reasonOf('5.0.0', '552 Requested mail action aborted: exceeded storage allocation (in reply to end of DATA command)').reason, 'too-large');
  assert.equal(reasonOf('5.0.0', '552 Requested mail action aborted: exceeded storage allocation (in reply to RCPT TO command)').reason, 'mailbox-full');
  assert.equal(reasonOf('5.2.4', '550 5.2.4 Mailing list expansion problem').reason, 'list-expansion');
  const gmail = reasonOf('5.7.27', '550-5.7.27 The sender\'s domain [example.com] did not pass SPF authentication. - gsmtp');
  assert.equal(gmail.reason, 'auth-failure');
  assert.equal(gmail.bounce, 'soft');
  // RFC 7505's null MX keeps its meaning.
  assert.equal(reasonOf('5.7.27', '550 5.7.27 Host does not accept mail').reason, 'not-accept');
});

test('every record carries the reason under Sisimai\'s name, from data/bounce-reasons.json', () => {
  assert.deepEqual(records('set-of-emails__rhost-microsoft-01.eml').map((r) => [r.reason, r.sisimaiReason]), [['blocked', 'blocked']]);
  assert.deepEqual(records('set-of-emails__lhost-exim-44.eml').map((r) => [r.reason, r.sisimaiReason, r.bounce]), [['unknown', 'undefined', 'undetermined']]);
  for (const reason of catalog.data.bounceReasons) assert.match(reason.sisimai, /^[a-z]+$/, reason.id);
  assert.equal(catalog.bounceReason('policy')?.sisimai, 'policyviolation');
});
