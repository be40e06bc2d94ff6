// The Athena engine against mocked Athena and Glue clients; responses shaped as in the Athena API
// reference (GetQueryExecution's QueryExecution.Status/Statistics, GetQueryResults' ResultSet with
// the header row first on the first page of a SELECT, NextToken pagination).
import t from 'tap';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type GetQueryResultsOutput,
  type QueryExecutionState,
} from '@aws-sdk/client-athena';
import { GetTablesCommand, GlueClient } from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { AthenaQueryEngine, athenaValue } from '../../query/athena-engine.js';
import { lakeDatabaseNames } from '../../query/lake-schema.js';
import { QueryError } from '../../query/types.js';

const athena = mockClient(AthenaClient);
const glue = mockClient(GlueClient);
t.beforeEach(() => {
  athena.reset();
  glue.reset();
});

const ID = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';

function execution(state: QueryExecutionState, extra: Record<string, unknown> = {}) {
  return {
    QueryExecution: {
      QueryExecutionId: ID,
      Query: 'SELECT ...',
      StatementType: 'DML' as const,
      WorkGroup: 'panther',
      QueryExecutionContext: { Database: 'panther_logs', Catalog: 'AwsDataCatalog' },
      Status: { State: state, SubmissionDateTime: new Date('2024-05-06T07:08:09Z'), ...extra },
      Statistics: { EngineExecutionTimeInMillis: 1200, DataScannedInBytes: 52_428_800, TotalExecutionTimeInMillis: 1350, QueryQueueTimeInMillis: 100 },
    },
  };
}

const COLUMNS = [
  { CatalogName: 'hive', SchemaName: '', TableName: '', Name: 'p_log_type', Label: 'p_log_type', Type: 'varchar', Precision: 2147483647, Scale: 0, Nullable: 'UNKNOWN' as const, CaseSensitive: true },
  { CatalogName: 'hive', SchemaName: '', TableName: '', Name: 'events', Label: 'events', Type: 'bigint', Precision: 19, Scale: 0, Nullable: 'UNKNOWN' as const, CaseSensitive: false },
  { CatalogName: 'hive', SchemaName: '', TableName: '', Name: 'last_seen', Label: 'last_seen', Type: 'timestamp', Precision: 3, Scale: 0, Nullable: 'UNKNOWN' as const, CaseSensitive: false },
  { CatalogName: 'hive', SchemaName: '', TableName: '', Name: 'ips', Label: 'ips', Type: 'array', Precision: 0, Scale: 0, Nullable: 'UNKNOWN' as const, CaseSensitive: false },
  { CatalogName: 'hive', SchemaName: '', TableName: '', Name: 'ok', Label: 'ok', Type: 'boolean', Precision: 0, Scale: 0, Nullable: 'UNKNOWN' as const, CaseSensitive: false },
];

const row = (...values: Array<string | undefined>) => ({ Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })) });

function page(rows: ReturnType<typeof row>[], next?: string): GetQueryResultsOutput {
  return { UpdateCount: 0, ResultSet: { Rows: rows, ResultSetMetadata: { ColumnInfo: COLUMNS } }, ...(next !== undefined ? { NextToken: next } : {}) };
}

const header = row('p_log_type', 'events', 'last_seen', 'ips', 'ok');

