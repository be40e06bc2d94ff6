import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentCollection } from '../../adapters/document-store.js';
import { DirDocumentStore } from '../../adapters/local/dir-document-store.js';
import { logTypeSet } from '../../parsers/registry.js';
import { processFiles } from '../../processing/process-files.js';
import { addStats, emptyStats, eventTimeIso, processObject } from '../../processing/process-object.js';
import { objectCounts, recordProcessed, STATS_COLLECTION, type SourceStats } from '../../processing/source-stats.js';
import { sourceHealth } from '../../api/services/sources-health.js';
import { chunks, lakeRows, tempLake } from '../helpers/lake.js';

const CLOUDTRAIL_SAMPLE = new URL('../../parsers/aws/samples/AWS.CloudTrail.jsonl', import.meta.url).pathname;
const logTypes = logTypeSet().resolve(['AWS.CloudTrail']);
const trailLine = (eventTime: string, eventName = 'GetCallerIdentity') =>
  JSON.stringify({
    eventVersion: '1.08',
    userIdentity: { type: 'IAMUser', accountId: '123456789012', userName: 'alice' },
    eventTime,
    eventSource: 'sts.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    eventID: `id-${eventTime}`,
    eventType: 'AwsApiCall',
    recipientAccountId: '123456789012',
  });
const base = { logTypes, source: { sourceId: 'src', sourceLabel: 'src' }, objectKey: 'k', objectId: '0123456789abcdef', objectTime: new Date('2024-05-06T07:00:00Z') };

t.test('ProcessStats carries the newest p_event_time of the classified events, as ISO 8601', async (t) => {
  const input = [trailLine('2024-05-06T01:59:59.5Z'), trailLine('2024-05-06T09:00:00.123456Z'), trailLine('2024-05-05T23:00:00Z'), 'junk line'].join('\n');
  const stats = await processObject(chunks(input), { ...base, lake: tempLake() });
  t.equal(stats.unclassified, 1);
  t.equal(stats.lastEventTime, '2024-05-06T09:00:00.123Z', 'the newest, not the last, and cut to milliseconds');
  const junkOnly = await processObject(chunks('junk\nmore junk\n'), { ...base, lake: tempLake() });
  t.equal(junkOnly.lastEventTime, undefined, 'unclassified lines have no event time');
  t.same(objectCounts(stats, new Date('2024-05-06T10:00:00Z')), { processedAt: new Date('2024-05-06T10:00:00Z'), events: 3, unclassified: 1, lastEventTime: '2024-05-06T09:00:00.123Z' });
  t.equal(eventTimeIso('2023-07-21 16:05:51.000000000'), '2023-07-21T16:05:51.000Z');

  const sum = emptyStats();
  addStats(sum, junkOnly);
  t.equal(sum.lastEventTime, undefined);
  addStats(sum, stats);
  addStats(sum, { ...emptyStats(), lastEventTime: '2024-01-01T00:00:00.000Z' });
  t.equal(sum.lastEventTime, '2024-05-06T09:00:00.123Z', 'totals keep the newest');
});

