import t from 'tap';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirDocumentStore } from '../../adapters/local/dir-document-store.js';
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';
import { createApp } from '../../api/app.js';
import { tokenAuth } from '../../api/auth.js';
import { DetectionsRepo, enabledOverrides } from '../../api/services/detections-repo.js';
import { EmbeddedAlertStore } from '../../detections/alerting/embedded-store.js';
import { loadAnalysisDir } from '../../detections/analysis/load.js';
import { BUILTIN_PACK_DIR } from '../../detections/pipeline/local.js';
import { writeZip } from '../../detections/testing/zip.js';
import type { QueryEngine } from '../../query/types.js';

const TOKEN = 'detections-test-token-012345';
const auth = { authorization: `Bearer ${TOKEN}` };
const json = { ...auth, 'content-type': 'application/json' };
const BUILTIN = 'AWS.S3ServerAccess.AccessDeniedBurst';

const engine: QueryEngine = { kind: 'duckdb', run: async () => { throw new Error('unused'); }, tables: async () => [], close: async () => undefined };

function setup() {
  const lake = mkdtempSync(join(tmpdir(), 'api-detections-'));
  const documents = new DirDocumentStore(join(lake, 'state', 'documents'));
  const repo = new DetectionsRepo({ objects: new DirObjectStore(lake), documents, tmpDir: join(lake, 'tmp') });
  const app = createApp({
    auth: tokenAuth(TOKEN),
    settings: { mode: 'local', version: 'test', engine: 'duckdb', lake },
    alerts: new EmbeddedAlertStore(),
    engine,
    documents,
    detections: repo,
    destinations: { list: async () => [] },
    log: () => undefined,
  });
  return { app, repo, lake, documents };
}

const RULE_TS = `export function rule(event: any): boolean {
  return event.get('eventName') === 'ConsoleLogin';
}
export function title(event: any): string {
  return 'login from ' + event.get('sourceIPAddress');
}
`;

function ruleYaml(over: { id?: string; severity?: string; filename?: string; expected?: boolean } = {}): string {
  return `# a comment that must survive edits
AnalysisType: rule
RuleID: ${over.id ?? 'Custom.ConsoleLogin'}
DisplayName: Console login
Filename: ${over.filename ?? 'console_login.ts'}
Enabled: true
Severity: ${over.severity ?? 'Medium'}
LogTypes:
  - AWS.CloudTrail
Tags: [Custom]
Tests:
  - Name: a login
    ExpectedResult: ${over.expected ?? true}
    Log: { eventName: ConsoleLogin, sourceIPAddress: 192.0.2.1, p_log_type: AWS.CloudTrail }
  - Name: something else
    ExpectedResult: false
    Log: { eventName: ListBuckets, p_log_type: AWS.CloudTrail }
`;
}

type Summary = { id: string; builtin: boolean; enabled: boolean; language: string | null; severity: string; tests: number; logTypes?: string[] };
const list = async (app: ReturnType<typeof setup>['app'], q = ''): Promise<Summary[]> => ((await (await app.request(`/api/detections${q}`, { headers: auth })).json()) as { items: Summary[] }).items;

