// The scheduled-rules function: a tick runs the due queries through the Athena engine (the SDK
// client mocked with the API's documented response shapes), feeds the rows to the scheduled
// rules, queues opened alerts for delivery and logs failed queries with their reason.
import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, StopQueryExecutionCommand } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { DirDocumentStore } from '../../../adapters/local/dir-document-store.js';
import { DirObjectStore } from '../../../adapters/local/dir-object-store.js';
import { EmbeddedAlertStore } from '../../../detections/alerting/embedded-store.js';
import { loadAnalysisDir } from '../../../detections/analysis/load.js';
import { RunStateStore } from '../../../detections/scheduled/state.js';
import { depsFromEnv, type ScheduledDeps } from '../../../functions/scheduled-rules/config.js';
import { runTick, SAFETY_MARGIN_MS, type TickLogger } from '../../../functions/scheduled-rules/tick.js';
import { AthenaQueryEngine } from '../../../query/athena-engine.js';
import { lakeRows } from '../../helpers/lake.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/detections', import.meta.url));

function athenaMock() {
  const athena = mockClient(AthenaClient);
  athena.on(StartQueryExecutionCommand).callsFake((input: { QueryString: string }) => {
    if (input.QueryString.includes('nope')) throw Object.assign(new Error("line 1:8: Column 'nope' cannot be resolved"), { name: 'InvalidRequestException' });
    return { QueryExecutionId: 'exec-1' };
  });
  athena.on(GetQueryExecutionCommand).resolves({
    QueryExecution: { QueryExecutionId: 'exec-1', StatementType: 'DML', Status: { State: 'SUCCEEDED' }, Statistics: { DataScannedInBytes: 2048 } },
  });
  athena.on(GetQueryResultsCommand).resolves({
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: [{ Name: 'account', Type: 'varchar' }, { Name: 'logins', Type: 'bigint' }] },
      Rows: [{ Data: [{ VarCharValue: 'account' }, { VarCharValue: 'logins' }] }, { Data: [{ VarCharValue: '111122223333' }, { VarCharValue: '3' }] }, { Data: [{ VarCharValue: '444455556666' }, { VarCharValue: '0' }] }],
    },
  });
  athena.on(StopQueryExecutionCommand).resolves({});
  return athena;
}

function logger() {
  const lines: Array<{ level: string; message: string; extra: Record<string, unknown> }> = [];
  const log: TickLogger = {
    info: (message: unknown, ...extra: unknown[]) => void lines.push({ level: 'info', message: String(message), extra: (extra[0] ?? {}) as Record<string, unknown> }),
    error: (message: unknown, ...extra: unknown[]) => void lines.push({ level: 'error', message: String(message), extra: (extra[0] ?? {}) as Record<string, unknown> }),
  };
  return { log, lines };
}

async function deps(now: () => Date) {
  const dir = mkdtempSync(join(tmpdir(), 'scheduled-fn-'));
  const athena = athenaMock();
  const enqueued: string[][] = [];
  const loaded = await loadAnalysisDir(FIXTURES);
  if (loaded.errors.length > 0) throw new Error(loaded.errors.map((e) => e.text).join('\n'));
  const lake = new DirObjectStore(join(dir, 'lake'));
  const alertStore = new EmbeddedAlertStore({ dir: join(dir, 'state') });
  const d: ScheduledDeps = {
    engine: new AthenaQueryEngine({ athena: new AthenaClient({ region: 'eu-west-1' }), glue: new GlueClient({ region: 'eu-west-1' }), workgroup: 'acme', sleep: async () => undefined }),
    lake,
    alertStore,
    runs: new RunStateStore(new DirDocumentStore(join(dir, 'state'))),
    detections: async () => ({ items: loaded.items, errors: [], skipped: [] }),
    enqueue: async (ids) => void enqueued.push([...ids]),
    now,
  };
  return { d, athena, enqueued, lake, alertStore };
}

