// Log diagnostics: bounced and expired deliveries as errors, deferrals still queued as warnings (one
// per message, with the count), refusals of clients as warnings; messages in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, diagnostics, LOG_RULES, resolveOptions } from '../../../server/src/service';
import { readLog } from '../../../server/src/service/parse/log/log-reader';
import { messageOutcome } from '../../../server/src/service/parse/log/outcome';
import { logSummary } from '../../../server/src/service/features/log/summary';
import { logReport } from '../../../server/src/service/report';
import { catalog, fixture, lineOf, log } from './helpers';

const CLIENT = fixture('mainlog-exim-client');

function findings(text: string, id: string, language: 'en' | 'zh-cn' = 'en') {
  return analyze(readLog(text), { catalog, language }).filter((f) => f.id === id);
}

test('every log rule has a stable smtp.* id and fires on the fixtures below', () => {
  assert.deepEqual(LOG_RULES.map((r) => [r.id, r.defaultSeverity]), [
    ['smtp.delivery-bounced', 'error'], ['smtp.delivery-expired', 'error'], ['smtp.delivery-deferred', 'warning'], ['smtp.incoming-rejected', 'warning'],
  ]);
  const fired = new Set([CLIENT, fixture('mail.log-fail2ban-postfix')].flatMap((text) => analyze(readLog(text), { catalog, language: 'en' }).map((f) => f.id)));
  for (const rule of LOG_RULES) assert.ok(fired.has(rule.id), `${rule.id} never fired`);
});

test('smtp.delivery-bounced: one per message, on the line that settled it, naming the recipient and the reply\'s meaning', () => {
  const found = findings(CLIENT, 'smtp.delivery-bounced');
  const user = found.find((f) => (f.data?.recipients as string[]).includes('nosuchuser@example.net'))!;
  const line = lineOf(CLIENT, '** nosuchuser@example.net');
  assert.equal(user.span.line, line);
  assert.equal(CLIENT.split('\n')[line].slice(user.span.start, user.span.end), '**');
  assert.match(user.message, /^Message \S+: delivery to nosuchuser@example\.net bounced: 550 5\.1\.1 Bad destination mailbox address — “<nosuchuser@example\.net>: Recipient address rejected: User unknown” \(and 1 more recipient for another reason\)$/);
  assert.equal(user.severity, 'error');
  assert.deepEqual(user.data?.recipients, ['nosuchuser@example.net', 'carol@example.org']);
  assert.equal(user.data?.code, '550');
  assert.equal(user.data?.enhanced, '5.1.1');
  assert.equal(user.data?.command, 'RCPT');
  assert.equal(user.related?.[0].span.line, lineOf(CLIENT, '** carol@example.org'));
  const blocked = found.find((f) => f.message.includes('blocked using'))!;
  assert.match(blocked.message, / — listed on Spamhaus ZEN$/);
  assert.equal(blocked.data?.blocklist, 'spamhaus-zen');
  assert.doesNotMatch(blocked.message, /\\n/, 'Exim\'s joined reply lines read as one');
});

test('smtp.delivery-expired: the expiry line, with the deferrals before it and the reason they gave', () => {
  const [expired] = findings(CLIENT, 'smtp.delivery-expired');
  assert.equal(expired.span.line, lineOf(CLIENT, '** greylisted@example.net: retry timeout exceeded'));
  assert.match(expired.message, /expired in the queue .* greylisted@example\.net never accepted it: 451 4\.7\.1 .*\(2 deferred attempts\) — “<greylisted@example\.net>: Greylisted, please try again later”/);
  assert.equal(expired.data?.deferrals, 2);
  const postfix = findings([
    'Nov 28 10:00:01 mx postfix/smtp[1]: 585BC3F: to=<bob@example.org>, relay=none, delay=63495, delays=63350/144/0/0, dsn=4.4.2, status=deferred (delivery temporarily suspended: lost connection with mta7.am0.yahoodns.net[98.136.216.22] while sending RCPT TO)',
    'Nov 28 10:00:02 mx postfix/qmgr[2]: 585BC3F: from=<>, status=expired, returned to sender',
  ].join('\n'), 'smtp.delivery-expired');
  assert.equal(postfix.length, 1);
  assert.equal(postfix[0].span.line, 1, 'the qmgr line that expired it');
  assert.match(postfix[0].message, /bob@example\.org never accepted it: 4\.4\.2 /);
});

