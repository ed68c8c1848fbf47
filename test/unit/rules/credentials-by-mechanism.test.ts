import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics } from '../../../server/src/service';
import { authSteps } from '../../../server/src/service/parse/auth';
import { encodeBase64, utf8Encode } from '../../../server/src/service/parse/base64';
import { catalog, open, options } from '../../helpers/documents';

// What each AUTH mechanism's responses carry (RFC 4616, 4954, 2195, 2831, 5802, 4505, 4422, 7628):
// the examples are the RFCs' own.
const b64 = (text: string): string => encodeBase64(utf8Encode(text));
const greet = ['S: 220 mx.example.org ESMTP', 'C: EHLO c.example', 'S: 250-mx.example.org', 'S: 250 AUTH PLAIN LOGIN CRAM-MD5 CRAM-SHA1 DIGEST-MD5 SCRAM-SHA-1 NTLM EXTERNAL ANONYMOUS XOAUTH2'];

function session(lines: string[]): { ids: string[]; secrets: string[] } {
  const { model } = open([...greet, ...lines].join('\r\n') + '\r\n');
  const ids = diagnostics(model, catalog, options()).map((d) => String(d.code));
  const secrets = model.kind === 'transcript'
    ? model.sessions.flatMap((s) => s.commands).filter((c) => c.verb === 'AUTH').flatMap((c) => authSteps(c)).flatMap((s) => s.fields).filter((f) => f.secret).map((f) => f.label)
    : [];
  return { ids, secrets };
}

test('PLAIN and LOGIN carry a password; XOAUTH2 a bearer token', () => {
  assert.deepEqual(session([`C: AUTH PLAIN ${b64('\0tim\0tanstaaftanstaaf')}`, 'S: 235 ok']).secrets, ['password']);
  assert.deepEqual(session(['C: AUTH LOGIN', 'S: 334 VXNlcm5hbWU6', `C: ${b64('tim')}`, 'S: 334 UGFzc3dvcmQ6', `C: ${b64('tanstaaf')}`, 'S: 235 ok']).secrets, ['password']);
  assert.deepEqual(session([`C: AUTH XOAUTH2 ${b64('user=someuser@example.com\x01auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01')}`, 'S: 235 ok']).secrets, ['token']);
});

test('CRAM-*, DIGEST-MD5 and SCRAM send a user and a hash: no readable password, no exposure finding', () => {
  const digest = session(['C: AUTH DIGEST-MD5', 'S: 334 ' + b64('realm="elwood.innosoft.com",nonce="OA6MG9tEQGm2hh",qop="auth",algorithm=md5-sess,charset=utf-8'),
    `C: ${b64('charset=utf-8,username="chris",realm="elwood.innosoft.com",nonce="OA6MG9tEQGm2hh",nc=00000001,cnonce="OA6MHXh6VqTrRk",digest-uri="imap/elwood.innosoft.com",response=d388dad90d4bbd760a152321f2143af7,qop=auth')}`,
    'S: 334 ' + b64('rspauth=ea40f60335c427b5527b84dbabcdfffd'), 'C: ', 'S: 235 ok']);
  assert.deepEqual(digest.secrets, []);
  assert.ok(!digest.ids.includes('smtp.credentials-exposed') && !digest.ids.includes('smtp.auth-without-tls'), digest.ids.join(', '));
  const scram = session([`C: AUTH SCRAM-SHA-1 ${b64('n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL')}`, 'S: 334 ' + b64('r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096'),
    `C: ${b64('c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=')}`, 'S: 334 ' + b64('v=rmF9pqV8S7suAoZWja4dJRkFsKQ='), 'C: ', 'S: 235 ok']);
  assert.deepEqual(scram.secrets, []);
  assert.ok(!scram.ids.includes('smtp.credentials-exposed'), scram.ids.join(', '));
  assert.deepEqual(session(['C: AUTH CRAM-SHA1', 'S: 334 ' + b64('<1896.697170952@postoffice.example.net>'), `C: ${b64('tim b913a602c7eda7a495b4e6e7334d3890')}`, 'S: 235 ok']).secrets, []);
});

test('NTLM negotiates, EXTERNAL relies on the certificate, ANONYMOUS sends a trace: nothing secret', () => {
  assert.deepEqual(session([`C: AUTH NTLM ${encodeBase64(new Uint8Array([0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0, 1, 0, 0, 0, 7, 0x82, 8, 0xa2]))}`, 'S: 334 TlRMTVNTUAACAAAA', 'C: *', 'S: 501 cancelled']).secrets, []);
  assert.deepEqual(session(['C: AUTH EXTERNAL =', 'S: 235 ok']).secrets, []);
  const anonymous = session([`C: AUTH ANONYMOUS ${b64('sirhc')}`, 'S: 235 ok']);
  assert.deepEqual(anonymous.secrets, []);
  assert.ok(!anonymous.ids.includes('smtp.credentials-exposed'));
});
