// The message table: what the first pass keeps in columns agrees with the messages read again from
// their lines, a message read from its delivery lines alone tells its recipients as the whole one
// does, and refusals are one object whether reached through the rejections or through a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { readLog } from '../../../server/src/service/parse/log/log-reader';
import type { DeliveryStatus, LogModel } from '../../../server/src/service/parse/log/model';
import { eximLog, postfixLog } from '../../../bench/generate';
import { FIXTURES, fixture, log } from './helpers';

const STATUSES: DeliveryStatus[] = ['sent', 'deferred', 'bounced', 'expired'];

function models(): Array<[string, LogModel]> {
  const named: Array<[string, LogModel]> = readdirSync(FIXTURES)
    .filter((name) => name !== 'NOTICE' && statSync(resolve(FIXTURES, name)).isFile())
    .map((name) => [name, readLog(fixture(name))]);
  named.push(['postfixLog', readLog(postfixLog(300_000, 7))], ['eximLog', readLog(eximLog(300_000, 7))]);
  return named;
}

test('the columns of every message agree with the message read again from its lines', () => {
  for (const [name, model] of models()) {
    const table = model.messages;
    for (let i = 0; i < table.length; i++) {
      const message = table.at(i);
      const where = `${name} #${i}`;
      assert.equal(message.id, table.id(i), where);
      assert.equal(message.format, table.format(i), where);
      assert.equal(message.lines[0], table.firstLine(i), where);
      assert.equal(message.lines[message.lines.length - 1], table.lastLine(i), where);
      message.lines.forEach((line, k) => {
        assert.equal(table.onLine(line), i, `${where} line ${line}`);
        assert.equal(table.idColumn(line), message.columns[k], `${where} line ${line}`);
      });
      for (const status of STATUSES) {
        const has = message.recipients.some((r) => r.status === status) || (status === 'expired' && message.events.some((e) => e.kind === 'expired'));
        assert.equal(table.has(i, status), has, `${where} ${status}`);
      }
    }
  }
});

test('a message read from its delivery and expiry lines alone has the same recipients, attempts and expiries', () => {
  for (const [name, model] of models()) {
    const table = model.messages;
    for (let i = 0; i < table.length; i++) {
      const whole = table.at(i);
      const settled = table.settled(i);
      assert.deepEqual(settled.recipients, whole.recipients, `${name} #${i}`);
      assert.deepEqual(settled.events.filter((e) => e.kind === 'expired'), whole.events.filter((e) => e.kind === 'expired'), `${name} #${i}`);
    }
  }
});

test('a refusal a message holds is the very object the rejections hold', () => {
  const model = readLog(fixture('mail.log-fail2ban-postfix'));
  const held = model.messages.all().flatMap((m) => m.events.filter((e) => e.kind === 'rejected'));
  assert.ok(held.length > 0);
  for (const event of held) assert.ok(model.rejections.includes(event));
});

test('a queue id used again after its message left the queue opens a new message; both are found by id', () => {
  const model = log(
    'Nov 28 10:00:01 mx postfix/qmgr[9]: 4E74613FE76: from=<a@example.com>, size=10, nrcpt=1 (queue active)',
    'Nov 28 10:00:02 mx postfix/qmgr[9]: 4E74613FE76: removed',
    'Nov 28 11:00:01 mx postfix/qmgr[9]: 4E74613FE76: from=<b@example.com>, size=20, nrcpt=1 (queue active)',
    'Nov 28 11:00:02 mx postfix/smtp[9]: 4E74613FE76: to=<c@example.org>, relay=none, delay=1, dsn=4.4.1, status=deferred (connect to mx[192.0.2.1]:25: Connection timed out)',
  );
  const table = model.messages;
  assert.deepEqual(table.withId('4E74613FE76'), [0, 1]);
  assert.equal(table.at(0).sender, 'a@example.com');
  assert.equal(table.at(0).removed, true);
  assert.equal(table.at(1).sender, 'b@example.com');
  assert.deepEqual(table.at(1).lines, [2, 3]);
  assert.ok(table.has(1, 'deferred') && !table.has(0, 'deferred'));
  assert.equal(table.onLine(1), 0);
  assert.equal(table.onLine(4), -1);
});
