// Servers whose logs carry refusals as sentences and no SMTP reply: Kerio Connect's security log and
// Domino's SMTP task, on fail2ban's real samples in ../shared/corpus/logs; and Exchange's SMTP protocol
// log, whose refusals CrowdSec's samples keep without the commands they answer (issue 16: no corpus log
// format loses a refusal).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { languageOf } from '../../../server/src/cli';
import { readLog } from '../../../server/src/service/parse/log/log-reader';
import { logSummary } from '../../../server/src/service/features/log/summary';
import { logReport } from '../../../server/src/service/report';
import { assertCorpusPresent, corpusRoot } from '../../helpers/corpus';
import { catalog, fixture, log } from './helpers';

function corpusLog(name: string): string {
  assertCorpusPresent();
  return readFileSync(join(corpusRoot(), 'logs', name), 'utf8');
}

/** "line command peer recipient-or-sender: text" per refusal, lines 1-based. */
function refusals(text: string): string[] {
  return readLog(text).rejections.map((e) => `${e.line + 1} ${e.command} ${e.peer} ${e.recipient ?? e.sender ?? '-'}: ${e.text}`);
}

test('Kerio Connect: every refusal of its security log, with the command, the client and the address', () => {
  const text = corpusLog('fail2ban__kerio.log');
  assert.deepEqual(readLog(text).formats, ['kerio']);
  assert.deepEqual(refusals(text), [
    '2 RCPT [200.90.149.178] advertise@aplawrence.com: Attempt to deliver to unknown recipient',
    '8 CONNECT [115.147.104.13] -: client sent data before SMTP greeting',
    '17 RCPT [64.31.59.75] reply-abuse@bol.com.br: Relay attempt',
    '20 RCPT [74.63.193.116] reply-abuse@bol.com.br: Relay attempt',
    '23 RCPT [23.108.148.156] suzanne@aplawrence.com: Attempt to deliver to unknown recipient',
    '26 RCPT [218.85.253.185] marge@aplawrence.com: Attempt to deliver to unknown recipient',
    '29 RCPT [185.140.108.56] info@verinion.com: found in DNS blacklist SpamCop',
    '32 AUTH [185.140.108.26] -: User printer@verinion.com doesn\'t exist',
    '35 CONNECT [184.171.168.211] -: has no reverse DNS entry',
    '41 MAIL [67.211.219.82] promo123@goodresponse.site: sender domain does not exist',
    '44 AUTH [212.92.127.112] -: Failed SMTP login from 212.92.127.112 with SASL method CRAM-MD5.',
  ]);
  // Its stamp is the event's time; the lines that refuse nothing are Kerio's all the same.
  const model = readLog(text);
  assert.equal(model.rejections[0].time, '17/Jun/2011 17:00:45');
  assert.equal(model.formatLines.kerio, 15);
});

test('Kerio: a client that hung up during the greeting delay, a blocklist hit that only scored, a web login: no refusal', () => {
  const model = log(
    '[18/Jan/2014 06:41:25] SMTP Spam attack detected from 202.169.236.195, client closed connection before SMTP greeting',
    '[18/Jan/2014 05:47:17] IP address 112.140.49.130 found in DNS blacklist UCEProtect1, mail from <infootransac@yahoo.com.hk> to <advertise@aplawrence.com>',
    '[17/May/2017 19:45:27] Administration login into Web Administration from 170.178.167.136 failed: IP address not allowed',
    '[13/Apr/2004 17:35:49] Failed IMAP login from 192.168.36.139, missing parameter in AUTHENTICATE header',
  );
  assert.deepEqual(model.rejections, []);
  assert.deepEqual(model.formats, ['kerio']);
});

