// Compares SMTP Lens' bounce classification with Sisimai's over the shared corpus.
//   node scripts/compare-sisimai.mjs [--corpus DIR] [--reference expected|live|both] [--verbose] [--json]
//
// Our side is `smtp-lens bounce --all` (dist/cli.js, rebuilt when older than the sources). Sisimai's
// side is, with --reference live, Sisimai itself run by scripts/sisimai-verdicts.pl (Debian's
// libsisimai-perl), and with --reference expected the corpus' expected-sisimai.tsv (Sisimai 5's own
// test expectations). The default is both when Sisimai is installed, the file otherwise.
//
// Agreement is counted per recipient Sisimai reports: on the enhanced status code, the reply code, the
// reason (Sisimai's names: the `sisimai` field of data/bounce-reasons.json) and hard/soft; and, for
// status and reply code, over the recipients where both give one. Every status or reply code
// disagreement is listed with a verdict from the file's own fields (the recipient's DSN Status and
// Diagnostic-Code, else the text beside its address). Sisimai makes up a status when the
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

/** Sisimai 4 names (and "could not decide" ones) as Sisimai 5 names them. */
const SISIMAI_ALIASES = { mesgtoobig: 'emailtoolarge', exceedlimit: 'emailtoolarge', toomanyconn: 'ratelimited', onhold: 'undefined', '': 'undefined' };
const sisimaiReason = (reason) => SISIMAI_ALIASES[reason] ?? reason;

// Our reason ids to Sisimai's names: the `sisimai` field of data/bounce-reasons.json (the records carry it too).
const TO_SISIMAI = Object.fromEntries(JSON.parse(readFileSync(join(root, 'data', 'bounce-reasons.json'), 'utf8')).reasons.map((r) => [r.id, r.sisimai]));

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

/** Sisimai's own pseudo codes (a subject of 9 or a detail of 900 or more: 5.9.213, 5.0.944, 4.0.947) are never written in a message. */
const pseudo = (status) => /^\d\.(?:9\.\d+|\d+\.9\d\d)$/.test(status);

/**
 * What a file's own fields say about one recipient: the Status and Diagnostic-Code of the DSN group
 * whose Final-Recipient (or Original-Recipient, X-Actual-Recipient) names the address, else the
 * lines of text from the one naming the address to the next blank line.
 */
function ownFields(text, address) {
  const lines = text.split(/\r\n|\r|\n/);
  const lower = address.toLowerCase();
  for (let i = 0; i < lines.length; i++) {
    if (!/^(?:final|original|x-actual)-recipient:/i.test(lines[i]) || !lines[i].toLowerCase().includes(lower)) continue;
    let from = i;
    while (from > 0 && lines[from - 1].trim() !== '') from--;
    let to = i;
    while (to + 1 < lines.length && lines[to + 1].trim() !== '') to++;
    const group = lines.slice(from, to + 1).join('\n').replace(/\n[ \t]+/g, ' ');
    const status = /^Status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(group)?.[1];
    const diagnostic = /^Diagnostic-Code:\s*([^\n]*)/im.exec(group)?.[1] ?? '';
    const type = /^([\w-]+)\s*;/.exec(diagnostic)?.[1]?.toLowerCase();
    const said = diagnostic.replace(/^[\w-]+\s*;\s*/, '');
    const reply = type === 'smtp' || type === undefined ? /^([2-5]\d\d)\b/.exec(said)?.[1] : undefined;
    const enhanced = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(said)?.[1];
    return { kind: 'dsn', status, reply, enhanced, type };
  }
  const at = lines.findIndex((l) => l.toLowerCase().includes(lower) && !/^(?:to|from|cc|return-path|delivered-to|x-failed-recipients|received|for)\b/i.test(l.trim()));
  if (at < 0) return { kind: 'none' };
  let to = at;
  while (to + 1 < lines.length && to - at < 12 && lines[to + 1].trim() !== '') to++;
  return { kind: 'text', near: lines.slice(Math.max(0, at - 3), to + 1).join('\n') };
}

