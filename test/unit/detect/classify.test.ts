// Content detection (parse/classify.ts): what the editor offers for a document opened as Plain Text or Log.
// A false offer is the expensive mistake, so every negative sample must get none; recall on the shared
// corpus is measured and kept above a floor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { classifyContent, detectionSample, DETECT_SAMPLE_LINES } from '../../../server/src/service/parse/classify';
import { projectRoot } from '../../helpers/root';

const root = projectRoot();
const negatives = join(root, 'test', 'fixtures', 'detect', 'negative');
const corpus = resolve(root, '..', 'shared', 'corpus');
const corpusPresent = existsSync(join(corpus, 'MANIFEST.tsv'));

function filesIn(dir: string): string[] {
  return readdirSync(dir).filter((name) => statSync(join(dir, name)).isFile() && !/^(NOTICE|README)/.test(name));
}

test('no offer for text that is not ours: web server logs, syslog without mail programs, code, data, other protocols', () => {
  const offered = filesIn(negatives).flatMap((name) => {
    const found = classifyContent(readFileSync(join(negatives, name), 'utf8'));
    return found ? [`${name}: ${found.kind} ${found.format} ${found.confidence.toFixed(2)}`] : [];
  });
  assert.ok(filesIn(negatives).length >= 15, 'the negative samples are there');
  assert.deepEqual(offered, [], 'false offers');
});

test('a swaks transcript, a Postfix documentation example with a blank first line, a Postfix log and a pasted dialogue', () => {
  const swaks = classifyContent(readFileSync(join(root, 'examples', 'swaks-pipelined-relay-denied.smtp'), 'utf8'));
  assert.deepEqual([swaks?.languageId, swaks?.kind, swaks?.format], ['smtp', 'transcript', 'swaks']);

  const readme = '\n\n' + readFileSync(join(root, 'test', 'fixtures', 'transcripts', 'postfix-bdat-readme.txt'), 'utf8');
  assert.equal(classifyContent(readme)?.languageId, 'smtp');

  const log = classifyContent(readFileSync(join(root, 'test', 'fixtures', 'logs', 'mail.log-crowdsec-postfix-iso'), 'utf8'));
  assert.deepEqual([log?.languageId, log?.format], ['maillog', 'postfix']);

  const pasted = 'telnet mx.example.org 25\n220 mx.example.org ESMTP\nEHLO me.example.net\n250-mx.example.org\n250 PIPELINING\nMAIL FROM:<a@example.net>\n250 2.1.0 Ok\nRCPT TO:<b@example.org>\n550 5.1.1 <b@example.org>: Recipient address rejected\n';
  assert.deepEqual([classifyContent(pasted)?.languageId, classifyContent(pasted)?.format], ['smtp', 'unprefixed']);

  const bounceSnippet = '... while talking to mx.example.org.:\n>>> RCPT To:<b@example.org>\n<<< 550 5.1.1 <b@example.org>... User unknown\n';
  assert.deepEqual([classifyContent(bounceSnippet)?.languageId, classifyContent(bounceSnippet)?.format], ['smtp', 'sendmail']);
});

test('a bounce saved as text is a message, not the transcript it quotes', () => {
  const found = classifyContent(readFileSync(join(root, 'examples', 'bounce-postfix.eml'), 'utf8'));
  assert.equal(found?.languageId, 'eml');
  assert.equal(classifyContent('From the desk of\nthe facilities team\n'), undefined);
});

test('the fixtures of every dialect and log format are recognised as what they are', () => {
  const wrong: string[] = [];
  for (const dir of ['transcripts', 'logs']) {
    for (const name of filesIn(join(root, 'test', 'fixtures', dir))) {
      const found = classifyContent(readFileSync(join(root, 'test', 'fixtures', dir, name), 'utf8'));
      // Exim's debug output is mostly Exim's own notes: too little of it is SMTP to offer with confidence.
      if (!found && /^exim-(bh-debug|client-debug|debug-callout|debug-timestamp)|exchange-tracking/.test(name)) continue;
      // Exchange protocol logs are read by the mail log language, whichever folder they sit in.
      const expected = dir === 'logs' || /^exchange|postfix-verbose/.test(name) ? 'maillog' : 'smtp';
      if (found?.languageId !== expected) wrong.push(`${dir}/${name}: ${found ? found.languageId : 'nothing'}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('the sample is the first lines after any blank ones, however long the document', () => {
  const long = '\n\n\n' + Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n');
  const sample = detectionSample(long);
  assert.ok(sample.startsWith('line 0\n'));
  assert.equal(sample.split('\n').filter((l) => l !== '').length, DETECT_SAMPLE_LINES);
  assert.equal(detectionSample(' \n\t\n'), '');
  assert.equal(classifyContent(''), undefined);
});

test('corpus: recall on transcripts and on the log formats we read; no offer for the other logs', { skip: !corpusPresent && 'no ../shared/corpus here' }, (t) => {
  const ours = /^log\/(postfix|exim|sendmail|exchange|kerio|ibm\/hcl domino|zeek smtp\.log|zimbra)/i;
  const formatOf = new Map(readFileSync(join(corpus, 'MANIFEST.tsv'), 'utf8').split('\n').map((row) => row.split('\t')).map((f) => [f[0], f[4] ?? '']));
  let transcripts = 0, transcriptHits = 0, logs = 0, logHits = 0;
  const falseOffers: string[] = [];
  for (const name of filesIn(join(corpus, 'transcripts'))) {
    transcripts++;
    if (classifyContent(readFileSync(join(corpus, 'transcripts', name), 'utf8'))?.languageId === 'smtp') transcriptHits++;
  }
  for (const name of filesIn(join(corpus, 'logs'))) {
    const found = classifyContent(readFileSync(join(corpus, 'logs', name), 'utf8'));
    if (ours.test(formatOf.get(`logs/${name}`) ?? '')) {
      logs++;
      if (found?.languageId === 'maillog') logHits++;
    } else if (found) falseOffers.push(`logs/${name}: ${found.kind} ${found.format}`);
  }
  t.diagnostic(`transcripts ${transcriptHits}/${transcripts}, logs of our formats ${logHits}/${logs}`);
  assert.deepEqual(falseOffers, [], 'logs of formats we do not read (Zeek, Dovecot, MailScanner ...) get no offer');
  assert.ok(transcriptHits / transcripts >= 0.75, `transcript recall ${transcriptHits}/${transcripts}`);
  assert.ok(logHits / logs >= 0.95, `log recall ${logHits}/${logs}`);
});