test('Domino: failed SMTP logins in both of its wordings and a connection refused for policy reasons', () => {
  const text = corpusLog('fail2ban__domino-smtp.log');
  assert.deepEqual(readLog(text).formats, ['domino']);
  const found = refusals(text);
  assert.deepEqual(found.map((f) => f.split(':')[0]), [
    '2 AUTH [1.2.3.4] -', '4 AUTH [1.2.3.4] -', '6 AUTH [1.2.3.4] -', '8 AUTH [1.2.3.4] -', '11 AUTH [192.0.2.4] -',
    '14 AUTH [192.0.2.5] -', '19 AUTH [192.0.2.1] -', '21 CONNECT [192.0.2.2] -',
  ]);
  assert.equal(found[0], '2 AUTH [1.2.3.4] -: Authentication failed for user postmaster');
  assert.equal(found[4], '11 AUTH [192.0.2.4] -: user with space in name [192.0.2.4] authentication failure using internet password');
  // Line 16 names a host but no failure (fail2ban's own negative case): no refusal.
  assert.ok(!found.some((f) => f.startsWith('16 ')));
  // The ISO stamp of line 21 is Exim's too: Exim's reader must not take Domino's "rejected for policy reasons".
  assert.equal(found[7], '21 CONNECT [192.0.2.2] -: IP address of connecting host not found in reverse DNS lookup.');
});

test('Kerio and Domino logs are mail logs by their lines under any name; the summary and the report count their refusals', () => {
  for (const [name, count] of [['fail2ban__kerio.log', 11], ['fail2ban__domino-smtp.log', 8]] as const) {
    const text = corpusLog(name);
    assert.equal(languageOf('security.log', text), 'maillog', name);
    assert.equal(logSummary(readLog(text), catalog, 'en').rejections, count, name);
    const report = logReport(text, catalog, 'en', name);
    assert.equal(report.totals.rejected, count, name);
    assert.equal(report.problems.rejections.reduce((sum, row) => sum + row.count, 0), count, name);
  }
  const kerio = logReport(corpusLog('fail2ban__kerio.log'), catalog, 'en');
  assert.equal(kerio.first, '17/Jun/2011 17:00:45');
});

test('Exchange protocol log rows without their commands (CrowdSec): each 5xx Exchange sent refuses the client at remote-endpoint', () => {
  const bf = corpusLog('crowdsec-hub__exchange-smtp-bf__exchange-smtp-bf.log');
  assert.deepEqual(readLog(bf).formats, ['exchange']);
  // 535 answers AUTH alone (RFC 4954), so the command is known although the rows do not show it.
  assert.deepEqual(refusals(bf), Array.from({ length: 9 }, (_, i) => `${i + 1} AUTH [192.168.9.212] -: Authentication unsuccessful`));
  const [first] = readLog(bf).rejections;
  assert.deepEqual([first.code, first.enhanced, first.time], ['535', '5.7.3', '2022-07-20T21:12:06.270Z']);
  for (const [name, count] of [['crowdsec-hub__exchange-smtp-bf__exchange-smtp-bf.log', 9], ['crowdsec-hub__exchange-smtp-logs__exchange-smtp-logs.log', 1]] as const) {
    const text = corpusLog(name);
    assert.equal(languageOf('exchange.log', text), 'maillog', name);
    assert.equal(logSummary(readLog(text), catalog, 'en').rejections, count, name);
    assert.equal(logReport(text, catalog, 'en', name).totals.rejected, count, name);
  }
});

test('Exchange protocol log with whole sessions: refusals the dialogue pairs with their command are the transcript rules\' (no second finding)', () => {
  const text = fixture('../transcripts/exchange-receive.log');
  const model = readLog(text);
  assert.deepEqual(model.rejections, []);
  const codes = model.transcript.sessions.flatMap((s) => s.replies).filter((r) => r.answers !== undefined && /^[45]/.test(r.code)).map((r) => r.code);
  assert.deepEqual(codes, ['550', '535']);
  // A Send connector's log: the remote server's replies are `<` rows, never a refusal of a client of ours.
  const send = '2024-05-06T12:00:00.230Z,EX01\\Internet,08DC6D1A00000009,5,192.0.2.10:50123,198.51.100.25:25,<,550 5.7.1 Relay denied,';
  assert.deepEqual(readLog(send).rejections, []);
});

