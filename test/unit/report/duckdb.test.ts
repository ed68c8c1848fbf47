import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { postfixLog } from '../../../bench/generate';
import { cli, FIXTURES } from './helpers';

test('messages NDJSON loaded into DuckDB gives the report\'s totals back with SQL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lens-duckdb-'));
  const log = join(dir, 'mail.log');
  writeFileSync(log, readFileSync(resolve(FIXTURES, 'mail.log-postfix-cases'), 'utf8') + postfixLog(600_000, 13));
  const messages = cli(['messages', log]);
  assert.equal(messages.status, 0, messages.stderr);
  const ndjson = join(dir, 'messages.ndjson');
  writeFileSync(ndjson, messages.stdout);
  const report = JSON.parse(cli(['report', '--format', 'json', log]).stdout) as { totals: Record<string, number> };

  const db = await DuckDBInstance.create(':memory:');
  const sql = await db.connect();
  try {
    await sql.run(`CREATE TABLE messages AS SELECT * FROM read_json('${ndjson.replace(/'/g, "''")}', format = 'newline_delimited')`);
    await sql.run('CREATE TABLE recipients AS SELECT queueId, size, unnest(recipients, recursive := true) FROM messages');
    const rows = await sql.runAndReadAll(`SELECT
      (SELECT count(*) FROM messages WHERE received) AS received,
      (SELECT coalesce(sum(size), 0) FROM messages WHERE received) AS bytesReceived,
      (SELECT count(DISTINCT sender) FROM messages WHERE received) AS senders,
      (SELECT count(*) FROM recipients WHERE status = 'sent' AND coalesce(reason, '') NOT LIKE 'forwarded as %') AS delivered,
      (SELECT count(*) FROM recipients WHERE status = 'sent' AND reason LIKE 'forwarded as %') AS forwarded,
      (SELECT coalesce(sum(size), 0) FROM recipients WHERE status = 'sent' AND coalesce(reason, '') NOT LIKE 'forwarded as %') AS bytesDelivered,
      (SELECT count(DISTINCT lower(address)) FROM recipients WHERE status = 'sent' AND coalesce(reason, '') NOT LIKE 'forwarded as %') AS recipients,
      (SELECT count(DISTINCT lower(split_part(address, '@', 2))) FROM recipients WHERE status = 'sent' AND coalesce(reason, '') NOT LIKE 'forwarded as %') AS recipientHostsDomains,
      (SELECT count(*) FROM recipients WHERE status = 'bounced') AS bounced,
      (SELECT count(*) FROM recipients WHERE status = 'expired') AS expired,
      (SELECT count(DISTINCT queueId) FROM recipients WHERE deferrals > 0) AS deferred,
      (SELECT coalesce(sum(deferrals), 0) FROM recipients) AS deferrals`);
    const [row] = rows.getRowObjectsJson() as Array<Record<string, string | number>>;
    const totals = report.totals;
    for (const key of Object.keys(row)) assert.equal(Number(row[key]), totals[key], `${key} from SQL`);
    assert.ok(totals.received > 400 && totals.bounced > 10 && totals.deferred > 10, 'the log has every kind of outcome');
  } finally {
    sql.closeSync();
  }
});
