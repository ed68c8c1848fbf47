import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import { logReport } from '../../../server/src/service/report';
import { postfixLog } from '../../../bench/generate';
import { catalog, cli, FIXTURES, ROOT } from './helpers';

const ajv = new Ajv({ allErrors: true, strict: false });
const schema = (name: string): object => JSON.parse(readFileSync(resolve(ROOT, 'schemas', name), 'utf8')) as object;

test('report --format json follows schemas/log-report.schema.json, and the schema is no rubber stamp', () => {
  const validate = ajv.compile(schema('log-report.schema.json'));
  const report = logReport(readFileSync(resolve(FIXTURES, 'mail.log-postfix-cases'), 'utf8') + postfixLog(100_000, 2), catalog, 'en');
  const json = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
  assert.ok(validate(json), ajv.errorsText(validate.errors));
  const broken = { ...json, totals: { ...(json.totals as object), received: -1 } };
  assert.equal(validate(broken), false);
  const renamed = { ...json, totals: { ...(json.totals as object), recieved: 1 } };
  assert.equal(validate(renamed), false);
});

test('every messages record follows schemas/message-record.schema.json', () => {
  const validate = ajv.compile(schema('message-record.schema.json'));
  const run = cli(['messages', resolve(FIXTURES, 'mail.log-postfix-cases')]);
  assert.equal(run.status, 0, run.stderr);
  const records = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown);
  assert.equal(records.length, 7, "one record per queue id of the file");
  for (const record of records) assert.ok(validate(record), ajv.errorsText(validate.errors));
});
