import { test } from 'node:test';
import assert from 'node:assert/strict';
import { languageOf } from '../../../server/src/cli';

test('the CLI reads a file by its name, as the editor does', () => {
  assert.equal(languageOf('bounce.eml'), 'eml');
  assert.equal(languageOf('/var/log/mail.log.1'), 'maillog');
  assert.equal(languageOf('maillog-20240101'), 'maillog');
  assert.equal(languageOf('MSGTRK20240101-1.LOG'), 'maillog');
  assert.equal(languageOf('capture.smtp'), 'smtp');
});

test('other names are judged by their first lines', () => {
  assert.equal(languageOf('postfix.log', 'Nov 28 10:00:01 mx postfix/smtp[123]: 4F2A81C0042: to=<a@b>, status=sent (250 ok)\n'), 'maillog');
  assert.equal(languageOf('exim.txt', '2024-01-01 10:00:00 1rKxyz-0001ab-Cd <= a@example.com H=x [1.2.3.4] P=esmtp S=1000\n'), 'maillog');
  assert.equal(languageOf('bounce.txt', 'Return-Path: <>\nReceived: from mx\nFrom: MAILER-DAEMON\n\nbody'), 'eml');
  assert.equal(languageOf('session.txt', 'S: 220 mx ESMTP\nC: EHLO x\n'), 'smtp');
  assert.equal(languageOf('notes.txt', 'From: the desk of\n'), 'smtp', 'one header-like word is not a message');
});
