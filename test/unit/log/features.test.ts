// Hover, Outline, definition and references on logs, through the service's dispatchers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentSymbols, hover, parseDocument, resolveOptions } from '../../../server/src/service';
import { definition, references } from '../../../server/src/service';
import { MAX_OUTLINE_ENTRIES } from '../../../server/src/service/features/log/symbols';
import { hoverText } from '../../helpers/documents';
import { catalog, fixture, lineOf } from './helpers';

const options = resolveOptions({});
const CLIENT = fixture('mainlog-exim-client');
const GROK = fixture('mail.log-postfix-grok-parts');
const uri = 'file:///mainlog';

/** Markdown with its backslash escapes undone, to match text in it. */
function unescaped(markdown: string): string {
  return markdown.replace(/\\([\\`*_{}[\]()#+\-.!|<>~&"':])/g, '$1');
}

/** Hover Markdown at the n-th occurrence of `needle` on the line that holds `lineNeedle`, `offset` characters in. */
function hoverAt(text: string, lineNeedle: string, needle: string, offset = 0, lang: 'en' | 'zh-cn' = 'en'): string {
  const line = lineOf(text, lineNeedle);
  const character = text.split('\n')[line].indexOf(needle) + offset;
  assert.ok(character >= offset, `'${needle}' not on line ${line}`);
  return hoverText(hover(parseDocument(text, 'maillog'), catalog, { line, character }, { ...options, language: lang }));
}

test('hover on a reply code: its meaning after the command the log names (550 after RCPT)', () => {
  const value = hoverAt(CLIENT, '** nosuchuser@example.net', '550-', 1);
  assert.match(value, /^\*\*550 /);
  assert.match(value, /In reply to `RCPT TO`, as the log says/);
  assert.match(value, /5xx/);
  const data = hoverAt(GROK, '4E74613FE76: to=', 'said: 550', 7);
  assert.match(data, /In reply to `DATA`/);
  const noCommand = hoverAt(fixture('maillog-sendmail-fluent'), 'to=<deferred1@example.com>, delay=00:00:15', 'Deferred: 451', 10);
  assert.match(noCommand, /^\*\*451 /);
  assert.match(noCommand, /does not say which command/);
});

test('the command changes the meaning: 250 after RCPT, 550 at the connection', () => {
  const text = [
    'Nov 28 10:00:01 mx postfix/smtp[1]: 4F2A81C0042: to=<bob@example.org>, relay=mx[192.0.2.1]:25, delay=1, delays=0/0/0/1, dsn=5.7.1, status=bounced (host mx[192.0.2.1] refused to talk to me: 554 5.7.1 Service unavailable; client [198.51.100.7] blocked using zen.spamhaus.org)',
  ].join('\n');
  const value = hoverAt(text, 'refused to talk', ': 554', 2);
  assert.match(value, /Greeting: answers the connection/);
});

test('hover on dsn= and on an enhanced code in the reply: the reply\'s summary, with what the enhanced code says', () => {
  // dsn= on a line that quotes no reply: the enhanced code heads the hover.
  const dsn = hoverAt(GROK, '892A0205B6:', 'dsn=5.1.1', 5);
  assert.match(dsn, /^\*\*5\\\.1\\\.1\*\* · /);
  assert.match(dsn, /Bad destination mailbox address/);
  const enhanced = hoverAt(CLIENT, '** nosuchuser@example.net', '5.1.1', 1);
  assert.equal(enhanced, hoverAt(CLIENT, '** nosuchuser@example.net', '550-', 1), 'the same reply, whichever code is hovered');
  assert.match(enhanced, /\*\*5\\\.1\\\.1\*\* Bad destination mailbox address: /);
});

test('hover on a blocklist name: what the list is and where to ask for removal, in both languages', () => {
  const zen = hoverAt(GROK, 'blocked using zen.spamhaus.org', 'zen.spamhaus', 3);
  assert.match(zen, /^\*\*Spamhaus ZEN\*\* · IP blocklist · Spamhaus/);
  assert.match(zen, /\*\*How to get off it:\*\*/);
  assert.match(zen, /\[Look up an address\]\(https:\/\/check\.spamhaus\.org\/\)/);
  const dbl = hoverAt(GROK, 'blocked using dbl.spamhaus.org', 'dbl.spamhaus', 1, 'zh-cn');
  assert.match(dbl, /域名黑名单/);
  assert.match(dbl, /如何移除/);
  const spamcop = hoverAt(fixture('maillog-fail2ban-sendmail-reject'), 'IP in SpamCop blacklist', 'SpamCop', 2);
  assert.match(spamcop, /SpamCop Blocking List/);
  const css = hoverAt(fixture('mainlog-crowdsec-exim'), 'is in an RBL', 'SBLCSS', 1);
  assert.match(css, /Spamhaus CSS/);
  const barracuda = hoverAt(fixture('maillog-fail2ban-sendmail-reject'), 'Barracuda RBL', 'Barracuda RBL', 1);
  assert.match(barracuda, /removal-request/);
});

test('hover on a queue id: the message\'s whole story', () => {
  const line = lineOf(CLIENT, '** nosuchuser@example.net');
  const id = CLIENT.split('\n')[line].split(' ')[2];
  const value = hoverAt(CLIENT, '** nosuchuser@example.net', id, 2);
  assert.match(value, new RegExp(`^\\*\\*Message \`${id}\`\\*\\* · Exim · bounced`));
  assert.match(value, /from `alice@example\.com`/);
  assert.match(value, /\*\*Recipients\*\*/);
  assert.match(unescaped(value), /- `greylisted@example\.net` — expired: 451 4\.7\.1 .* \(2 deferred attempts\)/);
  assert.match(value, /- `bob@example\.net` — delivered/);
  assert.match(value, /\*\*What the log says\*\*/);
  assert.match(value, /- line \d+ · `[\d-]+ [\d:]+` · received/);
  assert.match(value, /Total delay: \d+ s/);
  assert.match(value, /\d+ lines name this id/);
  // The story also answers on the word that says what happened, and on an id a line refers to.
  assert.match(hoverAt(CLIENT, '** nosuchuser@example.net', '** ', 0), /Message `/);
});

test('document text in a hover is escaped: nothing from the log becomes a link, HTML or a command', () => {
  const text = 'Nov 28 10:00:01 mx postfix/smtp[1]: 4F2A81C0042: to=<a@b.example>, relay=x, delay=1, delays=0/0/0/1, dsn=5.1.1, status=bounced (host x said: 550 5.1.1 [click](command:workbench.action.terminal.new) <img src=x> `code` (in reply to RCPT TO command))';
  const value = hoverAt(text, '4F2A81C0042', '4F2A81C0042', 1);
  // Inside a code span it is shown as text; outside of them it must not be there at all.
  const outside = value.replace(/(`+)[\s\S]*?\1/g, '');
  assert.doesNotMatch(outside, /\]\(command:/);
  assert.doesNotMatch(outside, /<img/);
  assert.match(value, /`` \[click\]\(command:workbench\.action\.terminal\.new\) <img src=x> `code` ``/);
});