test('smtp.delivery-deferred: one warning per message still queued, with its attempt count; none once it got through', () => {
  const found = findings(CLIENT, 'smtp.delivery-deferred');
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'warning');
  assert.equal(found[0].span.line, lineOf(CLIENT, '== dave@down.example', 1), 'the last attempt');
  assert.match(found[0].message, /delivery to dave@down\.example deferred, still queued at the end of the log: no reply code in the log \(2 deferred attempts\) — “Connection refused”/);
  const fluent = findings(fixture('maillog-sendmail-fluent'), 'smtp.delivery-deferred');
  assert.deepEqual(fluent.map((f) => f.data?.recipients), [['deferred2@example.com']], 'deferred1 got through later');
});

test('smtp.incoming-rejected: the command, the client and the reason, for each refusal', () => {
  const text = fixture('mail.log-fail2ban-postfix');
  const found = findings(text, 'smtp.incoming-rejected');
  const relay = found.find((f) => f.span.line === lineOf(text, 'Relay access denied'))!;
  assert.equal(relay.message, 'RCPT TO:<smtp@example.org> from 1-2-3-4-example.com[1.2.3.4] refused: 554 5.7.1 Delivery not authorized, message refused — “<smtp@example.com>: Relay access denied”');
  assert.equal(relay.data?.peer, '1-2-3-4-example.com[1.2.3.4]');
  const connect = findings(fixture('mail.log-postfix-grok-parts'), 'smtp.incoming-rejected').find((f) => f.message.includes('too many connections'))!;
  assert.match(connect.message, /^the connection from \[1\.2\.3\.4\]:1337 refused: no reply code in the log/);
  const exim = findings(fixture('mainlog-exim-server'), 'smtp.incoming-rejected').find((f) => f.data?.command === 'AUTH')!;
  assert.match(exim.message, /^AUTH from \(client\.example\.com\) \[127\.0\.0\.1\] refused: 535 /);
});

test('messages in Simplified Chinese', () => {
  const [bounced] = findings(CLIENT, 'smtp.delivery-bounced', 'zh-cn');
  assert.match(bounced.message, /^邮件 \S+：投递到 .* 被退回：/);
  const [rejected] = findings(fixture('mail.log-fail2ban-postfix'), 'smtp.incoming-rejected', 'zh-cn');
  assert.match(rejected.message, /^来自 .* 的 .* 被拒绝：/);
});

test('severity settings and the per-file cap apply to log findings as to any', () => {
  const model = readLog(fixture('mail.log-fail2ban-postfix'));
  const off = diagnostics(model, catalog, { ...resolveOptions({ diagnostics: { severity: { 'smtp.incoming-rejected': 'off' } } }) });
  assert.equal(off.filter((d) => d.code === 'smtp.incoming-rejected').length, 0);
  const capped = diagnostics(model, catalog, { ...resolveOptions({}), maxProblems: 5 });
  assert.equal(capped.length, 5);
  assert.equal(capped[0].code, 'smtp.too-many-problems');
  const error = diagnostics(model, catalog, resolveOptions({ diagnostics: { severity: { 'smtp.incoming-rejected': 'error' } } }));
  assert.ok(error.every((d) => d.code !== 'smtp.incoming-rejected' || d.severity === 1));
  assert.equal(error[0].data && (error[0].data as { id: string }).id, 'smtp.incoming-rejected');
});

