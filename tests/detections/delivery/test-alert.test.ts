// "Send test alert": a clearly marked alert to one destination.
import t from 'tap';
import { DestinationConfig, sendTestAlert, testAlert, TEST_RULE_ID } from '../../../detections/delivery/index.js';
import { CONSOLE, fastRetry, startServer } from './fixtures/helpers.js';

t.test('the test alert is marked in its title, rule id and context', async (t) => {
  const cfg = DestinationConfig.parse({ id: 'pd-1', name: 'On-call', type: 'pagerduty', secrets: { routingKey: 'rk-1' } });
  const a = testAlert(cfg, new Date('2026-11-23T10:00:00Z'));
  t.equal(a.ruleId, TEST_RULE_ID);
  t.equal(a.title, 'Test alert for destination "On-call"');
  t.equal(a.severity, 'INFO');
  t.same(a.destinations, ['pd-1']);
  t.equal(a.creationTime, '2026-11-23T10:00:00.000Z');
  t.equal(a.alertContext?.['pantherTestAlert'], true);
});

t.test('sendTestAlert reaches the destination even though no severity routes there', async (t) => {
  const server = await startServer();
  t.teardown(() => server.close());
  const cfg = DestinationConfig.parse({ id: 'gh', name: 'GH', type: 'github', settings: { repository: 'acme/sec', apiUrl: server.url }, secrets: { token: 'tkn-1' } });
  const res = await sendTestAlert(cfg, { consoleUrl: CONSOLE, retry: fastRetry() }, new Date('2026-11-23T10:00:00Z'));
  t.same({ ok: res.ok, attempts: res.attempts, destinationId: res.destinationId }, { ok: true, attempts: 1, destinationId: 'gh' });
  t.equal(server.received.length, 1);
  const body = JSON.parse(server.received[0]!.body);
  t.equal(body.title, '[TEST] [INFO] Test alert for destination "GH"');
  t.ok(body.body.includes('No action is needed'));
  t.ok(body.body.includes(`${CONSOLE}/alerts/test-`));
});

t.test('test alerts to a custom webhook say test: true', async (t) => {
  const server = await startServer();
  t.teardown(() => server.close());
  const cfg = DestinationConfig.parse({ id: 'w', name: 'W', type: 'webhook', secrets: { url: `${server.url}/w` } });
  t.equal((await sendTestAlert(cfg, { consoleUrl: CONSOLE, retry: fastRetry() })).ok, true);
  t.equal(JSON.parse(server.received[0]!.body).test, true);
});