test('the Outline: messages with sender, recipients and outcome; recipients with their fate; refused clients', () => {
  const symbols = documentSymbols(parseDocument(CLIENT, 'maillog'), catalog, 'en');
  const first = symbols.find((s) => s.detail?.includes('4 recipients'))!;
  assert.match(first.detail!, /^<alice@example\.com> · 4 recipients · bounced$/);
  const names = first.children!.map((c) => `${c.name}: ${c.detail}`);
  assert.ok(names.includes('bob@example.net: delivered'));
  assert.ok(names.some((n) => /^nosuchuser@example\.net: bounced 550 5\.1\.1 Bad destination mailbox address$/.test(n)));
  assert.ok(names.some((n) => /^greylisted@example\.net: expired .*\(2 deferred attempts\)$/.test(n)));
  const line = CLIENT.split('\n')[first.selectionRange.start.line];
  assert.equal(line.slice(first.selectionRange.start.character, first.selectionRange.end.character), first.name);
  for (const child of first.children!) {
    assert.ok(child.range.start.line >= first.range.start.line && child.range.end.line <= first.range.end.line, 'inside the message');
  }
  const postfix = documentSymbols(parseDocument(fixture('mail.log-fail2ban-postfix'), 'maillog'), catalog, 'en');
  const refused = postfix.find((s) => s.name.startsWith('Refused clients'))!;
  assert.ok(refused.children!.some((c) => c.name === 'RCPT TO:<smtp@example.org>' && c.detail?.startsWith('1-2-3-4-example.com[1.2.3.4] · 554 5.7.1')));
  assert.ok(MAX_OUTLINE_ENTRIES >= 1000);
});

