import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTranscript } from '../../../server/src/service/parse';

test('a capture cut short, then the next connection: the new 220 opens a new session', () => {
  const model = readTranscript(['S: 220 a.example ESMTP', 'C: EHLO x', 'S: 250 a', 'C: MAIL FROM:<a@x>', 'C: RCPT TO:<b@y>', 'S: 220 b.example ESMTP', 'C: EHLO x', 'S: 250 b'].join('\n'));
  assert.equal(model.sessions.length, 2);
  assert.equal(model.sessions[0].commands.at(-1)?.replies.length, 0, 'the cut-off RCPT has no reply');
  assert.equal(model.sessions[1].replies[0].answers, 'connection');
});

test('220 answering STARTTLS or XCLIENT, or a greeting after a PROXY header, stays in the session', () => {
  for (const verb of ['STARTTLS', 'XCLIENT NAME=x']) {
    const model = readTranscript(['S: 220 a.example ESMTP', 'C: EHLO x', 'S: 250 a', `C: ${verb}`, 'S: 220 go ahead'].join('\n'));
    assert.equal(model.sessions.length, 1, verb);
  }
  assert.equal(readTranscript(['C: PROXY TCP4 1.2.3.4 5.6.7.8 1 25', 'S: 220 a.example ESMTP'].join('\n')).sessions.length, 1);
});