/** Who is right about a status or a reply code, by the file's own fields: a short verdict for the listing. */
function judge(field, mine, theirs, own, whole) {
  if (field === 'status' && theirs && pseudo(theirs)) return mine ? `ours: Sisimai's ${theirs} is its own pseudo code, ours is written in the file` : `neither: the file writes no status, Sisimai's ${theirs} is its pseudo code`;
  const written = (code) => code && new RegExp(`(?<![\\d.])${code.replace(/\./g, '\\.')}(?![\\d]|\\.\\d)`).test(whole);
  if (theirs && !written(theirs) && written(mine)) return `ours: Sisimai's ${theirs} is not written in the file`;
  if (mine && !written(mine) && written(theirs)) return `Sisimai: our ${mine} is not written in the file`;
  if (own.kind === 'dsn') {
    const named = field === 'status' ? [own.status, own.enhanced] : [own.reply];
    const says = field === 'status' ? `Status: ${own.status ?? '-'}, Diagnostic-Code: ${own.enhanced ?? '-'}` : `Diagnostic-Code (${own.type ?? 'no type'}) reply ${own.reply ?? '-'}`;
    if (field === 'reply' && own.type && own.type !== 'smtp') return `${mine ? 'Sisimai' : 'ours'}: the Diagnostic-Code is of type ${own.type}, no SMTP reply`;
    const m = named.includes(mine);
    const t = named.includes(theirs);
    if (m && !t) return `ours, by the recipient's fields (${says})`;
    if (t && !m) return `Sisimai, by the recipient's fields (${says})`;
    if (m && t) return `both written in the recipient's fields (${says}); we prefer the server's own code`;
    return `neither, by the recipient's fields (${says})`;
  }
  if (own.kind === 'text') {
    const m = written(mine) && own.near.includes(mine);
    const t = written(theirs) && own.near.includes(theirs);
    if (m && !t) return 'ours: the code stands beside the address in the text';
    if (t && !m) return 'Sisimai: the code stands beside the address in the text';
    if (m && t) return 'both stand beside the address in the text';
  }
  if (!mine && written(theirs)) return `Sisimai: ${theirs} is in the file and we gave none`;
  if (!theirs && written(mine)) return `ours: ${mine} is in the file and Sisimai gave none`;
  return 'unclear from the file';
}

/**
 * Pairs Sisimai's recipients with ours: by address when Sisimai gives one, else by position, and counts
 * agreement on each field.
 */
function compare(name, reference, mine, texts) {
  const tally = { recipients: 0, status: 0, statusOnWire: 0, onWire: 0, replyCode: 0, reason: 0, hard: 0, missing: 0, statusBoth: 0, statusBothAgree: 0, replyBoth: 0, replyBothAgree: 0 };
  const misses = [];
  const disagreements = [];
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
      // Where both give one: a status Sisimai made up (its pseudo codes) is no status.
      if (r?.status && t.status && !pseudo(t.status)) {
        tally.statusBoth++;
        if (r.status === t.status) tally.statusBothAgree++;
      }
      if (r?.replyCode && t.replyCode) {
        tally.replyBoth++;
        if (r.replyCode === t.replyCode) tally.replyBothAgree++;
      }
      const address = t.recipient || r?.recipient || '';
      const label = `${file} #${i + 1}${address ? ` <${address}>` : ''}`;
      if (r && (r.status ?? '') !== t.status && !(pseudo(t.status) && !r.status)) {
        disagreements.push(`${label} status: Sisimai ${t.status || '-'}, ours ${r.status ?? '-'} -> ${judge('status', r.status ?? '', t.status, ownFields(texts(file), address), texts(file))}`);
      }
      if (r && (r.replyCode ?? '') !== t.replyCode) {
        disagreements.push(`${label} reply: Sisimai ${t.replyCode || '-'}, ours ${r.replyCode ?? '-'} -> ${judge('reply', r.replyCode ?? '', t.replyCode, ownFields(texts(file), address), texts(file))}`);
      }
      if (!okStatus || !okReply || !okReason) {
        misses.push(`${file} #${i + 1}: Sisimai ${t.status || '-'} ${t.replyCode || '-'} ${t.reason}; ours ${r ? `${r.status ?? '-'} ${r.replyCode ?? '-'} ${TO_SISIMAI[r.reason]} (${r.reason})` : 'no recipient'}`
          + `${okStatus ? '' : ' [status]'}${okReply ? '' : ' [reply]'}${okReason ? '' : ' [reason]'}`);
      }
    });
  }
  return { name, files: reference.size, ...tally, misses, disagreements };
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
    console.log(`  where both give one: status ${percent(r.statusBothAgree, r.statusBoth)} (${r.statusBothAgree}/${r.statusBoth}), reply code ${percent(r.replyBothAgree, r.replyBoth)} (${r.replyBothAgree}/${r.replyBoth})`);
    console.log(`  recipients we did not report: ${r.missing}`);
    if (r.disagreements.length > 0) {
      console.log(`  status and reply code disagreements, and who is right by the file's own fields:`);
      for (const line of r.disagreements) console.log(`    ${line}`);
    }
    if (verbose) {
      console.log('  every recipient that differs (status, reply code or reason):');
      for (const miss of r.misses) console.log(`    ${miss}`);
    }
  }
}