t.test('built-in detections: list, filters, one detection', async (t) => {
  const { app } = setup();
  const pack = await loadAnalysisDir(BUILTIN_PACK_DIR);
  const packRules = pack.items.filter((i) => i.type === 'rule' || i.type === 'scheduled_rule' || i.type === 'policy');
  const packBurst = pack.items.find((i) => i.id === BUILTIN) as { spec: { Tests: unknown[] } };
  const items = await list(app);
  t.equal(items.length, packRules.length, 'every pack detection');
  const burst = items.find((i) => i.id === BUILTIN);
  t.same(burst, {
    id: BUILTIN,
    type: 'rule',
    displayName: 'S3 Access Denied Burst',
    severity: 'LOW',
    enabled: true,
    logTypes: ['AWS.S3ServerAccess'],
    language: 'typescript',
    tags: ['AWS', 'S3', 'Discovery'],
    tests: packBurst.spec.Tests.length,
    builtin: true,
  });
  t.same((await list(app, '?logType=AWS.S3ServerAccess')).map((i) => i.id), packRules.filter((r) => r.type === 'rule' && r.spec.LogTypes.includes('AWS.S3ServerAccess')).map((r) => r.id).sort());
  t.ok((await list(app, '?severity=low')).every((i) => i.severity === 'LOW'));
  t.same((await list(app, '?q=access%20denied%20burst')).map((i) => i.id), [BUILTIN]);
  t.same(await list(app, '?type=policy'), []);
  t.equal((await list(app, '?enabled=false')).length, 0);

  const r = await app.request(`/api/detections/${BUILTIN}`, { headers: auth });
  t.equal(r.status, 200);
  const d = (await r.json()) as { yaml: string; body: string; filename: string; spec: Record<string, unknown>; builtin: boolean; language: string };
  const dir = join(BUILTIN_PACK_DIR, 'rules', 'aws_s3_rules');
  t.equal(d.yaml, readFileSync(join(dir, 'aws_s3_access_denied_burst.yml'), 'utf8'));
  t.equal(d.body, readFileSync(join(dir, 'aws_s3_access_denied_burst.ts'), 'utf8'));
  t.equal(d.filename, 'aws_s3_access_denied_burst.ts');
  t.equal(d.spec.Severity, 'Low', 'the spec as written');
  t.equal(d.spec.Threshold, 20);
  t.equal(d.builtin, true);

  t.equal((await app.request('/api/detections/No.Such.Rule', { headers: auth })).status, 404);
  const bad = await app.request('/api/detections?severity=urgent', { headers: auth });
  t.equal(bad.status, 400);
  t.match(await bad.json(), { errors: [{ path: 'query.severity' }] });
  t.equal((await app.request('/api/detections?enabled=yes', { headers: auth })).status, 400);
  t.equal((await app.request('/api/detections')).status, 401);
  t.equal((await app.request(`/api/detections/${BUILTIN}`)).status, 401);
});

