// Messages built to hurt: the reader must never throw or hang, and stays linear (benchmarks measure speed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, documentSymbols, foldingRanges, hover, resolveOptions } from '../../../server/src/service';
import { catalog, readEml } from './helpers';

const HEADER = 'From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail Returned to Sender\n';

const CASES: Record<string, () => string> = {
  'a boundary that never closes': () => `${HEADER}Content-Type: multipart/report; boundary="b"\n\n--b\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; a@example.org\nAction: failed\nStatus: 5.1.1\n${'x\n'.repeat(50_000)}`,
  'multiparts nested 5000 deep': () => {
    let text = HEADER;
    for (let i = 0; i < 5000; i++) text += `Content-Type: multipart/mixed; boundary="b${i}"\n\n--b${i}\n`;
    return `${text}Content-Type: text/plain\n\n550 5.1.1 <a@example.org>: User unknown\n`;
  },
  'messages nested 5000 deep': () => `${HEADER}${'Content-Type: message/rfc822\n\nFrom: a@example.org\n'.repeat(5000)}`,
  'Base64 that never ends': () => `${HEADER}Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n${'QUJDRA=='.repeat(10).concat('\n').repeat(100_000)}`,
  'NUL bytes': () => `${HEADER}Content-Type: text/plain\n\n<a@example.org>:\n550\u0000 5.1.1\u0000 user unknown\n`.replace(/ /g, '\u0000 ').repeat(500),
  '1 MB lines': () => `${HEADER}X-Long: ${'a'.repeat(1 << 20)}\n\n550 5.1.1 <a@example.org> ${'@1 550-'.repeat(1 << 17)}\n${'b'.repeat(1 << 20)}\n`,
  'a 2 MB address': () => `${HEADER}\n<${'a'.repeat(1 << 20)}@${'b'.repeat(1 << 20)}>:\n`,
  '50 000 empty parts': () => `${HEADER}Content-Type: multipart/mixed; boundary="b"\n\n${'--b\n\n550 5.1.1 x\n'.repeat(50_000)}--b--\n`,
  'quoted-printable made of "="': () => `${HEADER}Content-Transfer-Encoding: quoted-printable\n\n${`${'='.repeat(1000)}=\n`.repeat(500)}${'=E2=80=9C'.repeat(50_000)}\n`,
  'a DSN of 20 000 recipients run together': () => `${HEADER}Content-Type: message/delivery-status\n\n${'Final-Recipient: rfc822; a@b.example\nStatus: 5.1.1\n'.repeat(20_000)}`,
  'no header at all': () => '\u0000\u0001\uffff'.repeat(50_000),
  'an empty document': () => '',
};

for (const [name, make] of Object.entries(CASES)) {
  test(`survives ${name}`, () => {
    const model = readEml(make());
    const findings = analyze(model, { catalog, language: 'en' });
    documentSymbols(model, catalog, 'en');
    foldingRanges(model);
    for (let line = 0; line < Math.min(model.lineCount, 30); line++) hover(model, catalog, { line, character: 2 }, resolveOptions({}));
    assert.ok(Array.isArray(findings));
    assert.ok(model.messages.length >= 1);
  });
}

test('an mbox of 20 000 bounces reads every one', () => {
  const model = readEml(`From x\n${HEADER}\n<a@example.org>: 550 5.1.1 unknown\n\n`.repeat(20_000));
  assert.equal(model.messages.length, 20_000);
  assert.equal(model.messages[19_999].bounce?.recipients[0].replyCode, '550');
});
