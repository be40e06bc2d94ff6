// Each destination sends a real HTTP request to a local server; we assert what arrived.
import { createHash, createHmac } from 'node:crypto';
import t from 'tap';
import { DestinationConfig, sendToDestination, type DeliveryOptions } from '../../../detections/delivery/index.js';
import { CONSOLE, fastRetry, sampleAlert, startServer, type LocalServer } from './fixtures/helpers.js';

const alert = sampleAlert();
const ALERT_LINK = `${CONSOLE}/alerts/a1b2c3`;
const opts = (over: Partial<DeliveryOptions> = {}): DeliveryOptions => ({ consoleUrl: `${CONSOLE}/`, retry: fastRetry(), ...over });

let server: LocalServer;
t.beforeEach(async () => {
  server = await startServer();
});
t.afterEach(() => server.close());

function only(tt: Pick<typeof t, 'equal'>): { method: string; path: string; headers: Record<string, string | string[] | undefined>; json: any; body: string } {
  tt.equal(server.received.length, 1, 'exactly one request');
  const r = server.received[0]!;
  return { ...r, json: r.headers['content-type']?.includes('json') ? JSON.parse(r.body) : undefined };
}

t.test('slack: incoming webhook with text, blocks and both links', async (t) => {
  const cfg = DestinationConfig.parse({ id: 's1', name: 'Slack', type: 'slack', secrets: { webhookUrl: `${server.url}/services/T000/B000/secretXYZ` } });
  const res = await sendToDestination(alert, cfg, opts());
  t.same(res, { destinationId: 's1', destinationName: 'Slack', type: 'slack', ok: true, attempts: 1, status: 200 });
  const r = only(t);
  t.equal(r.method, 'POST');
  t.equal(r.path, '/services/T000/B000/secretXYZ');
  t.equal(r.headers['content-type'], 'application/json');
  t.match(r.json.text, /^\[HIGH\] Root console login from 203\.0\.113\.7 /);
  t.ok(r.json.text.includes(`<${ALERT_LINK}|View alert>`));
  t.equal(r.json.blocks[0].type, 'header');
  t.equal(r.json.blocks[0].text.text, '[HIGH] Root console login from 203.0.113.7');
  t.equal(r.json.blocks[1].text.text, 'The root user signed in to the console.');
  t.same(r.json.blocks[2].fields[0], { type: 'mrkdwn', text: '*Severity*\nHIGH' });
  t.same(
    r.json.blocks[3].elements.map((e: { url: string }) => e.url),
    [ALERT_LINK, 'https://lake.example.test/query?alert=a1b2c3'],
  );
});

t.test('pagerduty: Events API v2 trigger with routing key, dedup key and severity', async (t) => {
  const cfg = DestinationConfig.parse({ id: 'pd', name: 'PagerDuty', type: 'pagerduty', settings: { apiUrl: server.url }, secrets: { routingKey: 'R0UTINGKEY0000000000000000000000' } });
  const res = await sendToDestination(sampleAlert({ severity: 'CRITICAL' }), cfg, opts());
  t.equal(res.ok, true);
  const r = only(t);
  t.equal(r.method, 'POST');
  t.equal(r.path, '/v2/enqueue');
  t.equal(r.headers['content-type'], 'application/json');
  t.equal(r.json.routing_key, 'R0UTINGKEY0000000000000000000000');
  t.equal(r.json.event_action, 'trigger');
  t.equal(r.json.dedup_key, 'a1b2c3');
  t.same(
    { ...r.json.payload, custom_details: undefined },
    {
      summary: '[CRITICAL] Root console login from 203.0.113.7',
      source: 'panther',
      severity: 'critical',
      timestamp: '2026-11-23T10:00:00.000Z',
      component: 'AWS.Console.RootLogin',
      group: 'AWS.CloudTrail',
      class: 'RULE',
      custom_details: undefined,
    },
  );
  t.equal(r.json.payload.custom_details.alertLink, ALERT_LINK);
  t.equal(r.json.payload.custom_details.eventsLink, 'https://lake.example.test/query?alert=a1b2c3');
  t.same(r.json.payload.custom_details.alertContext, { sourceIPAddress: '203.0.113.7' });
  t.same(r.json.links, [
    { href: ALERT_LINK, text: 'Alert' },
    { href: 'https://lake.example.test/query?alert=a1b2c3', text: 'Events' },
  ]);
});

