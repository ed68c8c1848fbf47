// Hover, Outline and folding in messages; document text never reaches a hover unescaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { documentSymbols, foldingRanges, hover, resolveOptions, type DocumentModel } from '../../../server/src/service';
import { hoverText, positionOf } from '../../helpers/documents';
import { catalog, eml, fixture, readEml } from './helpers';

const options = resolveOptions({});

function open(text: string): { document: TextDocument; model: DocumentModel } {
  return { document: TextDocument.create('file:///bounce.eml', 'eml', 1, text), model: readEml(text) };
}

const at = (text: string, needle: string, offset = 1, occurrence = 0, lang: 'en' | 'zh-cn' = 'en') => {
  const { document, model } = open(text);
  return hoverText(hover(model, catalog, positionOf(document, needle, offset, occurrence), { ...options, language: lang }));
};

test('hover on DSN field names, the Action value, the Status and the codes in Diagnostic-Code', () => {
  const text = fixture('set-of-emails__lhost-postfix-48.eml');
  assert.match(at(text, 'Final-Recipient'), /^\*\*`Final-Recipient`\*\* · Delivery status field, for one recipient/);
  assert.match(at(text, 'Final-Recipient'), /\[RFC 3464 §2\\\.3\\\.2\]\(https:\/\/www\.rfc-editor\.org\/rfc\/rfc3464#section-2\.3\.2\)/);
  assert.match(at(text, 'Reporting-MTA'), /for the whole report/);
  assert.match(at(text, 'failed', 1, 0), /The message could not be delivered to this recipient/);
  assert.match(at(text, 'Status: 5.0.0', 9), /^\*\*5\\\.0\\\.0\*\* · Permanent Failure/);
  const reply = at(text, 'smtp; 552', 7);
  assert.match(reply, /^\*\*552 Exceeded Storage Allocation\*\* · permanent \(5xx\)/);
  assert.match(reply, /In the server's reply for `RCPT TO`/);
  assert.match(reply, /Why it bounced: \*\*Rate limited\*\*/);
});

test('hover on a recipient: the verdict, what to do and the facts; on a code in the bounce text', () => {
  const text = fixture('set-of-emails__lhost-exim-05.eml');
  const recipient = at(text, 'kijitora@neko.example.co.jp:', 2);
  assert.match(recipient, /^\*\*`kijitora@neko\.example\.co\.jp`\*\* · hard bounce: the address will not work/);
  assert.match(recipient, /\*\*What to do:\*\*/);
  assert.match(recipient, /Status `5\.1\.1` · reply `553` · in reply to `RCPT TO` · remote server `mx49\.neko\.example\.co\.jp`/);
  assert.match(at(text, '553 5.1.1', 1), /^\*\*553 /);
  assert.match(at(text, '553 5.1.1', 5), /^\*\*5\\\.1\\\.1\*\* · Permanent Failure · Addressing Status · Bad destination mailbox address/);
  assert.match(at(text, 'kijitora@neko.example.co.jp:', 2, 0, 'zh-cn'), /硬退信/);
});

test('quoted dialogue keeps the transcript hover, which knows the command a reply answers', () => {
  const text = fixture('set-of-emails__lhost-sendmail-08.eml');
  const value = at(text, '<<< 450', 5);
  assert.match(value, /^\*\*450 /);
  assert.match(value, /In reply to `MAIL From:/);
});

test('text from the message is escaped in hovers: no link, image or HTML gets through', () => {
  const text = eml(
    'From: MAILER-DAEMON@example.org', 'Subject: Undelivered Mail', 'Content-Type: multipart/report; boundary=B', '',
    '--B', 'Content-Type: message/delivery-status', '',
    'Reporting-MTA: dns; x',
    '',
    'Final-Recipient: rfc822; bob@example.org',
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 [click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> `code`',
    '--B--',
  );
  for (const value of [at(text, 'bob@example.org', 2), at(text, 'smtp; 550', 7)]) {
    // Inside inline code nothing renders; outside it, nothing of the message may remain active.
    const outsideCode = value.replace(/(`+) ?[\s\S]*? ?\1/g, '');
    assert.ok(!outsideCode.includes('](command:workbench') && !outsideCode.includes('<img'), value);
    assert.ok([...outsideCode.matchAll(/\]\(command:([\w.]+)/g)].every((m) => m[1] === 'smtpLens.explainCode'), value);
  }
  assert.match(at(text, 'bob@example.org', 2), /`` 550 5\.1\.1 \[click\]\(command:workbench\.action\.terminal\.new\) <img src=x onerror=alert\(1\)> `code` ``/);
});

test('Outline: each message, its recipients with their verdict, its delivery report and MIME parts', () => {
  const { model } = open(fixture('set-of-emails__lhost-mailru-03.eml'));
  const [message] = documentSymbols(model, catalog, 'en');
  assert.equal(message.name, 'Ваше сообщение не доставлено. Mail failure.');
  const recipients = message.children!.find((c) => c.name === 'Recipients')!;
  assert.deepEqual(recipients.children!.map((c) => `${c.name} [${c.detail}]`), [
    'mikeneko@example.jp [soft bounce · Mailbox full · 550 5.2.2]', 'sabineko@example.jp [hard bounce · User unknown · 550 5.2.1]',
  ]);
  assert.ok(message.children!.some((c) => c.name === 'MIME parts'));
  for (const symbol of [message, recipients, ...recipients.children!]) {
    const { range, selectionRange } = symbol;
    assert.ok(range.start.line <= selectionRange.start.line && range.end.line >= selectionRange.end.line, `${symbol.name}: selection outside range`);
  }
});

test('Outline of a multipart report lists its parts as a tree', () => {
  const { model } = open(fixture('set-of-emails__lhost-postfix-48.eml'));
  const parts = documentSymbols(model, catalog, 'en')[0].children!.find((c) => c.name === 'MIME parts')!;
  assert.deepEqual(parts.children!.map((c) => `${c.name} ${c.detail}`), ['text/plain #1', 'message/delivery-status #2', 'message/rfc822 #3']);
  assert.equal(parts.children![2].children![0].detail, '#3.0 · quoted-printable');
});

test('folding: header blocks, parts, Base64 bodies, DSN groups, messages of an mbox', () => {
  const { model } = open(fixture('set-of-emails__lhost-postfix-48.eml'));
  const ranges = foldingRanges(model).map((r) => `${r.startLine}-${r.endLine}`);
  for (const expected of ['0-12', '17-34', '36-50', '39-42', '44-49', '52-76']) assert.ok(ranges.includes(expected), `${expected} not in ${ranges.join(' ')}`);
  const base64 = readEml(eml('From: a@b', 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Transfer-Encoding: base64', '', 'QUJD', 'REVG', 'R0hJ', '--b--'));
  assert.ok(foldingRanges(base64).some((r) => r.startLine === 6 && r.endLine === 8));
  const mbox = readEml(fixture('exim__test-mail-0140.CALLER.eml'));
  assert.ok(foldingRanges(mbox).some((r) => r.startLine === 0 && r.endLine === mbox.messages[0].endLine));
});

test("hover on Exchange's '#550 5.1.1' notice line: the reply code as well as the enhanced code", () => {
  const text = eml(
    'From: postmaster@mta4.example.org',
    'To: sender@example.net',
    'Subject: Undeliverable: report',
    'Content-Type: text/plain',
    '',
    'Delivery has failed to these recipients or distribution lists:',
    '',
    'Diagnostic information for administrators:',
    '',
    'Generating server: mta4.example.org',
    '',
    'mikeneko@example.co.jp',
    '#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##',
    '',
    'Please see ticket #550 for the outage.',
  );
  assert.match(at(text, '#550 5.1.1', 1), /^\*\*550 /);
  assert.match(at(text, '#550 5.1.1', 6), /^\*\*5\\\.1\\\.1\*\* · Permanent Failure/);
  assert.equal(at(text, 'ticket #550', 8), '', 'a ticket number is no reply code');
});
