import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from 'vscode-languageserver-types';
import { codeActions, diagnostics, parseDocument, redactAllEdits, authSteps, type TranscriptModel } from '../../../server/src/service';
import { decodeBase64, utf8Decode } from '../../../server/src/service/parse/base64';
import { catalog, options } from '../../helpers/documents';

const greet = ['S: 220 mx.example.org ESMTP', 'C: EHLO c.example', 'S: 250-mx.example.org', 'S: 250-PIPELINING', 'S: 250-AUTH PLAIN LOGIN', 'S: 250 8BITMIME'];

/** The quick fixes offered for the diagnostics of one id, on the document's text. */
function fixes(text: string, id: string, lang: 'en' | 'zh-cn' = 'en'): { document: TextDocument; actions: CodeAction[] } {
  const document = TextDocument.create('file:///t.smtp', 'smtp', 1, text);
  const model = parseDocument(text, 'smtp');
  const found = diagnostics(model, catalog, options({ language: lang })).filter((d) => d.code === id);
  assert.ok(found.length > 0, `no ${id} diagnostic`);
  const range = found[0].range;
  return { document, actions: codeActions(model, catalog, document.uri, range, { diagnostics: [found[0]] }, options({ language: lang })) };
}

function apply(document: TextDocument, action: CodeAction | undefined): string {
  assert.ok(action?.edit?.changes, 'action has no edit');
  return TextDocument.applyEdits(document, action.edit.changes[document.uri]);
}

const byTitle = (actions: CodeAction[], title: string | RegExp) => actions.find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));

test('551 with a forward-path: "Send directly to" rewrites the recipient of the RCPT it answered', () => {
  const text = [...greet, 'C: MAIL FROM:<a@example.com>', 'S: 250 OK', 'C: RCPT TO:<bob@old.example>', 'S: 551 5.1.6 User not local; please try <bob@new.example>'].join('\r\n');
  const { document, actions } = fixes(text, 'smtp.rcpt-rejected');
  const fixed = apply(document, byTitle(actions, 'Send directly to <bob@new.example>'));
  assert.equal(fixed, text.replace('RCPT TO:<bob@old.example>', 'RCPT TO:<bob@new.example>'));
});

test('251 names the forward-path too, and the fix title comes in Chinese when asked', () => {
  const text = [...greet, 'C: MAIL FROM:<a@example.com>', 'S: 250 OK', 'C: RCPT TO:<bob@old.example>', 'S: 251 User not local; will forward to <bob@new.example>'].join('\n');
  const { document, actions } = fixes(text, 'smtp.will-forward', 'zh-cn');
  const fixed = apply(document, byTitle(actions, '直接发送到 <bob@new.example>'));
  assert.match(fixed, /RCPT TO:<bob@new\.example>/);
});

test('"Redact credentials" masks the LOGIN password and keeps the transcript valid Base64', () => {
  const text = [...greet, 'C: AUTH LOGIN', 'S: 334 VXNlcm5hbWU6', 'C: YWxpY2U=', 'S: 334 UGFzc3dvcmQ6', 'C: c2VjcmV0LXBhc3N3b3Jk', 'S: 235 ok'].join('\r\n');
  const { document, actions } = fixes(text, 'smtp.credentials-exposed');
  const fixed = apply(document, byTitle(actions, 'Redact credentials'));
  const line = fixed.split('\r\n')[10].slice(3);
  assert.equal(utf8Decode(decodeBase64(line)!), '********');
  assert.ok(!fixed.includes('c2VjcmV0LXBhc3N3b3Jk'));
  assert.equal(fixed.split('\r\n')[8], 'C: YWxpY2U=', 'the user name stays');
  const model = parseDocument(fixed, 'smtp');
  assert.equal(diagnostics(model, catalog, options()).filter((d) => d.code === 'smtp.credentials-exposed').length, 0);
});

test('AUTH PLAIN redaction keeps authorization id and user, masks only the password', () => {
  const secret = 'Tr0ub4dor&3';
  const initial = Buffer.from(`\0alice\0${secret}`).toString('base64');
  const text = [...greet, `C: AUTH PLAIN ${initial}`, 'S: 235 ok'].join('\n');
  const { document, actions } = fixes(text, 'smtp.credentials-exposed');
  const fixed = apply(document, byTitle(actions, 'Redact credentials'));
  const response = /C: AUTH PLAIN (\S+)/.exec(fixed)![1];
  assert.equal(Buffer.from(response, 'base64').toString(), '\0alice\0********');
  for (const encoding of [secret, Buffer.from(secret).toString('base64'), initial]) assert.ok(!fixed.includes(encoding));
});

test('"Redact all credentials in this file" leaves no secret in any session', () => {
  const session = (user: string, pass: string) => ['S: 220 mx ESMTP', 'C: EHLO c', 'S: 250-mx', 'S: 250 AUTH PLAIN LOGIN', `C: AUTH PLAIN ${Buffer.from(`\0${user}\0${pass}`).toString('base64')}`, 'S: 235 ok', 'C: QUIT', 'S: 221 bye'];
  const text = [...session('a', 'first-secret'), ...session('b', 'second-secret')].join('\n');
  const document = TextDocument.create('file:///t.smtp', 'smtp', 1, text);
  const fixed = TextDocument.applyEdits(document, redactAllEdits(parseDocument(text, 'smtp'), catalog, 'en'));
  const model = parseDocument(fixed, 'smtp') as TranscriptModel;
  const decoded = model.sessions.flatMap((s) => s.commands.filter((c) => c.verb === 'AUTH').flatMap((c) => authSteps(c).flatMap((step) => step.fields.map((f) => f.value))));
  assert.deepEqual(decoded, ['', 'a', '********', '', 'b', '********']);
  assert.ok(!/first-secret|second-secret/.test(fixed));
});