t.test('processFiles records each file into the source statistics', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'panther-stats-'));
  const extra = join(dir, 'mixed.log');
  // An older event and two lines no parser accepts.
  writeFileSync(extra, [trailLine('2023-07-20T10:00:00Z'), 'not a log line', '{"half": '].join('\n'));
  const collection = new DirDocumentStore(join(dir, 'documents')).collection<SourceStats>(STATS_COLLECTION);
  const lake = tempLake();
  const now = new Date('2026-03-02T12:34:56Z');
  const totals = await processFiles([CLOUDTRAIL_SAMPLE, extra], { lake, logTypes, source: { sourceId: 'trail-1', sourceLabel: 'trail' }, sourceStats: collection, now: () => now });
  t.same(totals.warnings, []);
  t.same(totals.classified, { 'AWS.CloudTrail': 6 });
  t.equal(totals.lastEventTime, '2023-07-21T16:05:51.000Z');
  const doc = await collection.get('trail-1');
  t.same(doc?.value, {
    lastObjectTime: '2026-03-02T12:34:56.000Z',
    lastEventTime: '2023-07-21T16:05:51.000Z',
    hours: { '2026-03-02T12': { objects: 2, events: 6, unclassified: 2 } },
  });
  t.equal(doc?.version, 2, 'one write per file');
  t.match(sourceHealth(doc!.value, new Date('2026-03-02T13:00:00Z')), { healthy: true, objects24h: 2, unclassified24h: 2, lastEventTime: '2023-07-21T16:05:51.000Z' });

  // A later run adds to the same hour and keeps the newest event time.
  await processFiles([extra], { lake, logTypes, source: { sourceId: 'trail-1', sourceLabel: 'trail' }, sourceStats: collection, now: () => new Date('2026-03-02T12:50:00Z') });
  t.same((await collection.get('trail-1'))?.value, {
    lastObjectTime: '2026-03-02T12:50:00.000Z',
    lastEventTime: '2023-07-21T16:05:51.000Z',
    hours: { '2026-03-02T12': { objects: 3, events: 7, unclassified: 4 } },
  });
});

t.test('a statistics store that fails is a warning: the objects are in the lake all the same', async (t) => {
  const failing: DocumentCollection<SourceStats> = {
    get: async () => undefined,
    put: async () => {
      throw new Error('disk full');
    },
    delete: async () => false,
    list: async () => [],
  };
  const lake = tempLake();
  const totals = await processFiles([CLOUDTRAIL_SAMPLE], { lake, logTypes, source: { sourceId: 'trail-1', sourceLabel: 'trail' }, sourceStats: failing });
  t.same(totals.warnings, ['statistics of source "trail-1" not recorded: disk full']);
  t.equal((await lakeRows(lake, 'logs/aws_cloudtrail/')).length, 5);
  t.equal(await recordProcessed(failing, 'x', totals, new Date()), 'statistics of source "x" not recorded: disk full');
  const invalidId = new DirDocumentStore(mkdtempSync(join(tmpdir(), 'panther-stats-'))).collection<SourceStats>(STATS_COLLECTION);
  t.match(await recordProcessed(invalidId, '../escape', totals, new Date()), /^statistics of source "\.\.\/escape" not recorded: invalid document id/);
});

t.test('`panther process` and `panther local` record into <lake>/state/documents', async (t) => {
  const { panther } = await import('../helpers/cli.js');
  const { sampleFiles } = await import('../../parsers/samples.js');
  const lakeDir = mkdtempSync(join(tmpdir(), 'panther-lake-'));
  const r = panther(['process', '--quiet', '--no-detections', '--json', '--lake', lakeDir, '--source-id', 'trail-cli', '--log-types', 'AWS.CloudTrail', CLOUDTRAIL_SAMPLE]);
  t.equal(r.status, 0, r.stderr);
  const documents = new DirDocumentStore(join(lakeDir, 'state', 'documents'));
  const trail = await documents.collection<SourceStats>(STATS_COLLECTION).get('trail-cli');
  t.equal(trail?.value.lastEventTime, '2023-07-21T16:05:51.000Z');
  t.same(Object.values(trail?.value.hours ?? {}), [{ objects: 1, events: 5, unclassified: 0 }]);

  const l = panther(['local', '--quiet', '--no-detections', '--no-scan', '--no-serve', '--lake', lakeDir]);
  t.equal(l.status, 0, l.stderr);
  const samples = await documents.collection<SourceStats>(STATS_COLLECTION).get('local-samples');
  const counts = Object.values(samples?.value.hours ?? {}).reduce((a, h) => ({ objects: a.objects + h.objects, unclassified: a.unclassified + h.unclassified }), { objects: 0, unclassified: 0 });
  t.same(counts, { objects: sampleFiles().length, unclassified: 0 }, 'one object per sample file, every line classified');
  t.match(samples?.value.lastEventTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
});
