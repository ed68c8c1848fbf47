// Real bounces from many MTAs and providers (test/fixtures/eml, see NOTICE.md): who failed, how, why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, readEml, verdicts } from './helpers';

/** Each fixture, the format the reader takes it for, and each recipient: address action status reply command reason bounce. */
const CASES: Array<{ file: string; format: string; agent?: string; recipients: string[] }> = [
  { file: 'set-of-emails__lhost-postfix-48.eml', format: 'postfix', agent: 'Postfix',
    recipients: ['neko-nyaan@ntt.example.net failed 5.0.0 552 RCPT rate-limited soft'] },
  { file: 'set-of-emails__lhost-exim-05.eml', format: 'exim', agent: 'Exim',
    recipients: ['kijitora@neko.example.co.jp failed 5.1.1 553 RCPT user-unknown hard'] },
  { file: 'set-of-emails__lhost-mailru-03.eml', format: 'exim',
    recipients: ['mikeneko@example.jp failed 5.2.2 550 RCPT mailbox-full soft', 'sabineko@example.jp failed 5.2.1 550 RCPT user-unknown hard'] },
  { file: 'set-of-emails__lhost-sendmail-08.eml', format: 'sendmail', agent: 'Sendmail',
    recipients: ['neko@example.org failed 4.7.1 450 MAIL require-ptr soft'] },
  { file: 'set-of-emails__lhost-v5sendmail-07.eml', format: 'sendmail',
    recipients: ['kijitora@example.org failed - 554 - syntax-error soft', 'mikeneko@example.org failed - 550 - host-unknown hard', 'hachiware@example.edu failed - 550 - user-unknown hard'] },
  { file: 'set-of-emails__lhost-qmail-14.eml', format: 'qmail', agent: 'qmail',
    recipients: ['pseudo-local-part-of-google-gmail@gmail.com failed 5.7.26 550 DATA auth-failure soft'] },
  { file: 'set-of-emails__lhost-exchange2003-05.eml', format: 'exchange', agent: 'Microsoft Exchange',
    recipients: ['kijitora@example.com failed - - - user-unknown hard'] },
  { file: 'set-of-emails__dos__lhost-office365-01.eml', format: 'office365', agent: 'Microsoft 365',
    recipients: ['kijitora@example.com failed 5.1.10 550 - user-unknown hard'] },
  { file: 'set-of-emails__lhost-gmail-03.eml', format: 'gmail', agent: 'Gmail',
    recipients: ['kijitora@example.co.jp failed 5.7.0 554 - not-compliant soft'] },
  { file: 'set-of-emails__lhost-gmail-06.eml', format: 'gmail',
    recipients: ['kijitora@example.jp delayed 4.2.2 450 - mailbox-full soft'] },
  { file: 'set-of-emails__lhost-yahoo-02.eml', format: 'yahoo', agent: 'Yahoo',
    recipients: ['kijitora@example.ed.jp failed 5.2.2 550 RCPT mailbox-full soft'] },
  { file: 'set-of-emails__lhost-amazonses-10.eml', format: 'amazon-ses', agent: 'Amazon SES',
    recipients: ['bounce@simulator.amazonses.com failed 5.1.1 550 - user-unknown hard'] },
  { file: 'set-of-emails__lhost-amazonworkmail-01.eml', format: 'amazon-ses',
    recipients: ['kijitora@example.jp failed 5.1.1 550 - user-unknown hard'] },
  { file: 'set-of-emails__lhost-dragonfly-01.eml', format: 'dragonfly', agent: 'DragonFly Mail Agent',
    recipients: ['pseudo-local-part@google.example.com failed 5.7.26 550 DATA auth-failure soft'] },
  { file: 'set-of-emails__lhost-opensmtpd-17.eml', format: 'opensmtpd', agent: 'OpenSMTPD',
    recipients: ['userunknown@libsisimai.net failed 5.1.1 550 - user-unknown hard', 'mailboxfull@libsisimai.net failed 5.2.2 552 - mailbox-full soft'] },
  { file: 'set-of-emails__lhost-domino-01.eml', format: 'domino', agent: 'HCL Domino',
    recipients: ['kijitora@example.jp failed - - - user-unknown hard'] },
  { file: 'set-of-emails__lhost-courier-01.eml', format: 'courier', agent: 'Courier',
    recipients: ['kijitora@example.co.jp failed 5.1.1 550 RCPT user-unknown hard'] },
  { file: 'set-of-emails__lhost-messagingserver-03.eml', format: 'dsn',
    recipients: ['sabineko@example.org failed 5.7.1 550 - user-unknown hard', 'mikeneko@example.org failed 5.7.1 550 - user-unknown hard'] },
  { file: 'set-of-emails__lhost-x5-01.eml', format: 'sendmail',
    recipients: ['kijitora@neko.example.org failed 5.1.1 550 - user-unknown hard'] },
  { file: 'set-of-emails__lhost-postfix-75.eml', format: 'generic',
    recipients: ['kijitora@libsisimai.net delayed 4.3.0 451 DATA system-error soft'] },
  { file: 'set-of-emails__lhost-zoho-04.eml', format: 'sendmail',
    recipients: ['kijitora@6kaku.example.co.jp delayed - 421 - expired soft'] },
  { file: 'set-of-emails__rfc3464-04.eml', format: 'sendmail',
    recipients: ['kijitora@mailx-53.neko.example.edu failed 5.5.0 554 - mailer-error soft'] },
  { file: 'set-of-emails__mac__lhost-exim-01.eml', format: 'exim',
    recipients: ['kijitora@example.ed.jp failed 5.7.0 550 MAIL sender-rejected soft'] },
];