test('a clean log is quiet', () => {
  const model = log(
    'Oct 26 18:13:50 mx postfix/smtpd[1001]: 4104E3D: client=mail.example.com[192.0.2.7]',
    'Oct 26 18:13:51 mx postfix/qmgr[1003]: 4104E3D: from=<alice@example.com>, size=1234, nrcpt=1 (queue active)',
    'Oct 26 18:13:53 mx postfix/smtp[1004]: 4104E3D: to=<bob@example.org>, relay=mx.example.org[192.0.2.1]:25, delay=2.3, delays=0.25/0.05/2/0.04, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as F12DF84004)',
    'Oct 26 18:13:53 mx postfix/qmgr[1003]: 4104E3D: removed',
  );
  assert.deepEqual(analyze(model, { catalog, language: 'en' }), []);
});

test('a bounce of a bounce that Exim discards ("error ignored") is no error; the summary and the report count it discarded, not bounced', () => {
  // Real Exim 4.96 (scripts/make-log-fixtures.sh): bob's failure bounces back to alice, whose address fails too;
  // Exim drops that bounce (ignore_bounce_errors_after = 0s) and says so on the line after its "**".
  const text = fixture('mainlog-exim-bounce-discarded');
  const model = readLog(text);
  const errors = analyze(model, { catalog, language: 'en' }).filter((f) => f.severity === 'error');
  // Only the first message's failure is one: bob's sender is told (the bounce goes out).
  assert.deepEqual(errors.map((f) => [f.id, f.span.line]), [['smtp.delivery-bounced', lineOf(text, '** bob@undeliverable.invalid')]]);
  const bounce = model.messages.all().find((m) => m.sender === '')!;
  assert.equal(bounce.recipients[0].status, 'discarded');
  assert.equal(messageOutcome(bounce), 'discarded');
  const summary = logSummary(model, catalog, 'en');
  assert.equal(summary.outcomes.bounced, 1);
  assert.equal(summary.outcomes.discarded, 1);
  const report = logReport(text, catalog, 'en');
  assert.equal(report.totals.bounced, 1);
  assert.equal(report.totals.discarded, 1);
  assert.deepEqual(report.problems.bounces.map((r) => r.count), [1]);
});

test('a provider\'s own sense of its code names the delivery: Postfix bounced by Exchange Online with 5.1.10 (not a null MX)', () => {
  const bounce = (id: string, to: string, relay: string, said: string) => [
    `Oct  1 08:00:00 mx postfix/qmgr[10]: ${id}: from=<alice@example.com>, size=2048, nrcpt=1 (queue active)`,
    `Oct  1 08:00:01 mx postfix/smtp[11]: ${id}: to=<${to}>, relay=${relay}, delay=1, delays=0.1/0/0.4/0.5, dsn=5.1.10, status=bounced (${said})`,
    `Oct  1 08:00:02 mx postfix/qmgr[10]: ${id}: removed`,
  ];
  const lines = [
    ...bounce('4A1B2C3D4E', 'carol@fabrikam.example', 'fabrikam-example.mail.protection.outlook.com[192.0.2.5]:25',
      'host fabrikam-example.mail.protection.outlook.com[192.0.2.5] said: 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup (in reply to RCPT TO command)'),
    ...bounce('5B2C3D4E5F', 'dave@nullmx.example', 'mx.nullmx.example[192.0.2.6]:25',
      'host mx.nullmx.example[192.0.2.6] said: 556 5.1.10 Recipient address has null MX (in reply to RCPT TO command)'),
  ].join('\n');
  for (const [language, directory, nullMx] of [['en', "Recipient not found in the organisation's directory", 'Recipient address has null MX'], ['zh-cn', '收件人不在该组织的目录中', '收件人地址使用空 MX']] as const) {
    const [carol, dave] = findings(lines, 'smtp.delivery-bounced', language);
    assert.ok(carol.message.includes(`550 5.1.10 ${directory}`), carol.message);
    assert.ok(dave.message.includes(`556 5.1.10 ${nullMx}`), dave.message);
  }
});
