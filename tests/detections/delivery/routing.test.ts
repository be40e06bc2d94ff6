// Routing by severity defaults and per-rule overrides; config validation.
import t from 'tap';
import { deliverAlert, parseDestinations, route, DESTINATION_TYPES, type DestinationConfig } from '../../../detections/delivery/index.js';
import { CONSOLE, fastRetry, sampleAlert, startServer } from './fixtures/helpers.js';

function configs(base: string): DestinationConfig[] {
  const { destinations, errors } = parseDestinations([
    { id: 'id-pd', name: 'PagerDuty On-Call', type: 'pagerduty', defaultForSeverity: ['CRITICAL', 'HIGH'], settings: { apiUrl: base }, secrets: { routingKey: 'rk-1234' } },
    { id: 'id-slack', name: 'Slack #alerts', type: 'slack', defaultForSeverity: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'], secrets: { webhookUrl: `${base}/slack` } },
    { id: 'id-hook', name: 'Audit hook', type: 'webhook', secrets: { url: `${base}/hook` } },
  ]);
  if (errors.length) throw new Error(errors.join('\n'));
  return destinations;
}

t.test('defaults per severity: CRITICAL/HIGH to PagerDuty and Slack, others to Slack', async (t) => {
  const cs = configs('http://127.0.0.1:1');
  const ids = (severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFO') => route({ severity, destinations: [] }, cs).destinations.map((d) => d.id);
  t.same(ids('CRITICAL'), ['id-pd', 'id-slack']);
  t.same(ids('HIGH'), ['id-pd', 'id-slack']);
  t.same(ids('MEDIUM'), ['id-slack']);
  t.same(ids('INFO'), ['id-slack']);
  t.equal(route({ severity: 'LOW', destinations: [] }, cs).source, 'severity');
});

t.test('per-rule override: names (any case) or ids, duplicates once, unknown reported', async (t) => {
  const cs = configs('http://127.0.0.1:1');
  const r = route({ severity: 'CRITICAL', destinations: ['audit HOOK', 'id-slack', 'Slack #alerts', 'Nope'] }, cs);
  t.same(r.destinations.map((d) => d.id), ['id-hook', 'id-slack']);
  t.same(r.unknown, ['Nope']);
  t.equal(r.source, 'rule');
});

t.test('deliverAlert sends to the routed destinations and reports unknown names', async (t) => {
  const server = await startServer((req) => (req.path === '/v2/enqueue' ? { status: 202, body: '{"status":"success"}' } : { status: 200, body: 'ok' }));
  t.teardown(() => server.close());
  const logs: string[] = [];
  const report = await deliverAlert(sampleAlert({ destinations: ['PagerDuty On-Call', 'Audit hook', 'Missing'] }), configs(server.url), {
    consoleUrl: CONSOLE,
    retry: fastRetry(),
    log: (e) => logs.push(`${e.level} ${e.message}`),
  });
  t.same(report.unknownDestinations, ['Missing']);
  t.same(
    report.results.map((r) => [r.destinationName, r.ok, r.status]),
    [
      ['PagerDuty On-Call', true, 202],
      ['Audit hook', true, 200],
    ],
  );
  t.same(server.received.map((r) => r.path).sort(), ['/hook', '/v2/enqueue']);
  t.ok(logs.includes('warn alert a1b2c3: unknown destination "Missing"'));
});

t.test('deliverAlert with severity routing for a LOW alert reaches Slack only', async (t) => {
  const server = await startServer();
  t.teardown(() => server.close());
  const report = await deliverAlert(sampleAlert({ severity: 'LOW' }), configs(server.url), { consoleUrl: CONSOLE, retry: fastRetry() });
  t.same(report.results.map((r) => r.destinationId), ['id-slack']);
  t.same(server.received.map((r) => r.path), ['/slack']);
});

t.test('config validation names the entry and the key, never the value', async (t) => {
  const { destinations, errors } = parseDestinations([
    { id: 'a', name: 'A', type: 'slack', secrets: { webhookUrl: 'not a url secret-abc' } },
    { id: 'b', name: 'B', type: 'carrier-pigeon', secrets: {} },
    { id: 'c', name: 'C', type: 'github', settings: { repository: 'no-slash' }, secrets: { token: 't0ken' } },
    { id: 'd', name: 'D', type: 'pagerduty', secrets: { routingKey: 'rk-1' }, extra: 1 },
    { id: 'e', name: 'A', type: 'asana', settings: { projectGids: ['1'] }, secrets: { personalAccessToken: 'pat-1' } },
    { id: 'f', name: 'F', type: 'sns', settings: { topicArn: 'arn:aws:sns:us-east-1:123456789012:t' } },
    { id: 'g', name: 'A', type: 'slack', secrets: { webhookUrl: 'https://hooks.example/x' } },
  ]);
  t.same(destinations.map((d) => d.id), ['e', 'f']);
  t.match(errors[0], /^destinations\[0\] \(A\): secrets\.webhookUrl: /);
  t.match(errors[1], /^destinations\[1\] \(B\): type: /);
  t.equal(errors[2], 'destinations[2] (C): settings.repository: expected owner/repo');
  t.match(errors[3], /^destinations\[3\] \(D\): \(root\): .*extra/);
  t.equal(errors[4], 'destinations[6] (A): duplicate id or name "A"');
  t.equal(errors.length, 5);
  t.notOk(errors.join('\n').includes('secret-abc'), 'the bad value is not echoed');
  t.same(parseDestinations({}).errors, ['destinations: expected a list']);
  t.equal(DESTINATION_TYPES.length, 10);
});