for (const c of CASES) {
  test(`${c.file}: ${c.format}`, () => {
    const model = readEml(fixture(c.file));
    const bounce = model.messages[0].bounce;
    assert.equal(bounce?.format, c.format);
    if (c.agent) assert.equal(bounce?.agent, c.agent);
    assert.deepEqual(verdicts(model), c.recipients);
  });
}

test('each recipient points at its address, and its code at the code, in the raw text', () => {
  for (const c of CASES) {
    const text = fixture(c.file);
    const lines = text.split(/\r\n|\r|\n/);
    for (const r of readEml(text).messages[0].bounce!.recipients) {
      if (r.addressSpan && !r.address.includes('%')) {
        const at = lines[r.addressSpan.line].slice(r.addressSpan.start, r.addressSpan.end);
        assert.ok(at.toLowerCase().includes(r.address.toLowerCase()) || r.address.toLowerCase().includes(at.toLowerCase().replace(/[<>"]/g, '')), `${c.file}: address span "${at}" for ${r.address}`);
      }
      if (r.replyCodeSpan && c.file !== 'set-of-emails__lhost-amazonworkmail-01.eml') {
        assert.equal(lines[r.replyCodeSpan.line].slice(r.replyCodeSpan.start, r.replyCodeSpan.end), r.replyCode, `${c.file}: reply code span`);
      }
    }
  }
});

test('CRLF, CR-only and LF copies of a bounce read the same', () => {
  const lf = fixture('set-of-emails__mac__lhost-exim-01.eml').replace(/\r/g, '\n');
  const crlf = lf.replace(/\n/g, '\r\n');
  const cr = fixture('set-of-emails__mac__lhost-exim-01.eml');
  assert.deepEqual(verdicts(readEml(crlf)), verdicts(readEml(lf)));
  assert.deepEqual(verdicts(readEml(cr)), verdicts(readEml(lf)));
});

test('an ARF feedback report is no bounce: its complainant and feedback type', () => {
  const message = readEml(fixture('set-of-emails__arf-01.eml')).messages[0];
  assert.equal(message.bounce?.format, 'feedback');
  assert.equal(message.bounce?.feedback?.feedbackType, 'abuse');
  assert.deepEqual(message.bounce?.feedback?.recipients, ['redacted@example.net']);
  assert.deepEqual(message.bounce?.recipients, []);
});

test('an auto-reply is no bounce', () => {
  const message = readEml(fixture('bounceparser__aol-vacation.msg.eml')).messages[0];
  assert.equal(message.bounce?.format, 'auto-reply');
  assert.deepEqual(message.bounce?.recipients, []);
});

test('an mbox of Exim output: each message on its own, an auto-reply then a bounce', () => {
  const model = readEml(fixture('exim__test-mail-0140.CALLER.eml'));
  assert.equal(model.messages.length, 2);
  assert.equal(model.messages[0].separatorLine, 0);
  assert.equal(model.messages[0].bounce?.format, 'auto-reply');
  assert.deepEqual(verdicts(model), ['reply2@test.ex failed 5.0.0 - - unknown undetermined']);
  assert.ok(model.messages[1].startLine > model.messages[0].endLine);
});

test('a bounce forwarded as an attachment is read from inside it', () => {
  const model = readEml(fixture('set-of-emails__lhost-x5-01.eml'));
  assert.equal(model.messages[0].reports.length, 1);
  assert.equal(model.messages[0].reports[0].recipients.length, 1);
});

test('the quoted sendmail dialogue is read by the transcript reader on the message\'s own lines', () => {
  const text = fixture('set-of-emails__lhost-sendmail-08.eml');
  const model = readEml(text);
  const lines = text.split(/\r\n|\r|\n/);
  const session = model.transcript.sessions[0];
  assert.ok(session, 'no session read from the quoted dialogue');
  const command = session.commands.find((c) => c.verb === 'MAIL')!;
  assert.ok(lines[command.source.line].startsWith('>>> MAIL'));
  assert.equal(command.replies[0]?.code, '450');
});

test('bounces and a delay warning made here by Exim 4.96 (exim-lab.mbox)', () => {
  assert.deepEqual(verdicts(readEml(fixture('exim-lab.mbox'))), [
    'full@remote.example failed 5.2.2 552 RCPT mailbox-full soft',
    'someone@remote.example failed 5.7.1 554 DATA spam soft',
    'ghost@test.ex failed 5.0.0 - - host-unknown hard',
    'nobody@remote.example failed 5.1.1 550 RCPT user-unknown hard',
    'later@remote.example delayed 4.7.1 451 RCPT policy soft',
  ]);
});

test('Postfix In:/Out: lines quoted in a report are read as a transcript, wrapped lines included', () => {
  const text = fixture('set-of-emails__lhost-postfix-75.eml');
  const lines = text.split(/\r\n|\r|\n/);
  const [session] = readEml(text).transcript.sessions;
  const mail = session.commands.find((c) => c.verb === 'MAIL')!;
  assert.equal(mail.path?.address, 'CP85l3ba044547=libsisimai.net@err.y.example.co.jp');
  const data = session.commands.find((c) => c.verb === 'DATA')!;
  assert.deepEqual(data.replies.map((r) => r.code), ['354', '451']);
  assert.match(lines[data.replies[1].lines[0].source.line], /Out: 451 4\.3\.0/);
});
