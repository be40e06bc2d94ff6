// Local scheduled runs load detections as streaming runs do (loadLocalAnalysis): a scheduled query
// and rule saved in the lake (<lake>/detections/, where the console and `panther analysis upload`
// write) run, and the console's enable/disable overrides switch scheduled rules and queries off.
import t from 'tap';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirDocumentStore } from '../../../adapters/local/dir-document-store.js';
import { DirObjectStore } from '../../../adapters/local/dir-object-store.js';
import { overrideKey } from '../../../api/services/detections-repo.js';
import { DETECTION_OVERRIDES_COLLECTION } from '../../../detections/analysis/overrides.js';
import { documentsDir, userDetectionsDir } from '../../../detections/pipeline/local.js';
import { runLocalScheduledRules } from '../../../detections/scheduled/local.js';
import { CloudTrail } from '../../../parsers/aws/cloudtrail.js';
import { processFiles } from '../../../processing/process-files.js';

const SAMPLES = new URL('../../../parsers/aws/samples/AWS.CloudTrail.jsonl', import.meta.url).pathname;
const BUILTIN_QUERY = 'AWS Console Login Failures By Source IP';

t.test('a scheduled query and rule saved in the lake run locally; console overrides disable scheduled rules and queries', async (t) => {
  const lakeDir = mkdtempSync(join(tmpdir(), 'scheduled-load-'));
  await processFiles([SAMPLES], { lake: new DirObjectStore(lakeDir), logTypes: [CloudTrail], source: { sourceId: 'samples', sourceLabel: 'samples' } });
  const saved = join(userDetectionsDir(lakeDir), 'failures');
  mkdirSync(saved, { recursive: true });
  writeFileSync(join(saved, 'q.yml'), "AnalysisType: scheduled_query\nQueryName: Failures\nEnabled: true\nQuery: SELECT sourceipaddress AS ip, count(*) AS n FROM panther_logs.aws_cloudtrail WHERE errormessage = 'Failed authentication' GROUP BY sourceipaddress\nSchedule:\n  RateMinutes: 30\n  TimeoutMinutes: 1\n");
  writeFileSync(join(saved, 'r.yml'), 'AnalysisType: scheduled_rule\nFilename: r.ts\nRuleID: Console.Failures\nEnabled: true\nSeverity: High\nScheduledQueries: [Failures]\n');
  writeFileSync(join(saved, 'r.ts'), "export const rule = (e: { get(k: string): unknown }): boolean => Number(e.get('n')) > 0;\n");

  const first = await runLocalScheduledRules({ lakeDir, all: true, now: new Date('2024-03-04T12:00:00Z') });
  t.same(first.loadErrors, []);
  t.same(first.queries.find((q) => q.queryName === 'Failures')?.rules, ['Console.Failures'], 'the lake rule is fed by the lake query');
  t.equal(first.matches['Console.Failures'], 1);
  t.ok(first.queries.some((q) => q.queryName === BUILTIN_QUERY), 'the built-in scheduled query runs while enabled');

  const overrides = new DirDocumentStore(documentsDir(lakeDir)).collection(DETECTION_OVERRIDES_COLLECTION);
  await overrides.put(overrideKey('Console.Failures'), { id: 'Console.Failures', enabled: false });
  await overrides.put(overrideKey(BUILTIN_QUERY), { id: BUILTIN_QUERY, enabled: false });
  const second = await runLocalScheduledRules({ lakeDir, all: true, now: new Date('2024-03-04T13:00:00Z') });
  t.same(second.loadErrors, []);
  t.same(second.queries.map((q) => q.queryName), [], 'neither query runs: one is disabled, the other has no enabled rule left');
  t.same(second.unused, ['Failures']);
  t.equal(second.matches['Console.Failures'], undefined);
  t.equal(second.alertsOpened, 0);
  t.equal(second.scheduledRules, first.scheduledRules - 1);
  t.equal(second.scheduledQueries, first.scheduledQueries - 1);
});
