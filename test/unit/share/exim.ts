import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where a program is: on PATH, or in /usr/sbin (Exim lives there, off a normal user's PATH). */
export function locate(program: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${program} || { test -x /usr/sbin/${program} && echo /usr/sbin/${program}; }`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || undefined : undefined;
}

export const swaks = locate('swaks');
export const exim = locate('exim4');
export const python = locate('python3');
const missing = [swaks ? '' : 'swaks', exim ? '' : 'exim4'].filter(Boolean);
/** The skip reason of a test that needs both, or false. */
export const needsSwaksAndExim: string | false = missing.length > 0 ? `needs ${missing.join(' and ')} (scripts/install-system-packages.sh installs them)` : false;

/**
 * Exim as a small MX for example.net (relaying refused, AUTH PLAIN/LOGIN for alice:wonderland,
 * PIPELINING and CHUNKING to all), run by `exim4 -bh`: a whole SMTP session on a pipe, nothing
 * delivered. Its spool lives in a temporary folder that `close` removes.
 */
export function eximServer(): { command: string; close: () => void } {
  const work = mkdtempSync(join(tmpdir(), 'smtp-lens-exim-'));
  chmodSync(work, 0o755);
  // Exim drops its privileges when given a configuration of its own (-C), so the spool must be open to all.
  mkdirSync(join(work, 'spool'), { mode: 0o1777 });
  chmodSync(join(work, 'spool'), 0o1777);
  const config = join(work, 'exim.conf');
  writeFileSync(config, [
    'primary_hostname = mx.example.net',
    'domainlist local_domains = example.net',
    `spool_directory = ${work}/spool`,
    `log_file_path = ${work}/spool/%slog`,
    'acl_smtp_rcpt = acl_check_rcpt',
    'pipelining_advertise_hosts = *',
    'chunking_advertise_hosts = *',
    'auth_advertise_hosts = *',
    'tls_advertise_hosts =',
    'begin acl',
    'acl_check_rcpt:',
    '  accept domains = +local_domains',
    '  accept authenticated = *',
    '  deny message = relay not permitted',
    'begin authenticators',
    'plain:',
    '  driver = plaintext',
    '  public_name = PLAIN',
    '  server_prompts = :',
    '  server_condition = ${if and{{eq{$auth2}{alice}}{eq{$auth3}{wonderland}}}}',
    '  server_set_id = $auth2',
    'login:',
    '  driver = plaintext',
    '  public_name = LOGIN',
    '  server_prompts = Username:: : Password::',
    '  server_condition = ${if and{{eq{$auth1}{alice}}{eq{$auth2}{wonderland}}}}',
    '  server_set_id = $auth1',
    '',
  ].join('\n'));
  return { command: `${exim!} -C ${config} -bh 192.0.2.10`, close: () => rmSync(work, { recursive: true, force: true }) };
}

/** What swaks printed (stdout and stderr together, as a user pastes it) talking to `pipe`. */
export function runSwaks(pipe: string, args: readonly string[]): string {
  const run = spawnSync(swaks!, [...args, '--pipe', pipe], { encoding: 'utf8', timeout: 50_000 });
  return `${run.stdout}${run.stderr}`;
}

/** The skip reason of a test that needs python3 and Exim, or false. */
export const needsPythonAndExim: string | false = python && exim ? false : `needs ${[python ? '' : 'python3', exim ? '' : 'exim4'].filter(Boolean).join(' and ')}`;

/**
 * What Python's smtplib wrote (its debug output, on stderr) sending three transactions in one
 * connection to `server` (test/fixtures/live/smtplib-transactions.py); level 2 adds the time of day.
 */
export function runSmtplibTransactions(server: string, debugLevel: 1 | 2): string {
  const script = join(__dirname, '..', '..', 'fixtures', 'live', 'smtplib-transactions.py');
  const run = spawnSync(python!, [script, String(debugLevel), ...server.split(' ')], { encoding: 'utf8', timeout: 50_000 });
  return run.stderr;
}