test('"Encode as Base64" turns a plain-text AUTH response into Base64', () => {
  const text = [...greet, 'C: AUTH LOGIN', 'S: 334 VXNlcm5hbWU6', 'C: alice', 'S: 501 5.5.2 cannot decode'].join('\n');
  const { document, actions } = fixes(text, 'smtp.auth-invalid-base64');
  assert.equal(apply(document, byTitle(actions, 'Encode as Base64')), text.replace('C: alice', 'C: YWxpY2U='));
});

test('"Use <mechanism>" offers each advertised mechanism after a 504', () => {
  const text = [...greet, 'C: AUTH CRAM-MD5', 'S: 504 5.5.4 mechanism not supported'].join('\n');
  const { document, actions } = fixes(text, 'smtp.auth-mechanism-unavailable');
  assert.deepEqual(actions.filter((a) => a.title.startsWith('Use ')).map((a) => a.title), ['Use PLAIN', 'Use LOGIN']);
  assert.equal(apply(document, byTitle(actions, 'Use LOGIN')), text.replace('AUTH CRAM-MD5', 'AUTH LOGIN'));
});

test('class mismatch and inconsistent multi-line codes are made consistent', () => {
  const mismatch = ['S: 220 mx ESMTP', 'C: NOOP', 'S: 550 4.4.7 QUEUE.Expired'].join('\n');
  const a = fixes(mismatch, 'smtp.enhanced-class-mismatch');
  assert.equal(apply(a.document, byTitle(a.actions, /^Make the enhanced code match/)), mismatch.replace('550 4.4.7', '550 5.4.7'));
  const multi = ['S: 220 mx ESMTP', 'C: EHLO x', 'S: 250-mx', 'S: 251-PIPELINING', 'S: 250 SIZE'].join('\n');
  const b = fixes(multi, 'smtp.multiline-code-mismatch');
  assert.equal(apply(b.document, byTitle(b.actions, 'Use 250 on every line of the reply')), multi.replace('251-PIPELINING', '250-PIPELINING'));
});

test('failures offer one "Explain" through our own command, after the fixes, and no "Compare" entries', () => {
  const text = [...greet, 'C: MAIL FROM:<a@example.com>', 'S: 250 OK', 'C: RCPT TO:<bob@example.org>', 'S: 550 5.1.1 unknown user'].join('\n');
  const { actions } = fixes(text, 'smtp.rcpt-rejected');
  const explain = byTitle(actions, 'Explain 550 5.1.1');
  assert.equal(explain?.command?.command, 'smtpLens.explainCode');
  assert.deepEqual(explain?.command?.arguments, [{ code: '550 5.1.1', command: 'RCPT' }]);
  assert.deepEqual(actions.filter((a) => /^Compare/.test(a.title)), []);
});

test('the lightbulb on a failed reply with several findings: the fix first, then a single "Explain"', () => {
  const text = [...greet, 'C: MAIL FROM:<a@example.com>', 'S: 250 OK', 'C: RCPT TO:<bob@old.example>', 'S: 551 5.1.6 User not local; please try <bob@new.example>'].join('\n');
  const document = TextDocument.create('file:///t.smtp', 'smtp', 1, text);
  const model = parseDocument(text, 'smtp');
  const line = text.split('\n').length - 1;
  const onLine = diagnostics(model, catalog, options()).filter((d) => d.range.start.line === line);
  assert.ok(onLine.length >= 1);
  // As VS Code asks: every diagnostic under the cursor, each failure twice over (two rules may flag one reply).
  const range = { start: { line, character: 3 }, end: { line, character: 3 } };
  const titles = codeActions(model, catalog, document.uri, range, { diagnostics: [...onLine, ...onLine] }, options()).map((a) => a.title);
  assert.equal(titles[0], 'Send directly to <bob@new.example>');
  assert.deepEqual(titles.filter((t) => t.startsWith('Send directly')), ['Send directly to <bob@new.example>'], 'each fix once');
  assert.deepEqual(titles.filter((t) => t.startsWith('Explain')), ['Explain 551 5.1.6']);
  assert.equal(titles.at(-1), 'Explain 551 5.1.6');
  assert.deepEqual(titles.filter((t) => t.startsWith('Compare')), []);
});

test('malformed diagnostic data from a client yields no edit', () => {
  const text = [...greet, 'C: AUTH LOGIN', 'S: 334 VXNlcm5hbWU6', 'C: alice'].join('\n');
  const model = parseDocument(text, 'smtp');
  const range = { start: { line: 8, character: 3 }, end: { line: 8, character: 8 } };
  const hostile = [{ range, message: 'x', code: 'smtp.auth-mechanism-unavailable', data: { alternatives: ['PLAIN\nRCPT TO:<evil>', 42] } },
    { range, message: 'x', code: 'smtp.enhanced-class-mismatch', data: { consistent: 'rm -rf /' } }, { range, message: 'x', code: 'smtp.credentials-exposed', data: null }];
  assert.deepEqual(codeActions(model, catalog, 'file:///t.smtp', range, { diagnostics: hostile }, options()).filter((a) => a.edit), []);
});
