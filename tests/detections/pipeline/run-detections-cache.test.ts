// runDetections with a CacheStore: Python's panther_detection_helpers.caching and TypeScript's
// rule-cache.ts keep their state in the store, across runs (processes) and runtimes.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedAlertStore } from '../../../detections/alerting/embedded-store.js';
import { loadAnalysisDir } from '../../../detections/analysis/load.js';
import { EmbeddedCacheStore } from '../../../detections/caching/embedded-cache.js';
import { getCounter } from '../../../detections/caching/rule-cache.js';
import { TsWorkerPool } from '../../../detections/engine/ts-worker-pool.js';
import { runDetections } from '../../../detections/pipeline/run-detections.js';
import { lakeRows, tempLake } from '../../helpers/lake.js';
import { cloudTrailLine as ct, ingestCloudTrail as ingest } from '../../helpers/cloudtrail.js';

const ruleCacheUrl = new URL('../../../detections/caching/rule-cache.js', import.meta.url).href;

function rulesDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'panther-cache-rules-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  // Python: the third DescribeInstances by a user matches, counted across runs.
  writeFileSync(join(dir, 'py_count.yml'), 'AnalysisType: rule\nFilename: py_count.py\nRuleID: Py.Count\nEnabled: true\nSeverity: Low\nLogTypes: [AWS.CloudTrail]\n');
  writeFileSync(
    join(dir, 'py_count.py'),
    [
      'from panther_detection_helpers.caching import increment_counter',
      '',
      'def rule(event):',
      "    if event.get('eventName') != 'DescribeInstances':",
      '        return False',
      "    return increment_counter('py:' + event.deep_get('userIdentity', 'userName')) >= 3",
      '',
    ].join('\n'),
  );
  // TypeScript: the same with rule-cache.ts.
  writeFileSync(join(dir, 'ts_count.yml'), 'AnalysisType: rule\nFilename: ts_count.ts\nRuleID: TS.Count\nEnabled: true\nSeverity: Low\nLogTypes: [AWS.CloudTrail]\n');
  writeFileSync(
    join(dir, 'ts_count.ts'),
    [
      `import { incrementCounter, addToStringSet } from ${JSON.stringify(ruleCacheUrl)};`,
      'export async function rule(e: { get(k: string): unknown; deep_get(...k: string[]): unknown }): Promise<boolean> {',
      "  if (e.get('eventName') !== 'DescribeInstances') return false;",
      "  await addToStringSet('ts-ips', String(e.get('sourceIPAddress')));",
      "  return (await incrementCounter('ts:' + String(e.deep_get('userIdentity', 'userName')))) >= 3;",
      '}',
      '',
    ].join('\n'),
  );
  return dir;
}

const describe = (): string => ct('DescribeInstances');

t.test('Python and TypeScript rules count across two runs in a persisted store', async (t) => {
  const lake = tempLake();
  const cacheDir = mkdtempSync(join(tmpdir(), 'panther-cache-'));
  const items = (await loadAnalysisDir(rulesDir())).items;
  const alertStore = new EmbeddedAlertStore();
  const s1 = await runDetections({
    lake,
    keys: await ingest(lake, 'c1', [describe(), describe()]),
    detections: items,
    alertStore,
    now: new Date('2024-03-04T12:00:00Z'),
    cache: new EmbeddedCacheStore({ dir: cacheDir }),
  });
  t.same(s1.errors, {});
  t.same(s1.matches, {}, 'two of three: no match yet');
  const between = new EmbeddedCacheStore({ dir: cacheDir });
  t.equal(await between.getCounter('py:alice'), 2, "Python's counter is in the store's file");
  t.equal(await between.getCounter('ts:alice'), 2, "TypeScript's too");
  t.same(await between.getStringSet('ts-ips'), ['203.0.113.10']);
  t.equal(await getCounter('ts:alice'), 0, 'after the run the process default (in memory) is back');

  // Another process: a new store object on the same directory.
  const s2 = await runDetections({
    lake,
    keys: await ingest(lake, 'c2', [describe()]),
    detections: items,
    alertStore,
    now: new Date('2024-03-04T12:01:00Z'),
    cache: new EmbeddedCacheStore({ dir: cacheDir }),
  });
  t.same(s2.matches, { 'Py.Count': 1, 'TS.Count': 1 }, 'the third event matches in both runtimes');
  const rows = await lakeRows(lake, 'rules/');
  t.same(rows.map((r) => r.p_rule_id).sort(), ['Py.Count', 'TS.Count']);
});

t.test('the worker pool: TypeScript rules in workers reach the run\'s store', async (t) => {
  const lake = tempLake();
  const items = (await loadAnalysisDir(rulesDir())).items.filter((i) => i.id === 'TS.Count');
  const cache = new EmbeddedCacheStore();
  const pool = new TsWorkerPool({ size: 2 });
  t.teardown(() => pool.close());
  const stats = await runDetections({
    lake,
    keys: await ingest(lake, 'p1', [describe(), describe(), describe(), describe()]),
    detections: items,
    alertStore: new EmbeddedAlertStore(),
    now: new Date('2024-03-04T12:00:00Z'),
    cache,
    pool,
  });
  t.same(stats.errors, {});
  t.same(stats.matches, { 'TS.Count': 2 }, 'the third and fourth events match');
  t.equal(await cache.getCounter('ts:alice'), 4, 'the workers counted into the main thread\'s store');
  t.same(await cache.getStringSet('ts-ips'), ['203.0.113.10']);
});