test('Zeek smtp.log: a 4xx/5xx last_reply is the server refusing the transaction\'s client (id.orig_h); columns by the #fields header', () => {
  const invalid = corpusLog('zeek__smtp.mail-transactions-invalid-disable-analyzer-smtp.log');
  assert.deepEqual(readLog(invalid).formats, ['zeek']);
  // Zeek keeps the last reply of each transaction, not the command it answered.
  assert.deepEqual(refusals(invalid), ['11 undefined [127.0.0.1] -: unrecognized command', '12 undefined [127.0.0.1] -: unrecognized command']);
  const bdat = corpusLog('zeek__smtp.bdat-chunk-size-overflow2-smtp.log');
  assert.deepEqual(refusals(bdat), ['10 undefined [127.0.0.1] -: Syntax: BDAT count [LAST]']);
  const [event] = readLog(bdat).rejections;
  assert.deepEqual([event.code, event.enhanced, event.time], ['521', '5.5.4', 'XXXXXXXXXX.XXXXXX']);
  // Transactions that ended in 250 refuse nothing; weird.log is no mail log (its rows name anomalies, not replies).
  for (const name of ['zeek__smtp.attachment-smtp.log', 'zeek__smtp.bdat-gap-smtp.log']) {
    const model = readLog(corpusLog(name));
    assert.deepEqual([model.formats, model.rejections.length], [['zeek'], 0], name);
  }
  assert.deepEqual(readLog(corpusLog('zeek__smtp.bdat-gap-weird.log')).formats, []);
  for (const [name, count] of [['zeek__smtp.mail-transactions-invalid-disable-analyzer-smtp.log', 2], ['zeek__smtp.bdat-chunk-size-overflow2-smtp.log', 1]] as const) {
    const text = corpusLog(name);
    assert.equal(languageOf('smtp.log', text), 'maillog', name);
    assert.equal(logSummary(readLog(text), catalog, 'en').rejections, count, name);
    assert.equal(logReport(text, catalog, 'en', name).totals.rejected, count, name);
  }
  assert.equal(languageOf('weird.log', corpusLog('zeek__smtp.bdat-gap-weird.log')), 'smtp');
});

test('Zeek smtp.log written as JSON lines: the same refusal from last_reply and id.orig_h', () => {
  // The corpus record of bdat-chunk-size-overflow2 as Zeek writes it with LogAscii::use_json.
  const json = '{"ts":1678283401.123456,"uid":"CHhAvVGS1DHFjwGM9","id.orig_h":"127.0.0.1","id.orig_p":33762,"id.resp_h":"127.0.0.1","id.resp_p":25,"trans_depth":1,"helo":"localhost","mailfrom":"zeek@localhost","rcptto":["root@localhost"],"last_reply":"521 5.5.4 Syntax: BDAT count [LAST]","path":["127.0.0.1","127.0.0.1"],"tls":false}';
  const model = readLog(json);
  assert.deepEqual(model.formats, ['zeek']);
  assert.deepEqual(refusals(json), ['1 undefined [127.0.0.1] -: Syntax: BDAT count [LAST]']);
  const [event] = model.rejections;
  assert.equal(json.slice(event.codeAt, event.codeAt! + 3), '521');
  assert.equal(event.time, '1678283401.123456');
  assert.deepEqual(readLog(json.replace('521 5.5.4 Syntax: BDAT count [LAST]', '250 2.0.0 Ok: queued')).rejections, []);
  assert.equal(languageOf('smtp.json', json), 'maillog');
});

test('Zimbra mailbox.log: SMTP AUTH failures (oproto=smtp) refuse the client at oip=; a web client\'s failed login refuses no SMTP client', () => {
  const text = corpusLog('crowdsec-hub__zimbra-bf__zimbra-bf.log');
  assert.deepEqual(readLog(text).formats, ['zimbra']);
  const users = ['toto.tata', 'toto.titi', 'toto.toto', 'toto.tete', 'toto.tutu', 'toto.tutu'];
  assert.deepEqual(refusals(text), users.map((user, i) => `${i + 1} AUTH [192.168.7.15] -: authentication failed for [${user}], account not found`));
  assert.equal(readLog(text).rejections[0].time, '2021-03-03 19:51:53,762');
  assert.equal(readLog(text).formatLines.zimbra, 7);
  assert.equal(languageOf('mailbox.log', text), 'maillog');
  assert.equal(logSummary(readLog(text), catalog, 'en').rejections, 6);
  assert.equal(logReport(text, catalog, 'en').totals.rejected, 6);
});
