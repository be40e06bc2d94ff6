// The local pipeline sends the alerts it opens to the destinations configured in the lake's
// document store (state/documents/destinations/), with a real HTTP server as the destination.
import t from 'tap';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DirDocumentStore } from '../../../adapters/local/dir-document-store.js';
import type { DirObjectStore } from '../../../adapters/local/dir-object-store.js';
import { DestinationConfig } from '../../../detections/delivery/config.js';
import { DocumentDestinationStore } from '../../../detections/delivery/stores/document-destination-store.js';
import { detectionJson, detectionSummary, documentsDir, runLocalDetections } from '../../../detections/pipeline/local.js';
import { ingestCloudTrail, rootLogin } from '../../helpers/cloudtrail.js';
import { tempLake } from '../../helpers/lake.js';
import { fastRetry, startServer } from '../delivery/fixtures/helpers.js';

const ingest = (lake: DirObjectStore): Promise<string[]> => ingestCloudTrail(lake, 'root', [rootLogin]);

const now = new Date('2024-03-04T12:00:00Z');

t.test('no destinations configured: nothing is sent and the summary says so', async (t) => {
  const lake = tempLake();
  const keys = await ingest(lake);
  const d = await runLocalDetections({ lake, lakeDir: lake.root, keys, now });
  t.ok(d.alertsOpened >= 1, 'the root login opens an alert');
  t.equal(d.delivery.configured, 0);
  t.equal(d.delivery.delivered, 0);
  t.same(d.delivery.unrouted.sort(), [...d.openedAlertIds].sort());
  t.match(detectionSummary(d), new RegExp(`Delivery: no destinations configured; ${d.alertsOpened} alert\\(s\\) not sent\\.\\n$`));
});

t.test('opened alerts reach the destinations routed by severity; a failing one is reported, secrets redacted', async (t) => {
  const good = await startServer();
  const bad = await startServer(() => ({ status: 500, body: 'down' }));
  t.teardown(async () => {
    await good.close();
    await bad.close();
  });
  const lake = tempLake();
  const store = new DocumentDestinationStore(new DirDocumentStore(documentsDir(lake.root)));
  await store.put(DestinationConfig.parse({ id: 'hook', name: 'SOC hook', type: 'webhook', defaultForSeverity: ['HIGH', 'CRITICAL'], secrets: { url: `${good.url}/in/tok-GOODSECRET`, headers: { Authorization: 'Bearer AUTHSECRET' } } }));
  await store.put(DestinationConfig.parse({ id: 'down', name: 'Down hook', type: 'webhook', defaultForSeverity: ['HIGH'], secrets: { url: `${bad.url}/in/tok-BADSECRET` } }));
  await store.put(DestinationConfig.parse({ id: 'low', name: 'Low only', type: 'webhook', defaultForSeverity: ['LOW'], secrets: { url: `${good.url}/low` } }));
  // The local document store keeps destinations (secrets included) owner-only.
  t.equal(statSync(join(documentsDir(lake.root), 'destinations', 'hook.json')).mode & 0o777, 0o600);

  const keys = await ingest(lake);
  const d = await runLocalDetections({ lake, lakeDir: lake.root, keys, now, delivery: { retry: fastRetry([], { maxAttempts: 2 }), consoleUrl: 'https://console.example.test' } });
  const root = d.delivery.alerts.find((a) => a.ruleId === 'AWS.CloudTrail.RootAccountUsed');
  t.ok(root, 'the root alert was dispatched');
  t.same(
    root?.results.map((r) => [r.destinationId, r.ok, r.attempts, r.status]).sort(),
    [
      ['down', false, 2, 500],
      ['hook', true, 1, 200],
    ],
  );
  const received = good.received.filter((r) => r.path === '/in/tok-GOODSECRET');
  const forRoot = received.map((r) => JSON.parse(r.body) as Record<string, unknown>).find((b) => b.ruleId === 'AWS.CloudTrail.RootAccountUsed');
  t.match(forRoot, { alertId: root?.alertId, severity: 'HIGH', link: `https://console.example.test/alerts/${root?.alertId}`, test: false });
  t.equal(received[0]?.method, 'POST');
  t.equal(received[0]?.headers.authorization, 'Bearer AUTHSECRET');
  t.notOk(good.received.some((r) => r.path === '/low'), 'the LOW-only destination got nothing');
  t.equal(bad.received.length, 2 * d.delivery.alerts.filter((a) => a.severity === 'HIGH').length, 'two attempts per HIGH alert at the failing destination');

  const text = detectionSummary(d);
  t.match(text, `${root?.alertId} -> SOC hook (webhook): sent`);
  t.match(text, `${root?.alertId} -> Down hook (webhook): FAILED after 2 attempt(s): HTTP 500: down`);
  const json = JSON.stringify(detectionJson(d));
  t.notMatch(text + json, /GOODSECRET|BADSECRET|AUTHSECRET/);
  t.match(detectionJson(d), { delivery: { configured: 3, delivered: d.delivery.delivered, failed: d.delivery.failed } });
});

t.test('an invalid destination file is skipped and reported as a load error, without its values', async (t) => {
  const lake = tempLake();
  await new DirDocumentStore(documentsDir(lake.root)).collection('destinations').put('broken', { id: 'broken', name: 'Broken', type: 'slack', secrets: { webhookUrl: 'nope-SLACKSECRET' } });
  const keys = await ingest(lake);
  const d = await runLocalDetections({ lake, lakeDir: lake.root, keys, now });
  t.equal(d.delivery.configured, 0);
  const err = d.loadErrors.find((e) => e.startsWith('destination broken:'));
  t.match(err, /secrets\.webhookUrl/);
  t.notMatch(err, /SLACKSECRET/);
});
