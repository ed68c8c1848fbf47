// The one search that stands before a list of patterns must find something in every text where one
// of them matches: the bounce readers skip the list when it finds nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { anyPattern } from '../../../server/src/service/parse/any-pattern';
import { commandIn, remoteMtaIn } from '../../../server/src/service/parse/message/bounce/facts';
import { COMMAND_PATTERNS, QMAIL_COMMANDS, REMOTE_MTA_PATTERNS } from '../../../server/src/service/parse/message/bounce/phrases';
import { splitLines } from '../../../server/src/service/parse/transcript/lines';
import { decodeText } from '../../../server/src/text-input';
import { assertCorpusPresent, corpusRoot } from '../../helpers/corpus';

test('the joined search finds something in every corpus paragraph where one of the command or remote-host patterns matches', () => {
  assertCorpusPresent();
  const dir = join(corpusRoot(), 'eml');
  const lists = [[...COMMAND_PATTERNS, ...QMAIL_COMMANDS.map(([re]) => re)], REMOTE_MTA_PATTERNS];
  const joined = lists.map((list) => anyPattern(list));
  const matched = [0, 0];
  let refused = 0;
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
    const lines = splitLines(decodeText(readFileSync(join(dir, name))).text);
    // Paragraphs of up to eight lines, as the readers join them, and every line alone.
    for (let i = 0; i < lines.length; i++) {
      for (const text of [lines[i], lines.slice(i, i + 8).join('\n')]) {
        lists.forEach((list, k) => {
          const any = list.some((re) => re.test(text));
          if (any) matched[k]++;
          if (any) assert.ok(joined[k].test(text), `${name}: ${text}`);
          else if (!joined[k].test(text)) refused++;
        });
      }
    }
  }
  assert.ok(matched[0] > 500 && matched[1] > 500, `too few matches: ${matched.join(', ')}`);
  assert.ok(refused > 100_000, `the joined search refused only ${refused} texts`);
});

test('what the bounce readers find with the joined search in front: a command and a host in the MTAs\' own words', () => {
  assert.equal(commandIn('host mx.example.org[192.0.2.1] said: 550 5.1.1 unknown user (in reply to\n    RCPT TO command)'), 'RCPT');
  assert.equal(commandIn('SMTP error from remote mail server after end of data:'), 'DATA');
  assert.equal(commandIn('Connected to 192.0.2.1 but sender was rejected.'), 'MAIL');
  assert.equal(commandIn('[MAIL_FROM]'), 'MAIL');
  assert.equal(commandIn('[mail_from]'), undefined);
  assert.equal(commandIn('The mailbox is full.'), undefined);
  assert.equal(remoteMtaIn('host mx.example.org[192.0.2.1] said: 550'), 'mx.example.org');
  assert.equal(remoteMtaIn('Remote-MTA: dns; mx.example.jp.'), 'mx.example.jp');
  assert.equal(remoteMtaIn('The mailbox is full.'), undefined);
});

test('patterns whose meaning would change in the joined search are refused', () => {
  assert.throws(() => anyPattern([/a.b/s]), /cannot join/);
  assert.throws(() => anyPattern([/(a)\1/]), /cannot join/);
  assert.throws(() => anyPattern([/(?<token>a)/]), /cannot join/);
  // Under "i", a case-sensitive "(?!abc)" would refuse "ABC" too.
  assert.throws(() => anyPattern([/x(?!abc)/, /y/i]), /cannot join/);
  assert.doesNotThrow(() => anyPattern([/x(?!abc)/i, /y/i, /(?<=a)b/]));
  const joined = anyPattern([/^abc/m, /DEF/]);
  assert.equal(joined.flags, 'm');
  assert.ok(joined.test('x\nabc') && joined.test('xDEF') && !joined.test('def'));
});