t.test('user detections: create, read, edit, enable, delete; stored for the pipeline', async (t) => {
  const { app, lake } = setup();
  const created = await app.request('/api/detections', { method: 'POST', headers: json, body: JSON.stringify({ yaml: ruleYaml(), body: RULE_TS, language: 'typescript' }) });
  t.equal(created.status, 201);
  const d = (await created.json()) as { id: string; builtin: boolean; enabled: boolean; language: string; body: string; yaml: string; filename: string };
  t.match(d, { id: 'Custom.ConsoleLogin', builtin: false, enabled: true, language: 'typescript', body: RULE_TS, yaml: ruleYaml(), filename: 'console_login.ts' });

  // The pipeline loads the lake's detections/ prefix with the same loader.
  const stored = await loadAnalysisDir(join(lake, 'detections'));
  t.same(stored.errors, []);
  t.same(stored.items.map((i) => [i.id, i.file]), [['Custom.ConsoleLogin', `${stored.items[0]!.file.split('/')[0]}/console_login.yml`]]);
  t.match(stored.items[0]!.file, /^Custom\.ConsoleLogin-[0-9a-f]{10}\/console_login\.yml$/);

  const items = (await list(app, '?q=custom')).filter((i) => !i.builtin);
  t.same(items.map((i) => [i.id, i.builtin, i.tests]), [['Custom.ConsoleLogin', false, 2]]);

  const dup = await app.request('/api/detections', { method: 'POST', headers: json, body: JSON.stringify({ yaml: ruleYaml(), body: RULE_TS }) });
  t.equal(dup.status, 409);
  const builtinDup = await app.request('/api/detections', { method: 'POST', headers: json, body: JSON.stringify({ yaml: ruleYaml({ id: BUILTIN }), body: RULE_TS }) });
  t.equal(builtinDup.status, 409, 'a built-in id cannot be taken');

  const put = await app.request('/api/detections/Custom.ConsoleLogin', { method: 'PUT', headers: json, body: JSON.stringify({ yaml: ruleYaml({ severity: 'High', filename: 'login.ts' }), body: RULE_TS }) });
  t.equal(put.status, 200);
  t.match(await put.json(), { spec: { Severity: 'High', Filename: 'login.ts' } });
  const after = await loadAnalysisDir(join(lake, 'detections'));
  t.same(after.items.map((i) => i.file.split('/')[1]), ['login.yml'], 'the renamed body replaced the old files');
  t.equal(after.items.filter((i) => i.type === 'rule').length, 1);

  const wrongId = await app.request('/api/detections/Custom.ConsoleLogin', { method: 'PUT', headers: json, body: JSON.stringify({ yaml: ruleYaml({ id: 'Other.Id' }), body: RULE_TS }) });
  t.equal(wrongId.status, 400);
  t.match(await wrongId.json(), { status: 400, errors: [{ path: 'body.yaml.RuleID' }] });

  const off = await app.request('/api/detections/Custom.ConsoleLogin', { method: 'PATCH', headers: json, body: JSON.stringify({ enabled: false }) });
  t.equal(off.status, 200);
  const offBody = (await off.json()) as { enabled: boolean; yaml: string };
  t.equal(offBody.enabled, false);
  t.match(offBody.yaml, /^# a comment that must survive edits\n/);
  t.match(offBody.yaml, /\nEnabled: false\n/);
  t.equal((await loadAnalysisDir(join(lake, 'detections'))).items[0]!.type === 'rule' && ((await loadAnalysisDir(join(lake, 'detections'))).items[0] as { spec: { Enabled: boolean } }).spec.Enabled, false, 'the stored spec says so');

  t.equal((await app.request('/api/detections/Custom.ConsoleLogin', { method: 'DELETE', headers: auth })).status, 204);
  t.equal((await app.request('/api/detections/Custom.ConsoleLogin', { headers: auth })).status, 404);
  t.equal((await app.request('/api/detections/Custom.ConsoleLogin', { method: 'DELETE', headers: auth })).status, 404);
  t.same((await loadAnalysisDir(join(lake, 'detections'))).items, []);
  t.equal((await app.request('/api/detections', { method: 'POST', body: '{}' })).status, 401);
});

t.test('built-ins can be disabled, not edited or deleted', async (t) => {
  const { app, documents } = setup();
  const off = await app.request(`/api/detections/${BUILTIN}`, { method: 'PATCH', headers: json, body: JSON.stringify({ enabled: false }) });
  t.equal(off.status, 200);
  t.match(await off.json(), { id: BUILTIN, enabled: false, builtin: true });
  t.same((await list(app, '?enabled=false')).map((i) => i.id), [BUILTIN]);
  t.same([...(await enabledOverrides(documents))], [[BUILTIN, false]], 'the override the pipeline reads');
  const del = await app.request(`/api/detections/${BUILTIN}`, { method: 'DELETE', headers: auth });
  t.equal(del.status, 409);
  t.match(await del.json(), { status: 409, detail: /can be disabled, not deleted/ });
  const put = await app.request(`/api/detections/${BUILTIN}`, { method: 'PUT', headers: json, body: JSON.stringify({ yaml: ruleYaml({ id: BUILTIN }), body: RULE_TS }) });
  t.equal(put.status, 409);
  const bad = await app.request(`/api/detections/${BUILTIN}`, { method: 'PATCH', headers: json, body: JSON.stringify({ enabled: 'no' }) });
  t.equal(bad.status, 400);
  t.match(await bad.json(), { errors: [{ path: 'body.enabled' }] });
});

t.test('invalid specs are 400s naming the key', async (t) => {
  const { app } = setup();
  const post = async (body: unknown) => {
    const r = await app.request('/api/detections', { method: 'POST', headers: json, body: JSON.stringify(body) });
    return { status: r.status, problem: (await r.json()) as { errors?: Array<{ path: string; message: string }> } };
  };
  const cases: Array<[unknown, string, RegExp?]> = [
    [{ yaml: ruleYaml({ severity: 'Urgent' }), body: RULE_TS }, 'body.yaml.Severity', /line 7: Invalid option/],
    [{ yaml: ruleYaml().replace('LogTypes:\n  - AWS.CloudTrail\n', ''), body: RULE_TS }, 'body.yaml.LogTypes', /required key is missing/],
    [{ yaml: `${ruleYaml()}Severty: High\n`, body: RULE_TS }, 'body.yaml.Severty', /unknown key/],
    [{ yaml: ruleYaml({ filename: '../escape.ts' }), body: RULE_TS }, 'body.yaml.Filename'],
    [{ yaml: ruleYaml({ filename: 'x.py' }), body: 'def rule(e): return True', language: 'typescript' }, 'body.language'],
    [{ yaml: ruleYaml() }, 'body.body'],
    [{ yaml: 'AnalysisType: global\nGlobalID: g\nFilename: g.py\n', body: '' }, 'body.yaml.AnalysisType'],
    [{ yaml: 'a: [unclosed', body: RULE_TS }, 'body.yaml', /invalid YAML/],
    [{ yaml: '- a list' }, 'body.yaml'],
    [{ yaml: ruleYaml(), body: RULE_TS, extra: 1 }, 'body'],
    [{ body: RULE_TS }, 'body.yaml'],
  ];
  for (const [body, path, message] of cases) {
    const r = await post(body);
    t.equal(r.status, 400, path);
    const e = r.problem.errors?.find((x) => x.path === path);
    t.ok(e, `names ${path}: ${JSON.stringify(r.problem.errors)}`);
    if (message !== undefined) t.match(e?.message, message);
  }
  t.same((await list(app)).filter((i) => !i.builtin), [], 'nothing stored');
});

t.test('run tests: unsaved content, then a saved and a built-in detection', async (t) => {
  const { app } = setup();
  const draft = await app.request('/api/detections/test', { method: 'POST', headers: json, body: JSON.stringify({ yaml: ruleYaml(), body: RULE_TS, language: 'typescript' }) });
  t.equal(draft.status, 200);
  t.same(await draft.json(), {
    id: 'Custom.ConsoleLogin',
    passed: 2,
    failed: 0,
    results: [
      { name: 'a login', passed: true, expected: true, actual: true, title: 'login from 192.0.2.1', dedup: 'login from 192.0.2.1', alertContext: null },
      { name: 'something else', passed: true, expected: false, actual: false },
    ],
    errors: [],
  });
  const failing = (await (await app.request('/api/detections/test', { method: 'POST', headers: json, body: JSON.stringify({ yaml: ruleYaml({ expected: false }), body: RULE_TS }) })).json()) as { passed: number; failed: number; results: Array<{ passed: boolean; error?: string }> };
  t.equal(failing.passed, 1);
  t.equal(failing.failed, 1);
  t.match(failing.results[0]!.error, /expected rule\(\) to return False, got True/);
  const invalid = await app.request('/api/detections/test', { method: 'POST', headers: json, body: JSON.stringify({ yaml: ruleYaml({ severity: 'x' }), body: RULE_TS }) });
  t.equal(invalid.status, 400);

  const builtin = (await (await app.request(`/api/detections/${BUILTIN}/test`, { method: 'POST', headers: auth })).json()) as { id: string; passed: number; failed: number; results: unknown[] };
  t.same([builtin.id, builtin.failed], [BUILTIN, 0]);
  t.ok(builtin.passed >= 2, 'every test of the pack rule passes');
  t.equal(builtin.passed, builtin.results.length);
  await app.request('/api/detections', { method: 'POST', headers: json, body: JSON.stringify({ yaml: ruleYaml({ expected: false }), body: RULE_TS }) });
  const saved = (await (await app.request('/api/detections/Custom.ConsoleLogin/test', { method: 'POST', headers: auth })).json()) as { passed: number; failed: number };
  t.same([saved.passed, saved.failed], [1, 1]);
  t.equal((await app.request('/api/detections/No.Such/test', { method: 'POST', headers: auth })).status, 404);
  t.equal((await app.request('/api/detections/test', { method: 'POST', body: '{}' })).status, 401);
});

t.test('upload a panther analysis zip bundle', async (t) => {
  const { app, lake } = setup();
  const zip = (entries: Record<string, string>) => writeZip(Object.entries(entries).map(([name, data]) => ({ name, data: Buffer.from(data) })));
  const upload = (body: Buffer, type = 'application/zip') => app.request('/api/detections/upload', { method: 'POST', headers: { ...auth, 'content-type': type }, body });

  const first = await upload(
    zip({
      'rules/login/console_login.yml': ruleYaml(),
      'rules/login/console_login.ts': RULE_TS,
      'rules/other/other.yml': ruleYaml({ id: 'Custom.Other', filename: '../login/console_login.ts' }),
      'rules/broken.yml': ruleYaml({ id: 'Custom.Broken', severity: 'Nope' }),
      'rules/builtin.yml': ruleYaml({ id: BUILTIN, filename: 'login/console_login.ts' }),
      'README.md': 'not a spec',
    }),
  );
  t.equal(first.status, 200);
  const r1 = (await first.json()) as { created: string[]; updated: string[]; errors: string[] };
  t.same(r1.created, ['Custom.ConsoleLogin', 'Custom.Other']);
  t.same(r1.updated, []);
  t.equal(r1.errors.length, 2);
  t.match(r1.errors[0], /^rules\/broken\.yml:7: Severity: Invalid option/);
  t.match(r1.errors[1], /built-in detection: disable it instead/);

  const stored = await loadAnalysisDir(join(lake, 'detections'));
  t.same(stored.errors, [], 'stored flat, Filename rewritten where it pointed elsewhere');
  t.same(stored.items.map((i) => i.id).sort(), ['Custom.ConsoleLogin', 'Custom.Other']);

  const second = (await (await upload(zip({ 'console_login.yml': ruleYaml({ severity: 'High' }), 'console_login.ts': RULE_TS }))).json()) as { created: string[]; updated: string[] };
  t.same(second, { created: [], updated: ['Custom.ConsoleLogin'], errors: [] });
  t.match(await (await app.request('/api/detections/Custom.ConsoleLogin', { headers: auth })).json(), { spec: { Severity: 'High' } });

  const notZip = await upload(Buffer.from('hello'));
  t.equal(notZip.status, 400);
  t.match(await notZip.json(), { errors: [{ path: 'body' }] });
  t.equal((await upload(zip({ 'a.yml': 'x: 1' }), 'application/json')).status, 400, 'the content type must say zip');
  t.equal((await app.request('/api/detections/upload', { method: 'POST', body: zip({}) })).status, 401);
});

t.test('a bundle declaring too much is refused before inflating', async (t) => {
  const { repo } = setup();
  const big = writeZip([{ name: 'a.yml', data: Buffer.alloc(2_000, 32) }]);
  const small = new DetectionsRepo({ objects: new DirObjectStore(mkdtempSync(join(tmpdir(), 'api-det-'))), documents: new DirDocumentStore(mkdtempSync(join(tmpdir(), 'api-doc-'))), maxUploadBytes: 1_000 });
  await t.rejects(small.upload(big), /expands to 2000 bytes; at most 1000/);
  const many = writeZip(Array.from({ length: 3 }, (_, i) => ({ name: `f${i}.yml`, data: Buffer.from('x: 1') })));
  const few = new DetectionsRepo({ objects: new DirObjectStore(mkdtempSync(join(tmpdir(), 'api-det-'))), documents: new DirDocumentStore(mkdtempSync(join(tmpdir(), 'api-doc-'))), maxUploadFiles: 2 });
  await t.rejects(few.upload(many), /has 3 files; at most 2/);
  await repo.close();
});

t.test('Python: a rule importing a user global, from an uploaded bundle', async (t) => {
  const { app } = setup();
  const zip = writeZip([
    { name: 'global_helpers/panther_base_helpers.yml', data: Buffer.from('AnalysisType: global\nGlobalID: panther_base_helpers\nFilename: panther_base_helpers.py\n') },
    { name: 'global_helpers/panther_base_helpers.py', data: Buffer.from('from collections.abc import Mapping\n\ndef deep_get(d, *keys, default=None):\n    for k in keys:\n        if not isinstance(d, Mapping) or k not in d:\n            return default\n        d = d[k]\n    return d\n') },
    {
      name: 'rules/root_login.yml',
      data: Buffer.from(
        'AnalysisType: rule\nRuleID: Py.RootLogin\nFilename: root_login.py\nSeverity: High\nLogTypes: [AWS.CloudTrail]\nTests:\n  - Name: root\n    ExpectedResult: true\n    Log: { eventName: ConsoleLogin, userIdentity: { type: Root } }\n  - Name: user\n    ExpectedResult: false\n    Log: { eventName: ConsoleLogin, userIdentity: { type: IAMUser } }\n',
      ),
    },
    { name: 'rules/root_login.py', data: Buffer.from("from panther_base_helpers import deep_get\n\ndef rule(event):\n    return deep_get(event, 'userIdentity', 'type') == 'Root'\n\ndef title(event):\n    return 'root console login'\n") },
  ]);
  const up = await app.request('/api/detections/upload', { method: 'POST', headers: { ...auth, 'content-type': 'application/zip' }, body: zip });
  t.same(await up.json(), { created: ['Py.RootLogin', 'panther_base_helpers'], updated: [], errors: [] });
  const items = (await list(app)).filter((i) => !i.builtin);
  t.same(items.map((i) => [i.id, i.language]), [['Py.RootLogin', 'python']], 'globals are stored but not listed as detections');
  const run = await app.request('/api/detections/Py.RootLogin/test', { method: 'POST', headers: auth });
  t.match(await run.json(), {
    id: 'Py.RootLogin',
    passed: 2,
    failed: 0,
    results: [
      { name: 'root', passed: true, actual: true, title: 'root console login' },
      { name: 'user', passed: true, actual: false },
    ],
    errors: [],
  });
});
