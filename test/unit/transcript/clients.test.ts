import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authSteps, isLoggerMask } from '../../../server/src/service/parse/auth';
import { answers, codes, command, fixture, lineAt, lineOf, read, reply, sessionAt } from './helpers';

test('Python smtplib debug output: send:/reply: lines, retcode notes, the message sent in one line', () => {
  const doc = fixture('smtplib-debug.txt');
  assert.equal(doc.model.sessions.length, 1);
  const [session] = doc.model.sessions;
  assert.equal(session.dialect, 'smtplib');
  assert.equal(reply(doc, "reply: b'220 ").answers, 'connection');
  for (const note of ['connect: to (', 'reply: retcode (250)', "data: (354, b'"]) {
    assert.equal(lineAt(doc, lineOf(doc, note)).direction, 'meta', note);
  }
  const ehlo = command(doc, "send: 'ehlo client.example.com");
  assert.equal(ehlo.verb, 'EHLO');
  assert.equal(ehlo.source.column, 7);
  assert.equal(ehlo.source.text, 'ehlo client.example.com');
  const caps = reply(doc, "reply: b'250-localhost");
  assert.deepEqual([caps.lines.length, caps.complete, answers(caps)], [4, true, `EHLO@${ehlo.source.line}`]);
  assert.equal(caps.lines[1].source.column, 9);

  const mail = command(doc, "send: 'mail FROM:");
  assert.deepEqual([mail.verb, mail.path?.address, mail.params.map((p) => [p.keyword, p.value])], ['MAIL', 'alice@example.com', [['SIZE', '97']]]);
  assert.deepEqual(session.transactions[0].recipients.map((r) => [r.address, r.reply?.code]), [['bob@example.net', '250'], ['carol@example.net', '250']]);

  // One send: line carries the whole message, dot-stuffing and the final dot included.
  const data = command(doc, "send: 'data");
  const blob = lineOf(doc, "send: b'From: alice@example.com");
  assert.deepEqual(data.content.map((l) => [l.line, l.text]), [
    [blob, 'From: alice@example.com'], [blob, 'To: bob@example.net'], [blob, 'Subject: fixture'], [blob, ''], [blob, 'Hello Bob,'], [blob, '..dot-stuffed line'],
  ]);
  const end = session.lines.filter((l) => l.line === blob).at(-1)!;
  assert.deepEqual([end.kind, end.text], ['data-end', '.']);
  assert.deepEqual(codes(data), ['354', '250']);
  assert.equal(session.transactions[0].verdict, data.replies[1]);
  assert.deepEqual(codes(command(doc, "send: 'quit")), ['221']);
});

test('smtplib with AUTH: PLAIN with an initial response, a refused recipient, then a second connection with AUTH LOGIN refused', () => {
  const doc = fixture('smtplib-auth.txt');
  assert.equal(doc.model.sessions.length, 2);
  const plain = command(doc, "send: 'AUTH PLAIN ");
  assert.deepEqual(codes(plain), ['235']);
  assert.deepEqual(authSteps(plain)[0].fields.map((f) => [f.label, f.value, f.secret]), [['authzid', '', false], ['user', 'alice', false], ['password', 'wonderland', true]]);
  assert.deepEqual(codes(command(doc, "send: 'rcpt TO:<dave@example.org>")), ['550']);
  const [first, second] = doc.model.sessions;
  assert.deepEqual(first.transactions[0].recipients.map((r) => r.reply?.code), ['250', '550']);
  assert.equal(first.transactions[0].verdict?.enhanced, '2.0.0');
  assert.equal(second.replies[0].answers, 'connection');

  const login = command(doc, "send: 'AUTH LOGIN");
  assert.equal(sessionAt(doc, login.source.line), second);
  assert.deepEqual(codes(login), ['334', '334', '535']);
  assert.deepEqual(login.authResponses.map((l) => [l.text, l.kind]), [['YWxpY2U=', 'auth-response'], ['bm90LXRoZS1wYXNzd29yZA==', 'auth-response']]);
  assert.equal(login.replies[2].enhanced, '5.7.8');
  assert.deepEqual(codes(command(doc, "send: 'quit", 1)), ['221']);
});