test('definition and references on a queue id: the first line, then every line of the message', () => {
  const model = parseDocument(CLIENT, 'maillog');
  const line = lineOf(CLIENT, '** nosuchuser@example.net');
  const id = CLIENT.split('\n')[line].split(' ')[2];
  const character = CLIENT.split('\n')[line].indexOf(id) + 3;
  const [def] = definition(model, uri, { line, character })!;
  assert.equal(def.uri, uri);
  assert.equal(def.range.start.line, lineOf(CLIENT, `${id} <=`));
  const refs = references(model, uri, { line, character }, true);
  const expected = CLIENT.split('\n').flatMap((l, i) => (l.includes(` ${id} `) ? [i] : []));
  assert.deepEqual(refs.map((r) => r.range.start.line), expected);
  assert.deepEqual(references(model, uri, { line, character }, false).map((r) => r.range.start.line), expected.slice(1));
  for (const r of refs) assert.equal(CLIENT.split('\n')[r.range.start.line].slice(r.range.start.character, r.range.end.character), id);
  // An id a line refers to: the bounce Postfix made, the next hop's id when the log has that message.
  const text = [
    'Nov 28 10:00:02 mx postfix/bounce[3]: 585BC3F: sender non-delivery notification: 47335405A44',
    'Nov 28 10:00:03 mx postfix/qmgr[2]: 47335405A44: from=<>, size=2000, nrcpt=1 (queue active)',
  ].join('\n');
  const notice = parseDocument(text, 'maillog');
  assert.equal(definition(notice, uri, { line: 0, character: text.indexOf('47335405A44') + 2 })?.[0].range.start.line, 1);
  // Nothing where no id stands, and nothing in other documents.
  assert.equal(definition(model, uri, { line, character: 0 }), null);
  assert.deepEqual(references(parseDocument('S: 220 mx ESMTP', 'smtp'), uri, { line: 0, character: 3 }, true), []);
  assert.equal(definition(parseDocument('S: 220 mx ESMTP', 'smtp'), uri, { line: 0, character: 3 }), null);
});

test('on a verbose dialogue line the transcript hover answers; the Outline lists its session after the messages', () => {
  const text = [
    'Nov 28 10:00:00 mx postfix/qmgr[9]: 4F2A81C0042: from=<alice@example.com>, size=300, nrcpt=1 (queue active)',
    'Nov 28 10:00:01 mx postfix/smtp[123]: < mx.example.org[192.0.2.1]:25: 220 mx.example.org ESMTP',
    'Nov 28 10:00:01 mx postfix/smtp[123]: > mx.example.org[192.0.2.1]:25: EHLO client.example.com',
    'Nov 28 10:00:01 mx postfix/smtp[123]: < mx.example.org[192.0.2.1]:25: 250 mx.example.org',
    'Nov 28 10:00:01 mx postfix/smtp[123]: > mx.example.org[192.0.2.1]:25: MAIL FROM:<alice@example.com>',
    'Nov 28 10:00:01 mx postfix/smtp[123]: < mx.example.org[192.0.2.1]:25: 250 2.1.0 Ok',
    'Nov 28 10:00:01 mx postfix/smtp[123]: > mx.example.org[192.0.2.1]:25: RCPT TO:<bob@example.org>',
    'Nov 28 10:00:01 mx postfix/smtp[123]: < mx.example.org[192.0.2.1]:25: 550 5.1.1 <bob@example.org>: Recipient address rejected',
  ].join('\n');
  const value = hoverAt(text, '550 5.1.1 <bob', '550 5.1.1', 1);
  assert.match(value, /^\*\*550 /);
  assert.match(value, /RCPT TO:<bob@example\.org>/, 'the transcript hover names the command line');
  const symbols = documentSymbols(parseDocument(text, 'maillog'), catalog, 'en');
  assert.equal(symbols[0].name, '4F2A81C0042');
  assert.ok(symbols.length >= 2, 'then the session');
});
