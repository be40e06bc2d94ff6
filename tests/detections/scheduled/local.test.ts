// Local scheduled rules deliver the alerts they open like streaming rules do: to the destinations
// of the lake's document store, here a real HTTP server on loopback.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirDocumentStore } from '../../../adapters/local/dir-document-store.js';
import { DirObjectStore } from '../../../adapters/local/dir-object-store.js';
import { DestinationConfig } from '../../../detections/delivery/config.js';
import { DocumentDestinationStore } from '../../../detections/delivery/stores/document-destination-store.js';
import { documentsDir } from '../../../detections/pipeline/local.js';
import { localRunState, runLocalScheduledRules, scheduledSummary } from '../../../detections/scheduled/local.js';
import { CloudTrail } from '../../../parsers/aws/cloudtrail.js';
import { processFiles } from '../../../processing/process-files.js';
import { startServer } from '../delivery/fixtures/helpers.js';

const SAMPLES = new URL('../../../parsers/aws/samples/AWS.CloudTrail.jsonl', import.meta.url).pathname;

t.test('a scheduled rule alert reaches the webhook routed by its severity; the run state is in the document store', async (t) => {
  const server = await startServer();
  t.teardown(() => server.close());
  const lakeDir = mkdtempSync(join(tmpdir(), 'scheduled-local-'));
  await processFiles([SAMPLES], { lake: new DirObjectStore(lakeDir), logTypes: [CloudTrail], source: { sourceId: 'samples', sourceLabel: 'samples' } });
  const dir = mkdtempSync(join(tmpdir(), 'scheduled-local-detections-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'q.yml'), "AnalysisType: scheduled_query\nQueryName: Failures\nEnabled: true\nQuery: SELECT sourceipaddress AS ip, count(*) AS n FROM panther_logs.aws_cloudtrail WHERE errormessage = 'Failed authentication' GROUP BY sourceipaddress\nSchedule:\n  RateMinutes: 30\n  TimeoutMinutes: 1\n");
  writeFileSync(join(dir, 'r.yml'), 'AnalysisType: scheduled_rule\nFilename: r.ts\nRuleID: Local.Failures\nEnabled: true\nSeverity: High\nScheduledQueries: [Failures]\n');
  writeFileSync(join(dir, 'r.ts'), "export const rule = (e: { get(k: string): unknown }): boolean => Number(e.get('n')) > 0;\nexport const title = (e: { get(k: string): unknown }): string => `failed logins from ${String(e.get('ip'))}`;\n");
  const store = new DocumentDestinationStore(new DirDocumentStore(documentsDir(lakeDir)));
  await store.put(DestinationConfig.parse({ id: 'hook', name: 'SOC hook', type: 'webhook', defaultForSeverity: ['HIGH'], secrets: { url: `${server.url}/in/tok-SECRET` } }));

  const r = await runLocalScheduledRules({ lakeDir, detectionsDir: dir, now: new Date('2024-03-04T12:00:00Z'), delivery: { consoleUrl: 'https://console.example.test' } });
  t.same(r.loadErrors, []);
  t.equal(r.alertsOpened, 1);
  t.same(r.delivery.alerts.map((a) => [a.ruleId, a.results.map((x) => [x.destinationId, x.ok])]), [['Local.Failures', [['hook', true]]]]);
  const body = JSON.parse(server.received.find((x) => x.path === '/in/tok-SECRET')?.body ?? '{}') as Record<string, unknown>;
  t.match(body, { ruleId: 'Local.Failures', severity: 'HIGH', title: 'failed logins from 203.0.113.77', link: `https://console.example.test/alerts/${r.openedAlertIds[0]}` });
  t.match(scheduledSummary(r), '  delivery: 1 sent, 0 failed\n');
  t.notMatch(scheduledSummary(r) + JSON.stringify(r), /tok-SECRET/);
  t.match((await localRunState(lakeDir).load()).get('Failures'), { lastStatus: 'succeeded', lastRows: 1, lastRun: '2024-03-04T12:00:00.000Z' });
});
