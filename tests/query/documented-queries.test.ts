// The documented queries run unchanged on DuckDB (over a lake the real processor wrote; row values
// asserted) and go unchanged to Athena (request shape asserted).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { builtinLogTypes } from '../../parsers/registry.js';
import { AthenaQueryEngine } from '../../query/athena-engine.js';
import { DOCUMENTED_QUERIES, documentedQuery, renderQuery, sqlLiteral } from '../../query/documented-queries.js';
import { DuckDbQueryEngine } from '../../query/duckdb-engine.js';
import { ROOT } from '../helpers/cli.js';
import { buildSampleLake } from './fixtures/sample-lake.js';

const lake = await buildSampleLake();
const duck = await DuckDbQueryEngine.open({ lakeDir: lake.dir, logTypes: builtinLogTypes });
t.teardown(() => duck.close());
const run = async (id: string, values: Record<string, string> = {}) => (await duck.run(renderQuery(documentedQuery(id), values))).rows;

t.test('there are at least six, each documented in docs/queries.md with its SQL', async (t) => {
  t.ok(DOCUMENTED_QUERIES.length >= 6);
  const doc = readFileSync(`${ROOT}/docs/queries.md`, 'utf8');
  for (const q of DOCUMENTED_QUERIES) {
    t.ok(doc.includes(`\`${q.id}\``), `${q.id} is in the doc`);
    t.ok(doc.includes(q.sql), `${q.id}'s SQL is in the doc as the code has it`);
  }
});

t.test('partition-hour reads one hour by partition', async (t) => {
  t.same(await run('partition-hour'), [
    { p_event_time: '2023-07-19T21:17:28.000Z', eventname: 'AssumeRole', sourceipaddress: '192.0.2.101', actor: 'arn:aws:sts::111122223333:assumed-role/JohnDoe/JohnRole1' },
    { p_event_time: '2023-07-19T21:44:40.000Z', eventname: 'ConsoleLogin', sourceipaddress: '198.51.100.178', actor: 'arn:aws:iam::111122223333:user/Mary_Major' },
  ]);
  t.same(await run('partition-hour', { hour: '22' }), [{ p_event_time: '2023-07-19T22:01:05.000Z', eventname: 'CreateUser', sourceipaddress: '198.51.100.178', actor: 'arn:aws:iam::111122223333:user/Mary_Major' }]);
});

t.test('event-time-range counts each log type in the range', async (t) => {
  t.same(await run('event-time-range'), [
    { p_log_type: 'AWS.CloudTrail', events: 4, first_seen: '2023-07-20T09:03:11.000Z', last_seen: '2023-07-20T12:00:23.000Z' },
    { p_log_type: 'AWS.VPCFlow', events: 2, first_seen: '2023-07-20T09:00:00.000Z', last_seen: '2023-07-20T09:01:00.000Z' },
  ]);
});

t.test('indicator-ip finds an IP in every log type', async (t) => {
  const rows = await run('indicator-ip');
  t.same(
    rows.map((r) => [r.p_log_type, r.p_event_time, r.p_source_label]),
    [
      ['AWS.VPCFlow', '2023-07-20T09:00:00.000Z', 'query-samples'],
      ['AWS.VPCFlow', '2023-07-20T09:01:00.000Z', 'query-samples'],
      ['AWS.CloudTrail', '2023-07-20T09:03:11.000Z', 'query-samples'],
      ['AWS.CloudTrail', '2023-07-20T10:15:42.000Z', 'query-samples'],
      ['AWS.CloudTrail', '2023-07-21T16:05:51.000Z', 'query-samples'],
    ],
  );
  t.same(await run('indicator-ip', { ip: '192.0.2.101' }).then((r) => r.map((x) => x.p_log_type)), ['AWS.CloudTrail']);
  t.same(await run('indicator-ip', { ip: "x' OR 'a'='a" }), [], 'a value is a literal, never SQL');
});