t.test('pagerduty severities map onto critical/error/warning/info', async (t) => {
  const { pagerDutySeverity, opsgeniePriority } = await import('../../../detections/delivery/index.js');
  t.same(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'].map((s) => pagerDutySeverity(s as never)), ['critical', 'error', 'warning', 'info', 'info']);
  t.same(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'].map((s) => opsgeniePriority(s as never)), ['P1', 'P2', 'P3', 'P4', 'P5']);
});

t.test('opsgenie: Alert API v2 with GenieKey, priority and alias', async (t) => {
  const cfg = DestinationConfig.parse({
    id: 'og',
    name: 'Opsgenie',
    type: 'opsgenie',
    settings: { apiUrl: server.url, responders: [{ type: 'team', name: 'secops' }] },
    secrets: { apiKey: 'genie-key-123' },
  });
  const res = await sendToDestination(sampleAlert({ severity: 'MEDIUM' }), cfg, opts());
  t.equal(res.ok, true);
  const r = only(t);
  t.equal(r.method, 'POST');
  t.equal(r.path, '/v2/alerts');
  t.equal(r.headers.authorization, 'GenieKey genie-key-123');
  t.equal(r.json.message, '[MEDIUM] Root console login from 203.0.113.7');
  t.equal(r.json.alias, 'a1b2c3');
  t.equal(r.json.priority, 'P3');
  t.equal(r.json.source, 'Panther');
  t.same(r.json.responders, [{ type: 'team', name: 'secops' }]);
  t.equal(r.json.details.alertLink, ALERT_LINK);
  t.equal(r.json.details.eventsLink, 'https://lake.example.test/query?alert=a1b2c3');
  t.equal(r.json.details.eventCount, '3', 'details values are strings');
  t.ok(r.json.description.includes(`Alert: ${ALERT_LINK}`));
  t.ok(r.json.description.includes('"sourceIPAddress": "203.0.113.7"'));
});

t.test('opsgenie: region picks the EU API when no override', async (t) => {
  const { buildRequest } = await import('../../../detections/delivery/index.js');
  const cfg = DestinationConfig.parse({ id: 'og', name: 'OG', type: 'opsgenie', settings: { region: 'eu' }, secrets: { apiKey: 'k-123' } });
  t.equal(buildRequest(alert, cfg as never, opts()).url, 'https://api.eu.opsgenie.com/v2/alerts');
});

t.test('microsoft teams: a message with an Adaptive Card', async (t) => {
  const cfg = DestinationConfig.parse({ id: 'tm', name: 'Teams', type: 'msteams', secrets: { webhookUrl: `${server.url}/workflows/abc?sig=s3cr3t` } });
  const res = await sendToDestination(alert, cfg, opts());
  t.equal(res.ok, true);
  const r = only(t);
  t.equal(r.method, 'POST');
  t.equal(r.path, '/workflows/abc?sig=s3cr3t');
  t.equal(r.json.type, 'message');
  const att = r.json.attachments[0];
  t.equal(att.contentType, 'application/vnd.microsoft.card.adaptive');
  t.equal(att.content.type, 'AdaptiveCard');
  t.equal(att.content.body[0].text, '[HIGH] Root console login from 203.0.113.7');
  t.equal(att.content.body[0].color, 'Attention');
  t.same(att.content.body[2].facts[1], { title: 'Rule', value: 'AWS.Console.RootLogin' });
  t.same(
    att.content.actions.map((a: { url: string }) => a.url),
    [ALERT_LINK, 'https://lake.example.test/query?alert=a1b2c3'],
  );
});

t.test('jira v3: create issue with basic auth and an ADF description', async (t) => {
  const cfg = DestinationConfig.parse({
    id: 'j',
    name: 'Jira',
    type: 'jira',
    settings: { orgDomain: server.url, projectKey: 'SEC', issueType: 'Bug', labels: ['aws'], assigneeId: 'acc-1' },
    secrets: { userEmail: 'bot@example.com', apiToken: 'jira-token-9' },
  });
  const res = await sendToDestination(alert, cfg, opts());
  t.same({ ok: res.ok, status: res.status }, { ok: true, status: 200 });
  const r = only(t);
  t.equal(r.method, 'POST');
  t.equal(r.path, '/rest/api/3/issue');
  t.equal(r.headers.authorization, `Basic ${Buffer.from('bot@example.com:jira-token-9').toString('base64')}`);
  t.equal(r.headers.accept, 'application/json');
  const f = r.json.fields;
  t.same(f.project, { key: 'SEC' });
  t.same(f.issuetype, { name: 'Bug' });
  t.same(f.assignee, { id: 'acc-1' });
  t.equal(f.summary, '[HIGH] Root console login from 203.0.113.7');
  t.same(f.labels, ['panther', 'aws']);
  t.equal(f.description.type, 'doc');
  const link = f.description.content.find((p: any) => p.content[0]?.text === 'Alert: ');
  t.same(link.content[1], { type: 'text', text: ALERT_LINK, marks: [{ type: 'link', attrs: { href: ALERT_LINK } }] });
});

t.test('jira v2: plain-text description, default issue type', async (t) => {
  const cfg = DestinationConfig.parse({
    id: 'j2',
    name: 'Jira2',
    type: 'jira',
    settings: { orgDomain: `${server.url}/`, projectKey: 'OPS', apiVersion: 2 },
    secrets: { userEmail: 'bot@example.com', apiToken: 'tok-2' },
  });
  t.equal((await sendToDestination(alert, cfg, opts())).ok, true);
  const r = only(t);
  t.equal(r.path, '/rest/api/2/issue');
  t.same(r.json.fields.issuetype, { name: 'Task' });
  t.type(r.json.fields.description, 'string');
  t.ok(r.json.fields.description.includes(`Alert: ${ALERT_LINK}`));
  t.ok(r.json.fields.description.includes('Events: https://lake.example.test/query?alert=a1b2c3'));
});

t.test('github: POST /repos/{owner}/{repo}/issues with a token, title, body and labels', async (t) => {
  const cfg = DestinationConfig.parse({
    id: 'gh',
    name: 'GitHub',
    type: 'github',
    settings: { repository: 'acme/security-alerts', labels: ['triage'], apiUrl: server.url },
    secrets: { token: 'ghp_secret123' },
  });
  t.equal((await sendToDestination(alert, cfg, opts())).ok, true);
  const r = only(t);
  t.equal(r.method, 'POST');
  t.equal(r.path, '/repos/acme/security-alerts/issues');
  t.equal(r.headers.authorization, 'Bearer ghp_secret123');
  t.equal(r.headers.accept, 'application/vnd.github+json');
  t.equal(r.headers['x-github-api-version'], '2022-11-28');
  t.equal(r.headers['user-agent'], 'panther-aws-alert-delivery');
  t.equal(r.json.title, '[HIGH] Root console login from 203.0.113.7');
  t.same(r.json.labels, ['panther', 'severity:high', 'triage']);
  t.ok(r.json.body.includes(`[View alert](${ALERT_LINK})`));
  t.ok(r.json.body.includes('[View events](https://lake.example.test/query?alert=a1b2c3)'));
  t.ok(r.json.body.includes('| Rule | AWS.Console.RootLogin |'));
});

t.test('asana: create a task with bearer token, projects, name and notes', async (t) => {
  const cfg = DestinationConfig.parse({
    id: 'as',
    name: 'Asana',
    type: 'asana',
    settings: { projectGids: ['1200001', '1200002'], apiUrl: `${server.url}/api/1.0` },
    secrets: { personalAccessToken: '1/abcdef' },
  });
  t.equal((await sendToDestination(alert, cfg, opts())).ok, true);
  const r = only(t);
  t.equal(r.method, 'POST');
  t.equal(r.path, '/api/1.0/tasks');
  t.equal(r.headers.authorization, 'Bearer 1/abcdef');
  t.equal(r.json.data.name, '[HIGH] Root console login from 203.0.113.7');
  t.same(r.json.data.projects, ['1200001', '1200002']);
  t.ok(r.json.data.notes.includes(`Alert: ${ALERT_LINK}`));
  t.ok(r.json.data.notes.includes('Runbook: Check with the account owner.'));
});

t.test('custom webhook: JSON alert, custom headers, HMAC-SHA256 signature over the body', async (t) => {
  const cfg = DestinationConfig.parse({
    id: 'wh',
    name: 'Hook',
    type: 'webhook',
    secrets: { url: `${server.url}/hooks/in`, headers: { 'X-Api-Key': 'hook-key-1', 'Content-Type': 'text/plain' }, hmacSecret: 'shh-hmac' },
  });
  t.equal((await sendToDestination(alert, cfg, opts())).ok, true);
  const r = only(t);
  t.equal(r.method, 'POST');
  t.equal(r.path, '/hooks/in');
  t.equal(r.headers['x-api-key'], 'hook-key-1');
  t.equal(r.headers['content-type'], 'application/json', 'a custom header cannot override the content type');
  t.equal(r.headers['x-panther-signature'], `sha256=${createHmac('sha256', 'shh-hmac').update(r.body).digest('hex')}`);
  t.equal(r.json.alertId, 'a1b2c3');
  t.equal(r.json.severity, 'HIGH');
  t.equal(r.json.link, ALERT_LINK);
  t.equal(r.json.eventsLink, 'https://lake.example.test/query?alert=a1b2c3');
  t.equal(r.json.test, false);
});

t.test('custom webhook without HMAC sends no signature header', async (t) => {
  const cfg = DestinationConfig.parse({ id: 'wh2', name: 'Hook2', type: 'webhook', secrets: { url: `${server.url}/x` } });
  t.equal((await sendToDestination(sampleAlert({ eventsLink: undefined }), cfg, opts())).ok, true);
  const r = only(t);
  t.equal(r.headers['x-panther-signature'], undefined);
  t.equal(r.json.eventsLink, null);
});

const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG' };

t.test('sns: Publish through the SDK v3 client arrives as an AWS query request', async (t) => {
  await server.close();
  server = await startServer(() => ({
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>',
  }));
  const cfg = DestinationConfig.parse({
    id: 'sns',
    name: 'SNS',
    type: 'sns',
    settings: { topicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts', endpoint: server.url },
  });
  const res = await sendToDestination(alert, cfg, opts({ awsCredentials: creds }));
  t.same({ ok: res.ok, status: res.status, attempts: res.attempts }, { ok: true, status: 200, attempts: 1 });
  const r = only(t);
  t.equal(r.method, 'POST');
  t.equal(r.path, '/');
  t.equal(r.headers['content-type'], 'application/x-www-form-urlencoded');
  t.match(String(r.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sns\/aws4_request/);
  const form = new URLSearchParams(r.body);
  t.equal(form.get('Action'), 'Publish');
  t.equal(form.get('Version'), '2010-03-31');
  t.equal(form.get('TopicArn'), 'arn:aws:sns:eu-west-1:123456789012:alerts');
  t.equal(form.get('Subject'), '[HIGH] Root console login from 203.0.113.7');
  const msg = JSON.parse(form.get('Message')!);
  t.equal(msg.alertId, 'a1b2c3');
  t.equal(msg.link, ALERT_LINK);
  t.equal(msg.eventsLink, 'https://lake.example.test/query?alert=a1b2c3');
  // Map entries of MessageAttributes, in the query protocol's flattened form.
  const attrs: Record<string, string> = {};
  for (let i = 1; form.has(`MessageAttributes.entry.${i}.Name`); i++) {
    attrs[form.get(`MessageAttributes.entry.${i}.Name`)!] = form.get(`MessageAttributes.entry.${i}.Value.StringValue`)!;
  }
  t.same(attrs, { severity: 'HIGH', ruleId: 'AWS.Console.RootLogin' });
});

t.test('sqs: SendMessage through the SDK v3 client arrives as an AWS JSON request', async (t) => {
  await server.close();
  server = await startServer((req) => {
    const body = JSON.parse(req.body) as { MessageBody: string };
    // The SDK checks the MD5 of the body it sent against the reply, as SQS computes it.
    return {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify({ MessageId: 'm-2', MD5OfMessageBody: createHash('md5').update(body.MessageBody).digest('hex') }),
    };
  });
  const cfg = DestinationConfig.parse({
    id: 'sqs',
    name: 'SQS',
    type: 'sqs',
    settings: { queueUrl: 'https://sqs.us-west-2.amazonaws.com/123456789012/alerts', endpoint: server.url },
  });
  const res = await sendToDestination(alert, cfg, opts({ awsCredentials: creds }));
  t.same({ ok: res.ok, attempts: res.attempts, error: res.error }, { ok: true, attempts: 1, error: undefined });
  const r = only(t);
  t.equal(r.method, 'POST');
  t.equal(r.path, '/');
  t.equal(r.headers['x-amz-target'], 'AmazonSQS.SendMessage');
  t.equal(r.headers['content-type'], 'application/x-amz-json-1.0');
  t.match(String(r.headers.authorization), /Credential=AKIDEXAMPLE\/\d{8}\/us-west-2\/sqs\/aws4_request/);
  const body = JSON.parse(r.body);
  t.equal(body.QueueUrl, 'https://sqs.us-west-2.amazonaws.com/123456789012/alerts');
  t.same(body.MessageAttributes.severity, { DataType: 'String', StringValue: 'HIGH' });
  const msg = JSON.parse(body.MessageBody);
  t.same({ alertId: msg.alertId, ruleId: msg.ruleId, link: msg.link, eventCount: msg.eventCount }, { alertId: 'a1b2c3', ruleId: 'AWS.Console.RootLogin', link: ALERT_LINK, eventCount: 3 });
});

t.test('buildRequest is pure: same input, same request, and the alert link in every body', async (t) => {
  const { buildRequest } = await import('../../../detections/delivery/index.js');
  const inputs = [
    { id: '1', name: '1', type: 'slack', secrets: { webhookUrl: 'https://hooks.example/x' } },
    { id: '2', name: '2', type: 'pagerduty', secrets: { routingKey: 'rk' } },
    { id: '3', name: '3', type: 'opsgenie', secrets: { apiKey: 'k' } },
    { id: '4', name: '4', type: 'msteams', secrets: { webhookUrl: 'https://teams.example/x' } },
    { id: '5', name: '5', type: 'jira', settings: { orgDomain: 'https://acme.atlassian.net', projectKey: 'S' }, secrets: { userEmail: 'e', apiToken: 't' } },
    { id: '6', name: '6', type: 'github', settings: { repository: 'a/b' }, secrets: { token: 't' } },
    { id: '7', name: '7', type: 'asana', settings: { projectGids: ['1'] }, secrets: { personalAccessToken: 't' } },
    { id: '8', name: '8', type: 'webhook', secrets: { url: 'https://hook.example/x', hmacSecret: 'h' } },
  ];
  for (const raw of inputs) {
    const cfg = DestinationConfig.parse(raw);
    const a = buildRequest(alert, cfg as never, opts());
    t.same(buildRequest(alert, cfg as never, opts()), a, `${cfg.type} is deterministic`);
    t.equal(a.method, 'POST');
    t.ok(a.body.includes(ALERT_LINK), `${cfg.type} links the alert`);
    t.ok(a.body.includes('https://lake.example.test/query?alert=a1b2c3'), `${cfg.type} links the events`);
  }
  t.equal(buildRequest(alert, DestinationConfig.parse(inputs[1]) as never, opts()).url, 'https://events.pagerduty.com/v2/enqueue');
  t.equal(buildRequest(alert, DestinationConfig.parse(inputs[5]) as never, opts()).url, 'https://api.github.com/repos/a/b/issues');
  t.equal(buildRequest(alert, DestinationConfig.parse(inputs[6]) as never, opts()).url, 'https://app.asana.com/api/1.0/tasks');
});