test('curl -v: > sent, < received, * and } notes; AUTH PLAIN in two steps; a refused recipient', () => {
  const doc = fixture('curl-verbose.txt');
  assert.equal(doc.model.sessions.length, 1);
  const [session] = doc.model.sessions;
  assert.equal(session.dialect, 'curl');
  assert.deepEqual([lineAt(doc, 0).direction, lineAt(doc, 0).kind], ['meta', 'meta']);
  assert.equal(reply(doc, '< 220 mx.example.net').answers, 'connection');
  const ehlo = command(doc, '> EHLO ');
  assert.deepEqual(ehlo.params.map((p) => p.keyword), ['MESSAGE.TXT']);
  assert.deepEqual(session.capabilities.get('AUTH'), ['PLAIN', 'LOGIN']);

  const auth = command(doc, '> AUTH PLAIN');
  assert.equal(auth.auth?.initialResponse, undefined);
  assert.deepEqual(codes(auth), ['334', '235']);
  assert.equal(auth.replies[0].lines[0].text, '');
  assert.deepEqual(auth.authResponses.map((l) => [l.text, l.kind, l.direction]), [['AGFsaWNlAHdvbmRlcmxhbmQ=', 'auth-response', 'client']]);
  assert.deepEqual(authSteps(auth).map((s) => [s.role, s.state]), [['challenge', 'empty'], ['response', 'decoded']]);

  assert.deepEqual(codes(command(doc, '> RCPT TO:<dave@example.org>')), ['550']);
  const data = command(doc, '> DATA');
  assert.deepEqual(codes(data), ['354', '250']);
  const upload = lineAt(doc, lineOf(doc, '} ['));
  assert.deepEqual([upload.direction, upload.kind], ['meta', 'meta']);
  assert.equal(data.content.length, 0);
  assert.deepEqual(session.transactions[0].recipients.map((r) => [r.address, r.reply?.code]), [['bob@example.net', '250'], ['dave@example.org', '550']]);
  assert.equal(session.transactions[0].verdict?.lines[0].text, '2.0.0 OK: 86 octets queued as FX1A86');
});

test('PHPMailer SMTPDebug (hand-written from its echo format): indented reply lines, STARTTLS, [credentials hidden]', () => {
  const doc = fixture('phpmailer-debug.txt');
  assert.equal(doc.model.sessions.length, 1);
  const [session] = doc.model.sessions;
  assert.equal(session.dialect, 'phpmailer');
  assert.equal(reply(doc, 'SERVER -> CLIENT: 220 smtp.example.net').answers, 'connection');
  const first = command(doc, 'CLIENT -> SERVER: EHLO www.example.com', 0);
  assert.equal(first.source.column, 38);
  const caps = first.replies[0];
  assert.equal(caps.lines.length, 7);
  const further = lineAt(doc, lineOf(doc, '250-PIPELINING'));
  assert.deepEqual([further.direction, further.kind, further.column, further.text], ['server', 'reply', 38, '250-PIPELINING']);

  assert.deepEqual(codes(command(doc, 'CLIENT -> SERVER: STARTTLS')), ['220']);
  assert.equal(session.tlsStarted, true);
  const second = command(doc, 'CLIENT -> SERVER: EHLO www.example.com', 1);
  assert.equal(second.source.tls, true);
  assert.equal(session.capabilitiesReply, second.replies[0]);
  assert.deepEqual(session.capabilities.get('AUTH'), ['PLAIN', 'LOGIN']);

  const auth = command(doc, 'CLIENT -> SERVER: AUTH LOGIN');
  assert.deepEqual(codes(auth), ['334', '334', '235']);
  assert.deepEqual(auth.authResponses.map((l) => [l.text, l.kind]), [['[credentials hidden]', 'auth-response'], ['[credentials hidden]', 'auth-response']]);
  assert.deepEqual(authSteps(auth).filter((s) => s.role === 'response').map((s) => s.state), ['masked', 'masked']);

  assert.deepEqual(codes(command(doc, 'RCPT TO:<nobody@example.org>')), ['554']);
  const data = command(doc, 'CLIENT -> SERVER: DATA');
  assert.equal(data.content.length, 11);
  assert.equal(data.content[8].text, '', 'an empty message line, written "CLIENT -> SERVER:"');
  assert.deepEqual(codes(data), ['354', '250']);
  assert.deepEqual(session.transactions[0].recipients.map((r) => r.reply?.code), ['250', '554']);
  assert.equal(session.transactions[0].verdict?.code, '250');
});

