// Compares SMTP Lens' bounce classification with Sisimai's over the shared corpus.
//   node scripts/compare-sisimai.mjs [--corpus DIR] [--reference expected|live|both] [--verbose] [--json]
//
// Our side is `smtp-lens bounce --all` (dist/cli.js, rebuilt when older than the sources). Sisimai's
// side is, with --reference live, Sisimai itself run by scripts/sisimai-verdicts.pl (Debian's
// libsisimai-perl), and with --reference expected the corpus' expected-sisimai.tsv (Sisimai 5's own
// test expectations). The default is both when Sisimai is installed, the file otherwise.
//
// Agreement is counted per recipient Sisimai reports: on the enhanced status code, the reply code, the
// reason (Sisimai's names; ours are mapped below) and hard/soft. Sisimai makes up a status when the
// message has none (5.9.213, 5.0.911, 5.0.0 ...); where its status is not written in the message, we
// agree when we report no status, since we report only what the message says.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
};
const corpus = resolve(option('--corpus', resolve(root, '..', 'shared', 'corpus')));
const verbose = args.includes('--verbose');
const asJson = args.includes('--json');

/** Our reason ids to Sisimai's reason names (Sisimai 5; Sisimai 4's older names are folded in below). */
const TO_SISIMAI = {
  'user-unknown': 'userunknown', 'host-unknown': 'hostunknown', 'not-accept': 'notaccept', 'has-moved': 'hasmoved',
  'mailbox-full': 'mailboxfull', suspended: 'suspend', blocked: 'blocked', 'bad-reputation': 'badreputation',
  'require-ptr': 'requireptr', 'auth-failure': 'authfailure', spam: 'spamdetected', virus: 'virusdetected',
  'content-rejected': 'contenterror', 'not-compliant': 'notcompliantrfc', policy: 'policyviolation', filtered: 'filtered',
  'sender-rejected': 'rejected', 'rate-limited': 'ratelimited', expired: 'expired', 'too-large': 'emailtoolarge',
  'relay-denied': 'norelaying', security: 'securityerror', 'failed-starttls': 'failedstarttls', 'network-error': 'networkerror',
  'system-full': 'systemfull', 'system-error': 'systemerror', 'mailer-error': 'mailererror', 'syntax-error': 'syntaxerror',
  vacation: 'vacation', feedback: 'feedback', delivered: 'delivered', unknown: 'undefined',
};
/** Sisimai 4 names (and "could not decide" ones) as Sisimai 5 names them. */
const SISIMAI_ALIASES = { mesgtoobig: 'emailtoolarge', exceedlimit: 'emailtoolarge', toomanyconn: 'ratelimited', onhold: 'undefined', '': 'undefined' };
const sisimaiReason = (reason) => SISIMAI_ALIASES[reason] ?? reason;

for (const [ours, theirs] of Object.entries(TO_SISIMAI)) if (!theirs) throw new Error(`no Sisimai name for ${ours}`);
const reasons = JSON.parse(readFileSync(join(root, 'data', 'bounce-reasons.json'), 'utf8')).reasons.map((r) => r.id);
const unmapped = reasons.filter((id) => !(id in TO_SISIMAI));
if (unmapped.length > 0) {
  console.error(`compare-sisimai: reasons without a Sisimai name: ${unmapped.join(', ')} (add them to TO_SISIMAI)`);
  process.exit(2);
}

/** dist/cli.js, rebuilt when a source or data file is newer. */
function ensureBuilt() {
  const cli = join(root, 'dist', 'cli.js');
  const newest = (dir) => readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
    const path = join(dir, entry.name);
    return Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }, 0);
  const stale = !existsSync(cli) || Math.max(newest(join(root, 'server', 'src')), newest(join(root, 'data'))) > statSync(cli).mtimeMs;
  if (stale) {
    const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
    if (built.status !== 0) process.exit(2);
  }
  return cli;
}

/** Our records, by file path relative to the corpus. */
function ours(files) {
  const cli = ensureBuilt();
  const result = spawnSync(process.execPath, [cli, 'bounce', '--all', ...files], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0 && result.status !== 2) {
    console.error(result.stderr);
    process.exit(2);
  }
  const byFile = new Map();
  for (const line of result.stdout.split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line);
    const key = relative(corpus, record.file);
    if (!byFile.has(key)) byFile.set(key, []);
    byFile.get(key).push(record);
  }
  return byFile;
}