function engine(sleeps: number[] = [], extra: Partial<ConstructorParameters<typeof AthenaQueryEngine>[0]> = {}): AthenaQueryEngine {
  return new AthenaQueryEngine({
    athena: new AthenaClient({ region: 'us-east-1' }),
    glue: new GlueClient({ region: 'us-east-1' }),
    workgroup: 'panther',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
}

t.test('start in the workgroup and database, poll with capped backoff, read every page', async (t) => {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
  athena
    .on(GetQueryExecutionCommand)
    .resolvesOnce(execution('QUEUED'))
    .resolvesOnce(execution('RUNNING'))
    .resolvesOnce(execution('RUNNING'))
    .resolvesOnce(execution('RUNNING'))
    .resolvesOnce(execution('RUNNING'))
    .resolvesOnce(execution('RUNNING'))
    .resolves(execution('SUCCEEDED', { CompletionDateTime: new Date('2024-05-06T07:08:11Z') }));
  athena
    .on(GetQueryResultsCommand)
    .resolvesOnce(page([header, row('AWS.CloudTrail', '12', '2023-07-21 16:05:51.000', '[203.0.113.10, 10.0.1.25]', 'true')], 'token-2'))
    .resolvesOnce(page([row('AWS.VPCFlow', '9007199254740993', undefined, '[]', 'false')]));
  const sleeps: number[] = [];
  const progress: string[] = [];
  const r = await engine(sleeps, { initialPollMs: 200, maxPollMs: 3000 }).run('SELECT 1', { onProgress: (p) => progress.push(`${p.state}:${p.bytesScanned}`) });

  t.same(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input, {
    QueryString: 'SELECT 1',
    WorkGroup: 'panther',
    QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: 'panther_logs' },
  });
  t.same(sleeps, [200, 400, 800, 1600, 3000, 3000], 'doubling, capped at maxPollMs');
  t.equal(progress.length, 7);
  t.equal(progress[6], 'SUCCEEDED:52428800');
  t.same(
    athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input),
    [
      { QueryExecutionId: ID, MaxResults: 1000 },
      { QueryExecutionId: ID, MaxResults: 1000, NextToken: 'token-2' },
    ],
  );
  t.same(r.columns, [
    { name: 'p_log_type', type: 'varchar' },
    { name: 'events', type: 'bigint' },
    { name: 'last_seen', type: 'timestamp' },
    { name: 'ips', type: 'array' },
    { name: 'ok', type: 'boolean' },
  ]);
  t.same(r.rows, [
    { p_log_type: 'AWS.CloudTrail', events: 12, last_seen: '2023-07-21T16:05:51.000Z', ips: ['203.0.113.10', '10.0.1.25'], ok: true },
    { p_log_type: 'AWS.VPCFlow', events: '9007199254740993', last_seen: null, ips: [], ok: false },
  ]);
  t.equal(r.truncated, false);
  t.equal(r.stats.bytesScanned, 52_428_800);
  t.equal(r.stats.executionId, ID);
});

t.test('maxRows stops reading pages and marks the result truncated', async (t) => {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
  athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
  athena.on(GetQueryResultsCommand).resolves(page([header, row('a', '1', undefined, '[]', 'true'), row('b', '2', undefined, '[]', 'true')], 'more'));
  const r = await engine().run('SELECT 1', { maxRows: 2 });
  t.same(r.rows.map((x) => x.p_log_type), ['a', 'b']);
  t.equal(r.truncated, true);
  t.equal(athena.commandCalls(GetQueryResultsCommand).length, 1);
  const one = await engine().run('SELECT 1', { maxRows: 1 });
  t.same(one.rows.map((x) => x.p_log_type), ['a']);
  t.equal(one.truncated, true);
});

t.test('other databases come from the prefix', async (t) => {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
  athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
  athena.on(GetQueryResultsCommand).resolves(page([header]));
  await engine([], { workgroup: 'acme-sec', databases: lakeDatabaseNames('acme-sec') }).run('SELECT 1');
  t.same(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.QueryExecutionContext, { Catalog: 'AwsDataCatalog', Database: 'acme_sec_logs' });
  t.equal(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.WorkGroup, 'acme-sec');
});

t.test('FAILED and CANCELLED become QueryErrors with the reason', async (t) => {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
  athena.on(GetQueryExecutionCommand).resolvesOnce(
    execution('FAILED', {
      StateChangeReason: "COLUMN_NOT_FOUND: line 1:8: Column 'nosuch' cannot be resolved or requester is not authorized to access requested resources",
      AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: "COLUMN_NOT_FOUND: line 1:8: Column 'nosuch' cannot be resolved" },
    }),
  );
  await t.rejects(engine().run('SELECT nosuch FROM aws_cloudtrail'), { name: 'QueryError', state: 'FAILED', message: /^COLUMN_NOT_FOUND: line 1:8: Column 'nosuch' cannot be resolved or requester/ });
  athena.on(GetQueryExecutionCommand).resolves(execution('CANCELLED', { StateChangeReason: 'Query cancelled by user' }));
  await t.rejects(engine().run('SELECT 1'), { state: 'CANCELLED', message: 'Query cancelled by user' });
  t.equal(athena.commandCalls(GetQueryResultsCommand).length, 0);
});

t.test('a request Athena refuses at start is a QueryError', async (t) => {
  const err = Object.assign(new Error('line 1:1: mismatched input \'SELEC\'. Expecting: \'ALTER\', ...'), { name: 'InvalidRequestException', $fault: 'client' });
  athena.on(StartQueryExecutionCommand).rejects(err);
  const e = await engine().run('SELEC 1').catch((x: unknown) => x);
  t.ok(e instanceof QueryError);
  t.match((e as Error).message, /mismatched input 'SELEC'/);
});

