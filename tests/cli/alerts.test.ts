// `panther process` runs the detections on what it ingested; `panther alerts` lists what they opened.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';
import type { Alert } from '../../detections/types.js';
import { builtinLogTypes } from '../../parsers/registry.js';
import { sampleFiles, sampleLogType } from '../../parsers/samples.js';
import { panther } from '../helpers/cli.js';
import { lakeKeys, lakeRows } from '../helpers/lake.js';

const cloudtrail = sampleFiles().filter((f) => sampleLogType(f, builtinLogTypes.map((l) => l.name)) === 'AWS.CloudTrail');

/** A Panther-format directory with one rule that throws on every CloudTrail event. */
function throwingRules(): string {
  const dir = mkdtempSync(join(tmpdir(), 'panther-cli-rules-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'bad.yml'), 'AnalysisType: rule\nFilename: bad.ts\nRuleID: Fixture.Bad\nEnabled: true\nSeverity: Low\nLogTypes: [AWS.CloudTrail]\n');
  writeFileSync(join(dir, 'bad.ts'), "export function rule(): boolean {\n  throw new TypeError('fixture failure');\n}\n");
  return dir;
}

t.test('process runs the pack and --detections DIR; alerts lists, filters and prints JSON', async (t) => {
  const lake = mkdtempSync(join(tmpdir(), 'panther-lake-'));
  const r = panther(['process', '--quiet', '--lake', lake, '--detections', throwingRules(), ...cloudtrail]);
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, /Detections: 51 rule\(s\) over \d+ event\(s\): [1-9]\d* match\(es\), [1-9]\d* rule error\(s\), [1-9]\d* alert\(s\) opened\./);
  t.match(r.stdout, /AWS\.CloudTrail\.RootAccountUsed\s+1 match\(es\)/);
  t.match(r.stdout, /Fixture\.Bad\s+0 match\(es\), \d+ error\(s\) \(see rule_errors\/\)/);
  const errors = await lakeRows(new DirObjectStore(lake), 'rule_errors/');
  t.ok(errors.length > 0 && errors.every((e) => e.p_rule_id === 'Fixture.Bad' && e.p_rule_error === 'rule: TypeError: fixture failure'));

  const list = panther(['alerts', '--lake', lake]);
  t.equal(list.status, 0, list.stderr);
  t.match(list.stdout, /^SEVERITY\s+STATUS\s+EVENTS\s+CREATED\s+UPDATED\s+RULE\s+TITLE\n/);
  t.match(list.stdout, /HIGH\s+OPEN\s+1\s+\S+Z\s+\S+Z\s+AWS\.CloudTrail\.RootAccountUsed\s+Root user of account 111122223333/);

  const json = panther(['alerts', '--lake', lake, '--json']);
  const alerts = JSON.parse(json.stdout) as Alert[];
  t.ok(alerts.length >= 1);
  t.match(list.stdout, new RegExp(`\\n${alerts.length} alert\\(s\\)\\.\\n$`), 'the table counts every alert');
  const root = alerts.find((a) => a.ruleId === 'AWS.CloudTrail.RootAccountUsed');
  t.match(root, { severity: 'HIGH', status: 'OPEN', eventCount: 1, logTypes: ['AWS.CloudTrail'] });
  // The match row in the lake links to the alert.
  const rows = await lakeRows(new DirObjectStore(lake), 'rules/');
  t.ok(rows.some((row) => row.p_rule_id === root?.ruleId && row.p_alert_id === root?.alertId));

  const high = JSON.parse(panther(['alerts', '--lake', lake, '--json', '--severity', 'high']).stdout) as Alert[];
  t.same(high.map((a) => a.alertId), alerts.filter((a) => a.severity === 'HIGH').map((a) => a.alertId));
  t.same(JSON.parse(panther(['alerts', '--lake', lake, '--json', '--status', 'CLOSED']).stdout), []);
  t.equal(panther(['alerts', '--lake', lake, '--status', 'CLOSED']).stdout, 'No alerts.\n');
  const bad = panther(['alerts', '--lake', lake, '--severity', 'urgent']);
  t.equal(bad.status, 1);
  t.match(bad.stderr, /invalid severity "URGENT"/);
});

t.test('--json carries the detection counts; --no-detections only ingests', async (t) => {
  const lake = mkdtempSync(join(tmpdir(), 'panther-lake-'));
  const r = panther(['process', '--json', '--quiet', '--lake', lake, ...cloudtrail]);
  t.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { detections: { rules: number; matches: number; errors: number; alertsOpened: number; matchesByRule: Record<string, number> } };
  t.equal(out.detections.rules, 50);
  t.equal(out.detections.errors, 0);
  t.equal(out.detections.matchesByRule['AWS.CloudTrail.RootAccountUsed'], 1);
  t.ok(out.detections.alertsOpened >= 1);

  const plain = mkdtempSync(join(tmpdir(), 'panther-lake-'));
  const n = panther(['process', '--json', '--quiet', '--no-detections', '--lake', plain, ...cloudtrail]);
  t.equal(n.status, 0, n.stderr);
  t.notOk('detections' in (JSON.parse(n.stdout) as object));
  t.same(await lakeKeys(new DirObjectStore(plain), 'rules/'), []);
  t.equal(panther(['alerts', '--lake', plain]).stdout, 'No alerts.\n');
});

t.test('a --detections path that is not a directory is an error', async (t) => {
  const lake = mkdtempSync(join(tmpdir(), 'panther-lake-'));
  const r = panther(['process', '--quiet', '--lake', lake, '--detections', '/no/such/rules', ...cloudtrail]);
  t.equal(r.status, 1);
  t.match(r.stderr, /--detections \/no\/such\/rules: not a directory/);
});

t.test('alerts --help', async (t) => {
  const h = panther(['alerts', '--help']);
  t.equal(h.status, 0);
  t.match(h.stdout, /Usage: panther alerts/);
  t.match(h.stdout, /--severity <severity>/);
  t.match(panther(['--help']).stdout, /alerts/);
});