t.test('cloudtrail-ips-in-vpc-flows joins the two log types', async (t) => {
  t.same(await run('cloudtrail-ips-in-vpc-flows'), [
    { ip: '198.51.100.178', api_calls: 2, flows: 1 },
    { ip: '203.0.113.10', api_calls: 3, flows: 2 },
  ]);
});

t.test('events-per-log-type counts the lake', async (t) => {
  const rows = await run('events-per-log-type');
  t.same(
    rows.map((r) => [r.p_log_type, r.events]),
    [
      ['AWS.VPCFlow', lake.processed.classified['AWS.VPCFlow']],
      ['AWS.CloudTrail', 12],
    ],
  );
  t.same([rows[1]?.first_seen, rows[1]?.last_seen], ['2023-07-19T21:17:28.000Z', '2023-07-21T16:05:51.000Z']);
});

t.test('alert-matches lists the events of an alert', async (t) => {
  const alertId = lake.detections.openedAlertIds[0];
  t.ok(alertId !== undefined, 'the pack opened an alert');
  const rows = await run('alert-matches', { alert_id: alertId as string });
  t.equal(rows.length, 1);
  t.same(
    { ...rows[0], p_rule_title: undefined, p_row_id: undefined },
    { p_rule_id: 'AWS.CloudTrail.RootAccountUsed', p_log_type: 'AWS.CloudTrail', p_event_time: '2023-07-21T13:47:09.000Z', p_row_id: undefined, p_rule_severity: 'HIGH', p_rule_title: undefined },
  );
  // Row ids derive from the source object's location (the clone's path): only their shape is fixed.
  t.match(rows[0]?.p_row_id, /^[0-9a-f]{16}\d{8}$/);
  // The title's wording belongs to the pack; the account and address come from the event.
  t.match(rows[0]?.p_rule_title, /^Root user of account 111122223333 .*203\.0\.113\.77$/);
  t.same(await run('alert-matches'), [], 'the example id matches nothing');
});

t.test('rule-errors groups the errors', async (t) => {
  t.same(await run('rule-errors'), [{ p_rule_id: 'Fixture.Bad', p_log_type: 'AWS.VPCFlow', errors: lake.processed.classified['AWS.VPCFlow'], example_error: 'rule: TypeError: fixture failure' }]);
});

t.test('parameters are checked and quoted', async (t) => {
  t.equal(sqlLiteral('string', "it's"), "'it''s'");
  t.equal(sqlLiteral('integer', '07'), '7');
  t.equal(sqlLiteral('timestamp', '2024-05-06T07:08:09Z'), "TIMESTAMP '2024-05-06 07:08:09'");
  t.throws(() => renderQuery(documentedQuery('partition-hour'), { hour: '1 OR 1=1' }), /partition-hour: parameter hour: not an integer: "1 OR 1=1"/);
  t.throws(() => renderQuery(documentedQuery('event-time-range'), { from: 'yesterday' }), /not a timestamp/);
  t.throws(() => renderQuery(documentedQuery('indicator-ip'), { nope: 'x' }), /no parameter "nope"/);
  t.throws(() => documentedQuery('nope'), /no documented query "nope"/);
});

t.test('the same SQL strings go to Athena, in the workgroup and the logs database', async (t) => {
  const athena = mockClient(AthenaClient);
  t.teardown(() => athena.restore());
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { QueryExecutionId: 'q-1', StatementType: 'DML', Status: { State: 'SUCCEEDED' }, Statistics: { DataScannedInBytes: 1024 } } });
  athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [{ Data: [{ VarCharValue: 'n' }] }], ResultSetMetadata: { ColumnInfo: [{ Name: 'n', Type: 'bigint' }] } } });
  const engine = new AthenaQueryEngine({ athena: new AthenaClient({ region: 'us-east-1' }), glue: new GlueClient({ region: 'us-east-1' }), workgroup: 'panther', sleep: async () => undefined });
  for (const q of DOCUMENTED_QUERIES) await engine.run(renderQuery(q));
  t.same(
    athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input),
    DOCUMENTED_QUERIES.map((q) => ({ QueryString: renderQuery(q), WorkGroup: 'panther', QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: 'panther_logs' } })),
  );
});