test('nodemailer-style logger (hand-written): C:/S: after timestamp, level and connection id; two connections interleaved', () => {
  const doc = fixture('nodemailer-logger.txt');
  assert.equal(doc.model.sessions.length, 2);
  const [a, b] = doc.model.sessions;
  assert.deepEqual([a.id, b.id], ['Ps1hJ9xYQ0', 'Qv7TfW2kLm']);
  assert.deepEqual([a.dialect, b.dialect], ['plain', 'plain']);
  assert.equal(sessionAt(doc, lineOf(doc, 'INFO  [Ps1hJ9xYQ0] Secure connection established')), a);
  const ehlo = command(doc, '[Qv7TfW2kLm] C: EHLO app.example.com');
  assert.equal(ehlo.source.column, doc.lines[ehlo.source.line].indexOf('EHLO'));
  assert.equal(answers(reply(doc, '[Qv7TfW2kLm] S: 250-smtp.example.net')), `EHLO@${ehlo.source.line}`);
  assert.equal(answers(reply(doc, '[Ps1hJ9xYQ0] S: 250-smtp.example.net')), `EHLO@${lineOf(doc, '[Ps1hJ9xYQ0] C: EHLO')}`);

  // PLAIN: the logged response is the Base64 of "\0user\0/* secret */".
  const plain = command(doc, 'C: AUTH PLAIN');
  const fields = authSteps(plain)[0].fields;
  assert.deepEqual(fields.map((f) => [f.label, f.value]), [['authzid', ''], ['user', 'app@example.com'], ['password', '/* secret */']]);
  assert.equal(isLoggerMask(fields[2].value), true);
  // LOGIN: the password line is the Base64 of "/* secret */".
  const login = command(doc, 'C: AUTH LOGIN');
  assert.deepEqual(codes(login), ['334', '334', '535']);
  const password = authSteps(login).at(-1)!;
  assert.equal(isLoggerMask(password.fields[0].value), true);

  // MAIL and both RCPT go out together; the replies pair in order.
  const mail = command(doc, 'C: MAIL FROM:<app@example.com>');
  const carol = command(doc, 'C: RCPT TO:<carol@example.org>');
  assert.equal(carol.pipelined, true);
  assert.deepEqual(codes(mail), ['250']);
  assert.deepEqual(codes(carol), ['550']);
  assert.deepEqual(codes(command(doc, 'C: DATA')), ['354', '250']);
  assert.deepEqual(a.transactions[0].recipients.map((r) => [r.address, r.reply?.code]), [['bob@example.net', '250'], ['carol@example.org', '550']]);
  assert.equal(a.transactions[0].verdict?.enhanced, '2.0.0');
});

test('logger masks in place of credentials read as masked AUTH steps', () => {
  const doc = read([
    'S: 220 mx.example.net ESMTP',
    'C: EHLO client.example.com',
    'S: 250 mx.example.net',
    'C: AUTH LOGIN',
    'S: 334 VXNlcm5hbWU6',
    'C: /* secret */',
    'S: 334 UGFzc3dvcmQ6',
    'C: *****',
    'S: 235 2.7.0 OK',
    'C: AUTH PLAIN',
    'S: 334 ',
    'C: [credentials hidden]',
    'S: 503 5.5.1 Already authenticated',
  ].join('\n'));
  const login = command(doc, 'C: AUTH LOGIN');
  assert.deepEqual(login.authResponses.map((l) => l.kind), ['auth-response', 'auth-response']);
  assert.deepEqual(authSteps(login).filter((s) => s.role === 'response').map((s) => [s.text, s.state]), [['/* secret */', 'masked'], ['*****', 'masked']]);
  const plain = command(doc, 'C: AUTH PLAIN');
  assert.deepEqual(codes(plain), ['334', '503']);
  assert.deepEqual(authSteps(plain).map((s) => s.state), ['empty', 'masked']);
  for (const mask of ['/* secret */', '[credentials hidden]', 'PROVIDED_BUT_REMOVED', '*****', '********']) assert.equal(isLoggerMask(mask), true, mask);
  assert.equal(isLoggerMask('d29uZGVybGFuZA=='), false);
});