/** Sisimai run on the files, when it is installed: by file, its recipients in order. */
function live(files) {
  const probe = spawnSync('perl', ['-MSisimai', '-e', 'print $Sisimai::VERSION'], { encoding: 'utf8' });
  if (probe.status !== 0) return undefined;
  const output = execFileSync('perl', [join(root, 'scripts', 'sisimai-verdicts.pl'), ...files], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const byFile = new Map();
  for (const line of output.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [file, index, recipient, status, replyCode, reason, action, command, hard] = line.split('\t');
    if (index === '0') continue;
    const key = relative(corpus, file);
    if (!byFile.has(key)) byFile.set(key, []);
    byFile.get(key).push({ recipient, status, replyCode, reason: sisimaiReason(reason), action, command, hard });
  }
  return { version: probe.stdout.trim(), byFile };
}

/** expected-sisimai.tsv: Sisimai 5's verdicts from its own test suites. */
function expected() {
  const path = join(corpus, 'expected-sisimai.tsv');
  if (!existsSync(path)) return undefined;
  const [head, ...rows] = readFileSync(path, 'utf8').trim().split('\n').map((l) => l.split('\t'));
  const col = (name) => head.indexOf(name);
  const byFile = new Map();
  for (const row of rows) {
    const key = row[col('sample_file')];
    if (!byFile.has(key)) byFile.set(key, []);
    byFile.get(key).push({
      status: row[col('expected_status')], replyCode: row[col('expected_replycode')], reason: sisimaiReason(row[col('expected_reason')]),
      hard: row[col('hardbounce')], statusInText: row[col('status_in_text')] === 'yes',
    });
  }
  return byFile;
}

/**
 * Pairs Sisimai's recipients with ours: by address when Sisimai gives one, else by position, and counts
 * agreement on each field.
 */
function compare(name, reference, mine, texts) {
  const tally = { recipients: 0, status: 0, statusOnWire: 0, onWire: 0, replyCode: 0, reason: 0, hard: 0, missing: 0 };
  const misses = [];
  for (const [file, theirs] of reference) {
    const list = mine.get(file) ?? [];
    const used = new Set();
    theirs.forEach((t, i) => {
      tally.recipients++;
      let match = t.recipient ? list.findIndex((r, k) => !used.has(k) && r.recipient.toLowerCase() === t.recipient.toLowerCase()) : -1;
      if (match < 0 && !used.has(i) && i < list.length) match = i;
      const r = match >= 0 ? list[match] : undefined;
      if (match >= 0) used.add(match);
      if (!r) tally.missing++;
      const onWire = t.statusInText ?? (t.status !== '' && texts(file).includes(t.status));
      const okStatus = onWire ? (r?.status ?? '') === t.status : !r?.status || r.status === t.status;
      const okReply = (r?.replyCode ?? '') === t.replyCode;
      const okReason = r !== undefined && TO_SISIMAI[r.reason] === t.reason;
      const okHard = r !== undefined && t.hard !== '' && String(r.bounce === 'hard') === t.hard;
      if (onWire) {
        tally.onWire++;
        if (okStatus) tally.statusOnWire++;
      }
      if (okStatus) tally.status++;
      if (okReply) tally.replyCode++;
      if (okReason) tally.reason++;
      if (okHard || t.hard === '') tally.hard++;
      if (!okStatus || !okReply || !okReason) {
        misses.push(`${file} #${i + 1}: Sisimai ${t.status || '-'} ${t.replyCode || '-'} ${t.reason}; ours ${r ? `${r.status ?? '-'} ${r.replyCode ?? '-'} ${TO_SISIMAI[r.reason]} (${r.reason})` : 'no recipient'}`
          + `${okStatus ? '' : ' [status]'}${okReply ? '' : ' [reply]'}${okReason ? '' : ' [reason]'}`);
      }
    });
  }
  return { name, files: reference.size, ...tally, misses };
}

const percent = (n, d) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);

const emlDir = join(corpus, 'eml');
const files = readdirSync(emlDir).sort().map((f) => join(emlDir, f));
const mine = ours(files);
const textCache = new Map();
const texts = (file) => {
  if (!textCache.has(file)) textCache.set(file, readFileSync(join(corpus, file), 'latin1'));
  return textCache.get(file);
};

const wanted = option('--reference', 'both');
const results = [];
if (wanted === 'live' || wanted === 'both') {
  const sisimai = live(files);
  if (sisimai) results.push(compare(`Sisimai ${sisimai.version} run now (${relative(root, join(root, 'scripts', 'sisimai-verdicts.pl'))})`, sisimai.byFile, mine, texts));
  else if (wanted === 'live') {
    console.error('compare-sisimai: Sisimai is not installed (apt install libsisimai-perl); try --reference expected');
    process.exit(2);
  }
}
if (wanted === 'expected' || wanted === 'both' || results.length === 0) {
  const table = expected();
  if (table) results.push(compare('expected-sisimai.tsv (Sisimai 5 test expectations)', table, mine, texts));
}
if (results.length === 0) {
  console.error(`compare-sisimai: neither Sisimai nor ${join(corpus, 'expected-sisimai.tsv')} is available`);
  process.exit(2);
}

if (asJson) {
  console.log(JSON.stringify(results.map(({ misses, ...r }) => (verbose ? { ...r, misses } : r)), null, 2));
} else {
  for (const r of results) {
    console.log(`\n${r.name}: ${r.recipients} recipients in ${r.files} files`);
    console.log(`  status      ${percent(r.status, r.recipients)} (${r.status})   on the wire only: ${percent(r.statusOnWire, r.onWire)} (${r.statusOnWire}/${r.onWire})`);
    console.log(`  reply code  ${percent(r.replyCode, r.recipients)} (${r.replyCode})`);
    console.log(`  reason      ${percent(r.reason, r.recipients)} (${r.reason})`);
    console.log(`  hard/soft   ${percent(r.hard, r.recipients)} (${r.hard})`);
    console.log(`  recipients we did not report: ${r.missing}`);
    if (verbose) for (const miss of r.misses) console.log(`    ${miss}`);
  }
}
