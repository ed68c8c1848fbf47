// smtp-lens reproduce / "Copy as swaks Command": one swaks command per session replaying the client side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readTranscript, type Session, type Transaction } from '../../../server/src/service';
import { swaksReplays, swaksScript, shellWord } from '../../../server/src/service/share/reproduce';
import { main } from '../../../server/src/cli';
import { eximServer, needsPythonAndExim, needsSwaksAndExim, runSmtplibTransactions, runSwaks, swaks } from './exim';
import { catalog } from '../../helpers/catalog';

const FIXTURES = resolve(__dirname, '..', '..', 'fixtures', 'transcripts');

/** The words of each command line of a script (the shell's own reading of them, variables left as written). */
function commandsOf(script: string): string[][] {
  return script.split('\n').filter((l) => l.startsWith('swaks ')).map((line) => {
    const words = spawnSync('sh', ['-c', `set -- ${line.replace(/"\$(SMTP_\w+)"/g, "'$$$1'")}; for a in "$@"; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' });
    return words.stdout.split('\0').slice(0, -1);
  });
}

/** What a client said and a server answered: each command (verb and argument) and the codes of its replies. */
function dialogue(session: Session): string[] {
  return session.commands.map((c) => `${c.verb} ${c.verb === 'AUTH' ? c.auth?.mechanism ?? '' : c.argument.trim()} → ${c.replies.map((r) => r.code).join(',')}`);
}

test('the swaks command of each session: server, EHLO name, envelope, pipelining, AUTH with a placeholder, where it stopped', () => {
  const text = readFileSync(resolve(FIXTURES, 'swaks-exim-auth.txt'), 'utf8');
  const script = swaksScript(swaksReplays(readTranscript(text)), catalog, 'en');
  assert.ok(!script.includes('wonderland') && !script.includes('d29uZGVybGFuZA=='), script);
  assert.deepEqual(commandsOf(script), [
    ['swaks', '--server', 'mx.example.net', '--ehlo', 'client.example.com', '--auth', 'LOGIN', '--auth-user', 'alice', '--auth-password', '$SMTP_PASSWORD', '--from', 'alice@example.com', '--to', 'dave@example.org', '--pipeline'],
    ['swaks', '--server', 'mx.example.net', '--ehlo', 'client.example.com', '--auth', 'LOGIN', '--auth-user', 'alice', '--auth-password', '$SMTP_PASSWORD', '--quit-after', 'AUTH'],
    ['swaks', '--server', 'mx.example.net', '--ehlo', 'client.example.com', '--auth', 'PLAIN', '--auth-user', 'alice', '--auth-password', '$SMTP_PASSWORD', '--quit-after', 'AUTH'],
  ]);
  // The pipe is named in a comment, not run by the command.
  assert.match(script, /^# The session talked to a program through a pipe: exim4 -C \/tmp\/fixture\/exim-server\.conf -bh 192\.0\.2\.10 /m);
});

test('what swaks cannot say goes in comments: DSN, BDAT, other commands, more transactions, no QUIT; TLS, HELO and ports as options', () => {
  const text = [
    '=== Trying [2001:db8::25]:587...', 'S: 220 mx.example.net ESMTP', 'C: HELO client.example.com', 'S: 250 mx.example.net',
    'C: STARTTLS', 'S: 220 2.0.0 go ahead',
    'C: MAIL FROM:<> RET=HDRS ENVID=abc123 SIZE=1000', 'S: 250 ok', 'C: RCPT TO:<bob@example.net> NOTIFY=FAILURE,DELAY ORCPT=rfc822;bob@example.net', 'S: 250 ok',
    'C: VRFY bob', 'S: 252 maybe', 'C: BDAT 10 LAST', 'C: 0123456789', 'S: 250 queued',
    'C: MAIL FROM:<alice@example.com>', 'S: 250 ok', 'C: RCPT TO:<carol@example.net>', 'S: 250 ok', 'C: DATA', 'S: 354 go', 'C: hi', 'C: .', 'S: 250 ok',
  ].join('\n');
  const replays = swaksReplays(readTranscript(text));
  const script = swaksScript(replays, catalog, 'en');
  // Two transactions: a command for each (swaks sends one per connection), both greeted and secured alike.
  assert.deepEqual(commandsOf(script), [
    ['swaks', '--server', '[2001:db8::25]:587', '--protocol', 'SMTP', '--ehlo', 'client.example.com', '--tls', '--from', '<>', '--to', 'bob@example.net'],
    ['swaks', '--server', '[2001:db8::25]:587', '--protocol', 'SMTP', '--ehlo', 'client.example.com', '--tls', '--from', 'alice@example.com', '--to', 'carol@example.net'],
  ]);
  assert.match(script, /^# Transaction 1 of 2 in this session \(MAIL FROM on line 7\): swaks sends one transaction per connection/m);
  assert.match(script, /^# Transaction 2 of 2 in this session \(MAIL FROM on line 16\)/m);
  assert.match(script, /^# DSN parameters swaks has no option for: MAIL RET=HDRS; MAIL ENVID=abc123; RCPT <bob@example\.net> NOTIFY=FAILURE,DELAY; RCPT <bob@example\.net> ORCPT=rfc822;bob@example\.net$/m);
  assert.match(script, /^# Parameters swaks does not send: MAIL SIZE=1000$/m);
  assert.match(script, /^# The message went with BDAT \(CHUNKING\); swaks sends it with DATA\.$/m);
  assert.match(script, /^# Commands swaks does not send: VRFY$/m);
  assert.match(script, /^# The session ended without QUIT/m);
  assert.match(swaksScript(replays, catalog, 'zh-cn'), /^# 会话 1（第 1 行）$/m);
});

test('shell words: safe ones bare, others single-quoted, the secret always a variable', () => {
  assert.equal(shellWord({ text: 'alice@example.com' }), 'alice@example.com');
  assert.equal(shellWord({ text: "it's; rm -rf ~" }), `'it'\\''s; rm -rf ~'`);
  assert.equal(shellWord({ text: '<>' }), `'<>'`);
  assert.equal(shellWord({ text: '$SMTP_PASSWORD', variable: true }), '"$SMTP_PASSWORD"');
});

test('CLI: reproduce prints the script; a missing file is status 2', () => {
  const written: string[] = [];
  assert.equal(main(['reproduce', resolve(FIXTURES, 'swaks-exim-quit-after-rcpt.txt')], () => undefined, () => undefined, (t) => written.push(t)), 0);
  assert.match(written.join(''), /^swaks --server mx\.example\.net --ehlo client\.example\.com --from alice@example\.com --to dave@example\.org --quit-after RCPT$/m);
  const err: string[] = [];
  assert.equal(main(['reproduce', resolve(FIXTURES, 'nope.txt')], () => undefined, (l) => err.push(l), () => undefined), 2);
  assert.match(err[0], /no such file/);
});

/** swaks runs against Exim, its output becomes a command, the command (its --server turned into the same --pipe) runs against Exim again. */
const SCENARIOS: Array<{ name: string; args: string[]; password?: string }> = [
  { name: 'pipelined, three recipients, one refused, DATA', args: ['--from', 'alice@example.com', '--to', 'bob@example.net,carol@example.net,dave@example.org', '--pipeline'] },
  { name: 'stopped after RCPT', args: ['--from', 'alice@example.com', '--to', 'dave@example.org', '--quit-after', 'RCPT'] },
  { name: 'AUTH LOGIN, then a relayed recipient, pipelined', args: ['--from', 'alice@example.com', '--to', 'dave@example.org', '--auth', 'LOGIN', '--auth-user', 'alice', '--auth-password', 'wonderland', '--pipeline'], password: 'wonderland' },
  { name: 'AUTH PLAIN, stopped after AUTH', args: ['--auth', 'PLAIN', '--auth-user', 'alice', '--auth-password', 'wonderland', '--quit-after', 'AUTH'], password: 'wonderland' },
  { name: 'AUTH refused', args: ['--from', 'alice@example.com', '--to', 'bob@example.net', '--auth', 'PLAIN', '--auth-user', 'alice', '--auth-password', 'guess'], password: 'guess' },
  { name: 'null sender, HELO name', args: ['--from', '<>', '--to', 'bob@example.net', '--ehlo', 'bounce.example.com'] },
  { name: 'stopped after EHLO', args: ['--quit-after', 'EHLO'] },
  { name: 'stopped after MAIL', args: ['--from', 'alice@example.com', '--quit-after', 'MAIL'] },
];

test('live: a conversation swaks had with Exim, replayed by the command made from it, says the same', { skip: needsSwaksAndExim, timeout: 120_000 }, () => {
  const server = eximServer();
  try {
    for (const scenario of SCENARIOS) {
      const original = runSwaks(server.command, ['--helo', 'client.example.com', ...scenario.args]);
      const [session] = readTranscript(original).sessions;
      assert.ok(session && session.commands.length > 0, `${scenario.name}: ${original}`);
      const script = swaksScript(swaksReplays(readTranscript(original)), catalog, 'en');
      const lines = script.split('\n').filter((l) => l.startsWith('swaks '));
      assert.equal(lines.length, 1, script);
      assert.ok(!/wonderland|guess/.test(script), script);
      // The test's Exim is a pipe: the command's --server becomes that pipe, everything else as written.
      const command = lines[0].replace(/^swaks --server \S+/, `${swaks!} --pipe ${shellWord({ text: server.command })}`);
      assert.notEqual(command, lines[0], `${scenario.name}: ${lines[0]}`);
      const replay = spawnSync('sh', ['-c', command], { encoding: 'utf8', timeout: 50_000, env: { ...process.env, SMTP_PASSWORD: scenario.password ?? '' } });
      const [again] = readTranscript(`${replay.stdout}${replay.stderr}`).sessions;
      assert.deepEqual(dialogue(again), dialogue(session), `${scenario.name}\n${lines[0]}\n${replay.stdout}${replay.stderr}`);
    }
  } finally {
    server.close();
  }
});

/** A transaction as a client sent it and a server answered: MAIL, each RCPT and DATA with the codes of their replies. */
function transactionDialogue(transaction: Transaction): string[] {
  return [transaction.mail, ...transaction.recipients.map((r) => r.command), ...(transaction.data ? [transaction.data] : [])]
    .map((c) => `${c.verb} ${c.path?.address ?? ''} → ${c.replies.map((r) => r.code).join(',')}`);
}

test('live: three transactions smtplib sent to Exim in one connection become three swaks commands, each replaying its transaction', { skip: needsPythonAndExim || needsSwaksAndExim, timeout: 120_000 }, () => {
  const server = eximServer();
  try {
    const original = runSmtplibTransactions(server.command, 1);
    const [session] = readTranscript(original).sessions;
    assert.equal(session?.transactions.length, 3, original);
    const script = swaksScript(swaksReplays(readTranscript(original)), catalog, 'en');
    const lines = script.split('\n').filter((l) => l.startsWith('swaks '));
    assert.deepEqual(commandsOf(script).map((words) => words.slice(words.indexOf('--from'))), [
      ['--from', 'alice@example.com', '--to', 'bob@example.net,slow@example.net,dave@example.org'],
      ['--from', 'alice@example.com', '--to', 'dave@example.org', '--quit-after', 'RCPT'],
      ['--from', '<>', '--to', 'carol@example.net'],
    ], script);
    session.transactions.forEach((transaction, i) => {
      // The test's Exim is a pipe: the command's --server becomes that pipe, everything else as written.
      const command = lines[i].replace(/^swaks --server \S+/, `${swaks!} --pipe ${shellWord({ text: server.command })}`);
      assert.notEqual(command, lines[i], lines[i]);
      const replay = spawnSync('sh', ['-c', command], { encoding: 'utf8', timeout: 50_000 });
      const [again] = readTranscript(`${replay.stdout}${replay.stderr}`).sessions;
      assert.equal(again.transactions.length, 1, `${lines[i]}\n${replay.stdout}${replay.stderr}`);
      assert.deepEqual(transactionDialogue(again.transactions[0]), transactionDialogue(transaction), `transaction ${i + 1}\n${lines[i]}\n${replay.stdout}${replay.stderr}`);
    });
  } finally {
    server.close();
  }
});