t.test('a tick: Athena runs the due query in the workgroup, rows open alerts that are queued, failures are logged', async (t) => {
  const { d, athena, enqueued, lake, alertStore } = await deps(() => new Date('2024-03-04T12:00:30Z'));
  t.teardown(() => athena.restore());
  const { log, lines } = logger();
  const report = await runTick(d, log, 120_000);

  const starts = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input);
  t.same(starts.map((s) => [s.WorkGroup, s.QueryExecutionContext]), [
    ['acme', { Catalog: 'AwsDataCatalog', Database: 'panther_logs' }],
    ['acme', { Catalog: 'AwsDataCatalog', Database: 'panther_logs' }],
  ]);
  t.same(starts.map((s) => s.QueryString), ['SELECT nope FROM panther_logs.aws_cloudtrail', "SELECT recipientaccountid AS account, count(*) AS logins FROM panther_logs.aws_cloudtrail WHERE useridentity.type = 'Root' GROUP BY recipientaccountid"]);

  t.same(report.queries.map((q) => [q.queryName, q.status, q.rows, q.matches, q.bytesScanned ?? null]), [
    ['Broken Query', 'failed', 0, 0, null],
    ['Root Logins By Account', 'succeeded', 2, 1, 2048],
  ]);
  const alerts = await alertStore.list();
  t.same(alerts.map((a) => [a.type, a.ruleId, a.title, a.severity, a.dedup]), [['SCHEDULED_RULE', 'Test.RootLogins', 'root logins in account 111122223333', 'CRITICAL', '111122223333']]);
  t.same(enqueued, [[alerts[0]?.alertId]], 'the opened alert is queued for delivery');
  const rows = await lakeRows(lake, 'rules/scheduled/');
  t.match(rows, [{ account: '111122223333', logins: 3, p_rule_id: 'Test.RootLogins', p_alert_id: alerts[0]?.alertId }]);

  const failed = lines.find((l) => l.level === 'error' && l.message === 'scheduled query failed');
  t.equal(failed?.extra.queryName, 'Broken Query');
  t.match(failed?.extra.error, /Column 'nope' cannot be resolved/);
  t.match(lines.find((l) => l.message === 'scheduled query succeeded')?.extra, { queryName: 'Root Logins By Account', rows: 2, matches: 1, alertsOpened: 1, bytesScanned: 2048 });

  // A minute later: the rate (15 min) is not due, the cron (every 5 min) neither: no Athena call.
  athena.resetHistory();
  const again = await runTick({ ...d, now: () => new Date('2024-03-04T12:01:30Z') }, log, 120_000);
  t.same(again.queries, []);
  t.equal(athena.commandCalls(StartQueryExecutionCommand).length, 0);
  t.same(enqueued.length, 1, 'nothing more queued');
});

t.test('the query budget never outlives the invocation', async (t) => {
  const { d, athena } = await deps(() => new Date('2024-03-04T12:00:30Z'));
  t.teardown(() => athena.restore());
  // Athena keeps the query RUNNING: only the invocation's remaining time stops it.
  athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { QueryExecutionId: 'exec-1', StatementType: 'DML', Status: { State: 'RUNNING' } } });
  const slowSleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, Math.min(ms, 20));
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  const engine = new AthenaQueryEngine({ athena: new AthenaClient({ region: 'eu-west-1' }), glue: new GlueClient({ region: 'eu-west-1' }), workgroup: 'acme', sleep: slowSleep });
  const { log } = logger();
  // 1.5 s left besides the margin: the first query fails at once, the second gets what is left (about 1 s)
  // and is then stopped in Athena.
  const report = await runTick({ ...d, engine }, log, SAFETY_MARGIN_MS + 1500);
  const root = report.queries.find((q) => q.queryName === 'Root Logins By Account');
  t.equal(root?.status, 'failed');
  t.match(root?.error, /^timed out after 1 s \(TimeoutMinutes 2\)/);
  t.ok(athena.commandCalls(StopQueryExecutionCommand).length >= 1, 'StopQueryExecution sent');

  // Under a second left: nothing starts, nothing is claimed; the next tick runs them.
  const { d: fresh, athena: a2 } = await deps(() => new Date('2024-03-04T12:00:30Z'));
  t.teardown(() => a2.restore());
  const none = await runTick(fresh, log, SAFETY_MARGIN_MS + 100);
  t.same(none.queries.map((q) => [q.queryName, q.status, q.error]), [
    ['Broken Query', 'skipped', 'no time left in this invocation: left for the next tick'],
    ['Root Logins By Account', 'skipped', 'no time left in this invocation: left for the next tick'],
  ]);
  t.same([...(await fresh.runs.load()).keys()], [], 'no run claimed');
});

t.test('depsFromEnv: every setting is required, and the engine is Athena in the configured workgroup', async (t) => {
  const env = {
    LAKE_BUCKET: 'acme-lake',
    ALERTS_TABLE: 'acme-alerts',
    DOCUMENTS_TABLE: 'acme-documents',
    ALERT_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111122223333/acme-alert-delivery',
    ATHENA_WORKGROUP: 'acme',
    DATABASE_PREFIX: 'acme',
    PACK_DIR: FIXTURES,
    WORK_DIR: mkdtempSync(join(tmpdir(), 'scheduled-work-')),
  };
  const d = depsFromEnv(env, undefined, false);
  t.equal(d.engine.kind, 'athena');
  for (const key of ['LAKE_BUCKET', 'ALERTS_TABLE', 'DOCUMENTS_TABLE', 'ALERT_QUEUE_URL', 'ATHENA_WORKGROUP', 'PACK_DIR'] as const) {
    t.throws(() => depsFromEnv({ ...env, [key]: '' }, undefined, false), new RegExp(`${key} is not set`), key);
  }
  t.throws(() => depsFromEnv({ ...env, RULE_TIME_LIMIT_MS: 'soon' }, undefined, false), /RULE_TIME_LIMIT_MS must be a positive integer/);
});
