// dispatchOpenedAlerts: routing per alert, a real local server as the destination, summaries.
import t from 'tap';
import { DestinationConfig } from '../../../detections/delivery/config.js';
import { alertsById, dispatchJson, dispatchOpenedAlerts, dispatchSummaryText } from '../../../detections/delivery/dispatch.js';
import { EmbeddedAlertStore } from '../../../detections/alerting/embedded-store.js';
import { CONSOLE, fastRetry, sampleAlert, startServer } from './fixtures/helpers.js';

t.test('each alert goes to its route: severity defaults, a rule override by name, unknown names reported', async (t) => {
  const server = await startServer((r) => (r.path.startsWith('/fail') ? { status: 400, body: 'bad request' } : { status: 200 }));
  t.teardown(() => server.close());
  const dests = [
    DestinationConfig.parse({ id: 'd-high', name: 'High', type: 'webhook', defaultForSeverity: ['HIGH'], secrets: { url: `${server.url}/high` } }),
    DestinationConfig.parse({ id: 'd-team', name: 'Team Hook', type: 'webhook', secrets: { url: `${server.url}/team` } }),
    DestinationConfig.parse({ id: 'd-fail', name: 'Fails', type: 'webhook', defaultForSeverity: ['LOW'], secrets: { url: `${server.url}/fail` } }),
  ];
  const alerts = [
    sampleAlert({ alertId: 'a1', severity: 'HIGH' }),
    sampleAlert({ alertId: 'a2', severity: 'MEDIUM', destinations: ['team hook', 'nope'] }),
    sampleAlert({ alertId: 'a3', severity: 'INFO' }),
    sampleAlert({ alertId: 'a4', severity: 'LOW' }),
  ];
  const s = await dispatchOpenedAlerts(alerts, dests, { consoleUrl: CONSOLE, retry: fastRetry(), concurrency: 2 });
  t.same(
    s.alerts.map((a) => [a.alertId, a.results.map((r) => `${r.destinationId}:${r.ok}`), a.unknownDestinations]),
    [
      ['a1', ['d-high:true'], []],
      ['a2', ['d-team:true'], ['nope']],
      ['a3', [], []],
      ['a4', ['d-fail:false'], []],
    ],
  );
  t.same([s.configured, s.delivered, s.failed, s.unrouted], [3, 2, 1, ['a3']]);
  t.same(server.received.map((r) => r.path).sort(), ['/fail', '/high', '/team'], 'a 400 is not retried');
  const text = dispatchSummaryText(s);
  t.match(text, 'Delivery: 4 alert(s), 2 sent, 1 failed, 1 routed to no destination.');
  t.match(text, 'a2 -> "nope": no such destination');
  t.match(text, 'a4 -> Fails (webhook): FAILED after 1 attempt(s): HTTP 400: bad request');
  t.match(dispatchJson(s), { alerts: [{ alertId: 'a1', results: [{ id: 'd-high', ok: true, attempts: 1, status: 200 }] }] });
});

t.test('onlyDestinations limits an alert to the destinations still to send (a retry)', async (t) => {
  const server = await startServer();
  t.teardown(() => server.close());
  const dests = ['x', 'y'].map((id) => DestinationConfig.parse({ id, name: id.toUpperCase(), type: 'webhook', defaultForSeverity: ['HIGH'], secrets: { url: `${server.url}/${id}` } }));
  const s = await dispatchOpenedAlerts([sampleAlert({ alertId: 'a1' })], dests, { consoleUrl: CONSOLE, retry: fastRetry(), onlyDestinations: new Map([['a1', new Set(['y'])]]) });
  t.same(server.received.map((r) => r.path), ['/y']);
  t.equal(s.delivered, 1);
});

t.test('without destinations nothing is sent, every alert is unrouted', async (t) => {
  const s = await dispatchOpenedAlerts([sampleAlert({ alertId: 'a1' }), sampleAlert({ alertId: 'a2' })], [], { consoleUrl: CONSOLE });
  t.same([s.configured, s.delivered, s.failed, s.unrouted], [0, 0, 0, ['a1', 'a2']]);
  t.equal(dispatchSummaryText(s), 'Delivery: no destinations configured; 2 alert(s) not sent.\n');
  t.equal(dispatchSummaryText({ ...s, alerts: [] }), '');
});

t.test('alertsById reads the alerts still in the store, once each', async (t) => {
  const store = new EmbeddedAlertStore();
  const o = await store.recordMatch({ ruleId: 'R', logType: 'AWS.CloudTrail', title: 'T', dedup: 'd', severity: 'HIGH', alertContext: null, dedupPeriodMinutes: 60, threshold: 1 }, new Date('2026-01-01T00:00:00Z'));
  const id = o.alert?.alertId ?? '';
  t.same((await alertsById(store, [id, 'missing', id])).map((a) => a.alertId), [id]);
});