t.test('an abort stops the execution in Athena', async (t) => {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
  athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
  athena.on(StopQueryExecutionCommand).resolves({});
  const ac = new AbortController();
  let polls = 0;
  const e = engine([], {
    sleep: async () => {
      if (++polls === 2) ac.abort();
    },
  });
  await t.rejects(e.run('SELECT 1', { signal: ac.signal }), { name: 'QueryError', state: 'CANCELLED' });
  t.same(athena.commandCalls(StopQueryExecutionCommand).map((c) => c.args[0].input), [{ QueryExecutionId: ID }]);
  t.equal(athena.commandCalls(GetQueryExecutionCommand).length, 2);
});

t.test('tables() lists every lake database through Glue GetTables, page by page', async (t) => {
  glue.on(GetTablesCommand).resolves({ TableList: [] });
  glue.on(GetTablesCommand, { DatabaseName: 'panther_logs' }).resolvesOnce({
    TableList: [
      {
        Name: 'aws_cloudtrail',
        DatabaseName: 'panther_logs',
        Description: 'AWS API calls',
        StorageDescriptor: { Columns: [{ Name: 'eventname', Type: 'string' }, { Name: 'p_event_time', Type: 'timestamp' }] },
        PartitionKeys: [{ Name: 'year', Type: 'int' }],
        TableType: 'EXTERNAL_TABLE',
      },
    ],
    NextToken: 'p2',
  }).resolves({ TableList: [{ Name: 'unclassified', DatabaseName: 'panther_logs', StorageDescriptor: { Columns: [{ Name: 'raw', Type: 'string' }] } }] });
  glue.on(GetTablesCommand, { DatabaseName: 'panther_views' }).resolves({ TableList: [{ Name: 'all_logs', TableType: 'VIRTUAL_VIEW', StorageDescriptor: { Columns: [{ Name: 'p_log_type', Type: 'string' }] } }] });
  const tables = await engine().tables();
  t.same(tables, [
    { database: 'panther_logs', name: 'aws_cloudtrail', description: 'AWS API calls', columns: [{ name: 'eventname', type: 'string' }, { name: 'p_event_time', type: 'timestamp' }, { name: 'year', type: 'int' }] },
    { database: 'panther_logs', name: 'unclassified', columns: [{ name: 'raw', type: 'string' }] },
    { database: 'panther_views', name: 'all_logs', columns: [{ name: 'p_log_type', type: 'string' }] },
  ]);
  t.same(
    glue.commandCalls(GetTablesCommand).map((c) => c.args[0].input),
    [
      { DatabaseName: 'panther_logs' },
      { DatabaseName: 'panther_logs', NextToken: 'p2' },
      { DatabaseName: 'panther_rule_matches' },
      { DatabaseName: 'panther_rule_errors' },
      { DatabaseName: 'panther_views' },
    ],
  );
});

t.test('value mapping from Athena text', async (t) => {
  t.equal(athenaValue('2023-07-19 21:44:40.123', 'timestamp'), '2023-07-19T21:44:40.123Z');
  t.equal(athenaValue('42', 'integer'), 42);
  t.equal(athenaValue('1.5', 'double'), 1.5);
  t.same(athenaValue('{"a":[1]}', 'json'), { a: [1] });
  t.equal(athenaValue('{a=1}', 'map'), '{a=1}', 'maps and rows stay as Athena prints them');
  t.equal(athenaValue(undefined, 'varchar'), null);
});

t.test('macros: Athena receives the expanded SQL; a malformed call fails before any query starts', async (t) => {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
  athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
  athena.on(GetQueryResultsCommand).resolves(page([header]));
  await engine().run("SELECT count(*) FROM aws_cloudtrail WHERE p_occurs_between('2024-03-04 10:00:00', '2024-03-04 12:00:00')");
  t.equal(
    athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.QueryString,
    'SELECT count(*) FROM aws_cloudtrail WHERE (year >= 2024 AND year <= 2024 AND month >= 3 AND month <= 3 AND day >= 4 AND day <= 4 AND hour >= 10 AND hour <= 12 AND (year * 1000000 + month * 10000 + day * 100 + hour) >= 2024030410 AND ' +
      "(year * 1000000 + month * 10000 + day * 100 + hour) <= 2024030412 AND p_event_time >= TIMESTAMP '2024-03-04 10:00:00.000' AND p_event_time <= TIMESTAMP '2024-03-04 12:00:00.000')",
  );
  athena.reset();
  await t.rejects(engine().run("SELECT 1 WHERE p_occurs_around('2024-03-04')"), { name: 'QueryError', message: /^p_occurs_around: expected 2 or 3 arguments, got 1/ });
  t.equal(athena.commandCalls(StartQueryExecutionCommand).length, 0);
});
