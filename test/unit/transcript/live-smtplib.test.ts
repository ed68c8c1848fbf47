import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { diagnostics } from '../../../server/src/service';
import { catalog, open, options } from '../../helpers/documents';
import { projectRoot } from '../../helpers/root';

/** Where a program is: on PATH, or in /usr/sbin (Exim lives there, off a normal user's PATH). */
function locate(program: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${program} || { test -x /usr/sbin/${program} && echo /usr/sbin/${program}; }`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || undefined : undefined;
}

const python = locate('python3');
const exim = locate('exim4');
const missing = [python ? '' : 'python3', exim ? '' : 'exim4'].filter(Boolean);
const skip = missing.length > 0 ? `needs ${missing.join(' and ')}` : false;

test('live: smtplib\'s send: b\'...\' shows the bytes, so "\\n.\\n" inside the data is a bare-LF end of data (SMTP smuggling)', { skip, timeout: 60_000 }, () => {
  const script = resolve(projectRoot(), 'test', 'fixtures', 'live', 'smtplib-smuggling.py');
  const run = spawnSync(python!, [script, exim!], { encoding: 'utf8', timeout: 50_000 });
  const transcript = run.stderr;
  assert.match(transcript, /^send: b'Subject: hello\\r\\n\\r\\nhello\\n\.\\nMAIL FROM:<evil@example\.net>\\r\\n\.\\r\\n'$/m, transcript);
  const { model } = open(transcript);
  const found = diagnostics(model, catalog, options()).map((d) => `${String(d.code)} ${d.severity}`);
  assert.ok(found.includes('smtp.data-bare-line-ending 1'), `the smuggled end is an error:\n${found.join('\n')}\n${transcript}`);
  // What follows the bare-LF end is still the message to a strict server: no command, no missing reply.
  const smuggled = model.kind === 'transcript' ? model.sessions.flatMap((s) => s.commands).find((c) => c.path?.address === 'evil@example.net') : undefined;
  assert.equal(smuggled, undefined, 'MAIL FROM:<evil@...> after <LF>.<LF> is data, not a command');
});
