import t from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirDocumentStore } from '../../adapters/local/dir-document-store.js';
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';
import { createApp } from '../../api/app.js';
import { tokenAuth } from '../../api/auth.js';
import { DetectionsRepo } from '../../api/services/detections-repo.js';
import type { ComplianceStore } from '../../cloud-security/compliance/types.js';
import { EmbeddedAlertStore } from '../../detections/alerting/embedded-store.js';
import type { RuleMatch } from '../../detections/types.js';
import { builtinLogTypes } from '../../parsers/registry.js';
import type { QueryEngine, QueryResult } from '../../query/types.js';

const TOKEN = 'general-test-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const NOW = new Date('2026-11-20T12:00:00Z');

function match(over: Partial<RuleMatch>): RuleMatch {
  return { ruleId: 'R', logType: 'AWS.CloudTrail', title: 't', dedup: 'd', severity: 'LOW', alertContext: null, dedupPeriodMinutes: 60, threshold: 1, ...over };
}

function setup(opts: { failingEngine?: boolean; compliance?: ComplianceStore } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'api-general-'));
  const sqls: string[] = [];
  const logs: string[] = [];
  const engine: QueryEngine = {
    kind: 'duckdb',
    async run(sql: string): Promise<QueryResult> {
      sqls.push(sql);
      if (opts.failingEngine === true) throw new Error('engine down');
      return { columns: [], rows: [{ logType: 'AWS.CloudTrail', events: 12 }, { logType: 'Okta.SystemLog', events: 3 }], truncated: false, stats: { elapsedMs: 1 } };
    },
    tables: async () => [],
    close: async () => undefined,
  };
  const alerts = new EmbeddedAlertStore();
  const documents = new DirDocumentStore(join(dir, 'documents'));
  const app = createApp({
    auth: tokenAuth(TOKEN),
    settings: { mode: 'local', version: '1.2.3', engine: 'duckdb', lake: dir },
    alerts,
    engine,
    documents,
    detections: new DetectionsRepo({ objects: new DirObjectStore(dir), documents }),
    destinations: { list: async () => [] },
    ...(opts.compliance !== undefined ? { compliance: opts.compliance } : {}),
    now: () => NOW,
    log: (m) => logs.push(m),
  });
  return { app, alerts, sqls, logs, dir };
}

t.test('health needs no token; settings does', async (t) => {
  const { app, dir } = setup();
  const h = await app.request('/api/health');
  t.equal(h.status, 200);
  t.same(await h.json(), { ok: true });
  t.equal(h.headers.get('x-content-type-options'), 'nosniff', 'secure headers');
  t.equal(h.headers.get('cache-control'), 'no-store');
  t.equal((await app.request('/api/settings')).status, 401);
  const s = await app.request('/api/settings', { headers: auth });
  t.same(await s.json(), { mode: 'local', version: '1.2.3', engine: 'duckdb', lake: dir });
});

t.test('log types come from the registry', async (t) => {
  const { app } = setup();
  const r = (await (await app.request('/api/log-types', { headers: auth })).json()) as { items: Array<{ name: string; table: string; description: string; fields: number }> };
  t.equal(r.items.length, builtinLogTypes.length);
  const ct = r.items.find((i) => i.name === 'AWS.CloudTrail');
  const decl = builtinLogTypes.find((l) => l.name === 'AWS.CloudTrail')!;
  t.same(ct, { name: 'AWS.CloudTrail', table: 'aws_cloudtrail', description: decl.description, fields: Object.keys(decl.fields).length });
  t.equal((await app.request('/api/log-types')).status, 401);
});

t.test('overview: alerts per day and severity, open alerts, events per log type, compliance', async (t) => {
  const compliance = {
    overview: async () => ({ totals: { pass: 5, fail: 2, error: 1 }, bySeverity: {}, byPolicy: [], byResourceType: [], byAccount: [] }),
  } as unknown as ComplianceStore;
  const { app, alerts, sqls } = setup({ compliance });
  await alerts.recordMatch(match({ dedup: 'a', severity: 'HIGH' }), new Date('2026-11-20T08:00:00Z'));
  await alerts.recordMatch(match({ dedup: 'b', severity: 'HIGH' }), new Date('2026-11-20T09:00:00Z'));
  const closed = await alerts.recordMatch(match({ dedup: 'c', severity: 'LOW' }), new Date('2026-11-18T09:00:00Z'));
  await alerts.setStatus(closed.alert!.alertId, 'CLOSED', NOW);
  await alerts.recordMatch(match({ dedup: 'old', severity: 'CRITICAL' }), new Date('2026-11-01T09:00:00Z'));

  const r = await app.request('/api/overview?days=3', { headers: auth });
  t.equal(r.status, 200);
  const o = (await r.json()) as Record<string, unknown>;
  const zero = { INFO: 0, LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 };
  t.same(o.alertsOverTime, [
    { day: '2026-11-18', ...zero, LOW: 1 },
    { day: '2026-11-19', ...zero },
    { day: '2026-11-20', ...zero, HIGH: 2 },
  ]);
  t.same(o.openAlertsBySeverity, { ...zero, HIGH: 2, CRITICAL: 1 }, 'open alerts whatever their age; the closed one is not');
  t.same(o.eventsByLogType, [{ logType: 'AWS.CloudTrail', events: 12 }, { logType: 'Okta.SystemLog', events: 3 }]);
  t.same(o.compliance, { pass: 5, fail: 2, error: 1 });
  t.match(sqls[0], /FROM panther_views\.all_logs WHERE p_event_time >= TIMESTAMP '2026-11-18 00:00:00' GROUP BY p_log_type/);

  const d7 = (await (await app.request('/api/overview', { headers: auth })).json()) as { alertsOverTime: unknown[] };
  t.equal(d7.alertsOverTime.length, 7, 'seven days by default');
});

t.test('overview without a working engine or compliance store', async (t) => {
  const { app, logs } = setup({ failingEngine: true });
  const o = (await (await app.request('/api/overview?days=1', { headers: auth })).json()) as Record<string, unknown>;
  t.same(o.eventsByLogType, []);
  t.equal(o.compliance, undefined);
  t.match(logs[0], /engine down/);
});

t.test('overview rejects bad days', async (t) => {
  const { app } = setup();
  for (const q of ['days=0', 'days=91', 'days=x', 'weeks=1']) {
    const r = await app.request(`/api/overview?${q}`, { headers: auth });
    t.equal(r.status, 400, q);
    const p = (await r.json()) as { errors: Array<{ path: string }> };
    t.match(p.errors[0]!.path, /^query/);
  }
  t.equal((await app.request('/api/overview')).status, 401);
});
