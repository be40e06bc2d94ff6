import t from 'tap';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyFilters, loadAnalysisDir, parseFilterArgs } from '../../../detections/analysis/load.js';
import type { AnalysisItem, DataModelItem, PackItem, PolicyItem, RuleItem, ScheduledRuleItem, GlobalItem } from '../../../detections/analysis/spec.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const REPO = join(FIXTURES, 'repo');

/** A throwaway repository from a map of relative path -> content. */
function repo(t: { teardown(fn: () => void): void }, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'analysis-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const RULE = 'AnalysisType: rule\nFilename: r.py\nRuleID: R.One\nEnabled: true\nLogTypes:\n  - AWS.CloudTrail\nSeverity: Low\n';
const PY = 'def rule(event):\n    return True\n';

const byId = <T extends AnalysisItem>(items: AnalysisItem[], id: string): T => items.find((i) => i.id === id) as T;

t.test('the fixture repository loads unchanged, every type', async (t) => {
  const { items, errors, skipped } = await loadAnalysisDir(REPO);
  t.same(errors, []);
  t.same(
    items.map((i) => `${i.type} ${i.id} ${i.file}`),
    [
      'datamodel Standard.AWS.CloudTrail data_models/aws_cloudtrail_data_model.yml',
      'global panther_base_helpers global_helpers/panther_base_helpers.yml',
      'pack PantherManaged.Core packs/core.yml',
      'policy AWS.S3.Bucket.Encryption policies/aws_s3_policies/aws_s3_bucket_encryption.yml',
      'scheduled_query Console Logins Per Hour queries/console_logins_per_hour.yml',
      'scheduled_rule AWS.Console.LoginSpike rules/aws_cloudtrail_rules/aws_console_login_spike.yml',
      'rule AWS.CloudTrail.RootActivity rules/aws_cloudtrail_rules/aws_root_activity.yml',
      'rule GitHub.Repo.Deleted rules/json_rules/github_repo_deleted.json',
      'rule Okta.AdminRoleAssigned rules/okta_rules/okta_admin_role_assigned.yml',
    ],
    'dot-folders, package.json and the custom log schema are not specs',
  );
  t.same(skipped, []);

  const root = byId<RuleItem>(items, 'AWS.CloudTrail.RootActivity');
  t.equal(root.path, join(REPO, 'rules/aws_cloudtrail_rules/aws_root_activity.yml'));
  t.same({ ...root.body, source: undefined }, { file: 'rules/aws_cloudtrail_rules/aws_root_activity.py', path: join(REPO, 'rules/aws_cloudtrail_rules/aws_root_activity.py'), language: 'python', source: undefined });
  t.match(root.body.source, /^from panther_base_helpers import aws_account, is_root\n/);
  t.match(root.spec, { Severity: 'HIGH', DedupPeriodMinutes: 15, Threshold: 2, Enabled: true, CreateAlert: true, LogTypes: ['AWS.CloudTrail'], OutputIds: ['slack-security'], SummaryAttributes: ['sourceIPAddress', 'p_any_aws_account_ids'], Tags: ['AWS', 'Identity & Access Management'] });
  t.same(root.spec.Reports, { 'MITRE ATT&CK': ['TA0004:T1078'], CIS: ['3.10', '1.7'] }, 'a numeric control id keeps its source text');
  t.same(root.spec.Tests?.[0], {
    Name: 'Root console login',
    ExpectedResult: true,
    Mocks: [{ objectName: 'is_business_hours', returnValue: 'false' }, { objectName: 'lookup_enabled', returnValue: true }],
    Log: { eventName: 'ConsoleLogin', on: 'yes', eventTime: '2024-01-02T03:04:05Z', userIdentity: { type: 'Root', accountId: '123456789012' } },
  }, 'YAML 1.2: on/yes and timestamps stay strings');

  const ts = byId<RuleItem>(items, 'Okta.AdminRoleAssigned');
  t.equal(ts.body.language, 'typescript');
  t.equal(ts.spec.Enabled, false);
  t.equal(ts.spec.Severity, 'MEDIUM');
  t.equal(ts.spec.DedupPeriodMinutes, 60);
  t.equal(ts.spec.Threshold, 1);

  const json = byId<RuleItem>(items, 'GitHub.Repo.Deleted');
  t.match(json.spec, { Severity: 'LOW', LogTypes: ['GitHub.Audit'], Tags: ['GitHub'] });
  t.equal(json.body.file, 'rules/json_rules/github_repo_deleted.py');

  const global = byId<GlobalItem>(items, 'panther_base_helpers');
  t.equal(global.body.file, 'global_helpers/panther_base_helpers.py');
  t.match(global.body.source, /def is_root\(event\)/);

  const model = byId<DataModelItem>(items, 'Standard.AWS.CloudTrail');
  t.same(model.spec.Mappings, [{ Name: 'actor_user', Method: 'get_actor_user' }, { Name: 'source_ip', Path: 'sourceIPAddress' }, { Name: 'user_agent', Path: '$.userAgent' }]);
  t.equal(model.body?.language, 'python');

  const policy = byId<PolicyItem>(items, 'AWS.S3.Bucket.Encryption');
  t.match(policy.spec, { Severity: 'LOW', ResourceTypes: ['AWS.S3.Bucket'], Suppressions: ['arn:aws:s3:::public-website-*'], DisplayName: 'S3 buckets are encrypted' });
  t.same(policy.spec.Tests?.map((x) => [x.Name, x.ExpectedResult, x.Resource]), [['Encrypted bucket', true, { EncryptionRules: [{ SSEAlgorithm: 'aws:kms' }] }], ['Plain bucket', false, { EncryptionRules: null }]]);

  const scheduled = byId<ScheduledRuleItem>(items, 'AWS.Console.LoginSpike');
  t.same(scheduled.spec.ScheduledQueries, ['Console Logins Per Hour']);
  t.equal(scheduled.spec.Severity, 'CRITICAL');

  const pack = byId<PackItem>(items, 'PantherManaged.Core');
  t.same(pack.spec.PackDefinition.IDs, ['AWS.CloudTrail.RootActivity', 'AWS.S3.Bucket.Encryption', 'panther_base_helpers', 'Standard.AWS.CloudTrail']);
  t.notOk('body' in pack);
});

t.test('the broken fixtures: each error names the file, line and key; the rest still loads', async (t) => {
  const { items, errors } = await loadAnalysisDir(join(FIXTURES, 'bad'));
  t.same(errors.map((e) => e.text), [
    'rules/bad_severity.yml:7: Severity: Invalid option: expected one of Info|Low|Medium|High|Critical, got "Severe"',
    'rules/duplicate_b.yml:6: RuleID: duplicate ID "Bad.Duplicate": already defined in rules/duplicate_a.yml',
    'rules/missing_body.yml:2: Filename: body file rules/does_not_exist.py does not exist',
    'rules/missing_rule_id.yml:1: RuleID: required key is missing',
    // YAML 1.1 would read `Enabled: yes` as true and the `on` key as true.
    'rules/on_key.yml:4: Enabled: Invalid input: expected boolean, received string',
    'rules/on_key.yml:8: on: unknown key',
    // 2024-01-02 is a string in YAML 1.2 (the Description timestamp above it is accepted as text).
    'rules/timestamp_value.yml:9: Threshold: Invalid input: expected number, received string',
    'rules/unknown_key.yml:8: Colour: unknown key',
  ]);
  t.same(errors[0], { file: 'rules/bad_severity.yml', line: 7, key: 'Severity', message: 'Invalid option: expected one of Info|Low|Medium|High|Critical, got "Severe"', text: errors[0]?.text });
  t.same(items.map((i) => `${i.id} ${i.file}`), ['Bad.Duplicate rules/duplicate_a.yml'], 'the first of the duplicates is kept');
});

t.test('nested keys, YAML and JSON syntax errors, bodies', async (t) => {
  const dir = repo(t, {
    'a_nested.yml': RULE + 'Tests:\n  - Name: ok\n    ExpectedResult: true\n    Log: {}\n  - Name: bad\n    ExpectedResult: true\n    Log: {}\n    Mocks:\n      - objectName: f\n        returnValue: x\n      - objectName: g\n',
    'b_syntax.yml': 'AnalysisType: rule\nRuleID: [\n',
    'c_dupkey.yml': RULE + 'Severity: High\n',
    'd_type.yml': 'AnalysisType: detection\nRuleID: X\n',
    'e_ext.yml': RULE.replace('r.py', 'r.rb').replace('R.One', 'R.Ext'),
    'f_broken.json': '{"AnalysisType": "rule",\n "RuleID": }',
    'g_badjson.json': '{\n  "AnalysisType": "rule",\n  "Filename": "r.py",\n  "RuleID": "R.Json",\n  "Enabled": "true",\n  "LogTypes": ["X"],\n  "Severity": "Low"\n}\n',
    'h_mapping.yml': 'AnalysisType: datamodel\nDataModelID: DM\nFilename: r.py\nLogTypes: [X]\nMappings:\n  - Name: a\n    Path: p\n    Method: m\n',
    'i_scalar.yml': 'just a string\n',
    'j_list.yml': '- AnalysisType: rule\n',
    'k_other.yml': 'Enabled: true\n',
    'r.py': PY,
    'sub/z_up.yml': RULE.replace('r.py', '../r.py').replace('R.One', 'R.Up'),
  });
  const { items, errors } = await loadAnalysisDir(dir);
  // JSON.parse's wording varies across Node versions.
  t.match(errors[5]?.text, /^f_broken\.json: invalid JSON: Unexpected token/);
  t.same(errors.map((e) => e.text.replace(/(invalid JSON: ).*/, '$1<node message>')), [
    'a_nested.yml:18: Tests[1].Mocks[1].returnValue: required key is missing',
    'b_syntax.yml:3: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    'c_dupkey.yml:8: invalid YAML: Map keys must be unique',
    'd_type.yml:1: AnalysisType: Invalid option: expected one of rule|scheduled_rule|scheduled_query|policy|global|datamodel|pack, got "detection"',
    'e_ext.yml:2: Filename: unsupported body file "r.rb": expected a .py or .ts file',
    'f_broken.json: invalid JSON: <node message>',
    'g_badjson.json:5: Enabled: Invalid input: expected boolean, received string',
    'h_mapping.yml:6: Mappings[0]: a mapping needs exactly one of Path or Method',
  ]);
  t.same(items.map((i) => i.id), ['R.Up'], 'a Filename relative to the spec may point to a parent folder');
  t.equal((items[0] as RuleItem).body.file, 'r.py');
});

t.test('JSON specs that are not valid YAML still load (without line numbers)', async (t) => {
  const dir = repo(t, {
    'tabs.json': '{\n\t"AnalysisType": "rule",\n\t"Filename": "r.py",\n\t"RuleID": "R.Tabs",\n\t"LogTypes": ["X"],\n\t"Severity": "low",\n\t\t"Colour": 1\n}\n',
    'r.py': PY,
  });
  const { errors } = await loadAnalysisDir(dir);
  // Whichever parser read it, the unknown key is reported.
  t.equal(errors.length, 1);
  t.match(errors[0]?.text, /^tabs\.json(:7)?: Colour: unknown key$/);
});

t.test('skips dot-folders, dot-files, node_modules and non-spec files', async (t) => {
  const dir = repo(t, {
    '.github/workflows/ci.yml': 'AnalysisType: rule\n',
    '.hidden.yml': 'AnalysisType: rule\n',
    'node_modules/pkg/spec.yml': 'AnalysisType: rule\n',
    'rules/r.yml': RULE,
    'rules/r.py': PY,
    'rules/notes.txt': 'AnalysisType: rule\n',
    'rules/README.md': '# rules\n',
    'schemas/custom.yml': 'schema: Custom.X\nfields: []\n',
  });
  const { items, errors, skipped } = await loadAnalysisDir(dir);
  t.same(errors, []);
  t.same(skipped, []);
  t.same(items.map((i) => i.file), ['rules/r.yml']);
});

t.test('Panther specs this engine does not run are skipped with a reason, not errors', async (t) => {
  const dir = repo(t, {
    'a_simple.yml': 'AnalysisType: rule\nRuleID: S\nEnabled: true\nLogTypes: [X]\nSeverity: Low\nDetection:\n  - Key: a\n    Condition: Equals\n    Value: b\n',
    'b_derived.yml': 'AnalysisType: rule\nRuleID: D\nBaseDetection: R.One\nSeverity: High\n',
    'c_lookup.yml': 'AnalysisType: lookup_table\nLookupName: L\n',
    'd_saved.yml': 'AnalysisType: saved_query\nQueryName: Q\nQuery: SELECT 1\n',
    'e_corr.yml': 'AnalysisType: correlation_rule\nRuleID: C\n',
    // Detection alongside a Filename is not a simple detection: the unknown key is reported.
    'f_both.yml': RULE.replace('R.One', 'R.Both') + 'Detection: []\n',
    'r.py': PY,
  });
  const { items, errors, skipped } = await loadAnalysisDir(dir);
  t.same(skipped.map((s) => `${s.file} ${s.analysisType}: ${s.reason}`), [
    'a_simple.yml rule: simple detections (Detection) are not supported',
    'b_derived.yml rule: derived detections (BaseDetection) are not supported',
    'c_lookup.yml lookup_table: lookup_table specs are not run by this engine',
    'd_saved.yml saved_query: saved_query specs are not run by this engine',
    'e_corr.yml correlation_rule: correlation_rule specs are not run by this engine',
  ]);
  t.same(errors.map((e) => e.text), ['f_both.yml:8: Detection: unknown key']);
  t.same(items, []);
});

t.test('cross-file checks: duplicate IDs across types, packs, data models per log type', async (t) => {
  const dir = repo(t, {
    'a.yml': RULE,
    'r.py': PY,
    'b_global.yml': 'AnalysisType: global\nFilename: r.py\nGlobalID: R.One\n',
    'c_dm1.yml': 'AnalysisType: datamodel\nDataModelID: DM1\nLogTypes: [AWS.CloudTrail]\nMappings: []\n',
    'd_dm2.yml': 'AnalysisType: datamodel\nDataModelID: DM2\nLogTypes:\n  - AWS.CloudTrail\nMappings: []\n',
    'e_dm3.yml': 'AnalysisType: datamodel\nDataModelID: DM3\nEnabled: false\nLogTypes: [AWS.CloudTrail]\nMappings: []\n',
    'f_pack.yml': 'AnalysisType: pack\nPackID: P\nPackDefinition:\n  IDs:\n    - R.One\n    - Nope\n    - DM3\n',
  });
  const { items, errors } = await loadAnalysisDir(dir);
  t.same(errors.map((e) => e.text), [
    'b_global.yml:3: GlobalID: duplicate ID "R.One": already defined in a.yml',
    'd_dm2.yml:4: LogTypes[0]: log type AWS.CloudTrail already has an enabled data model, DM1 in c_dm1.yml',
    'f_pack.yml:6: PackDefinition.IDs[1]: unknown ID "Nope"',
  ]);
  t.same(items.map((i) => i.id), ['R.One', 'DM1', 'DM3', 'P'], 'a disabled data model does not conflict');
});

t.test('a missing directory is an error, not an exception', async (t) => {
  const r = await loadAnalysisDir('/nonexistent/analysis');
  t.equal(r.items.length, 0);
  t.match(r.errors[0]?.text, /^\/nonexistent\/analysis: cannot read the analysis directory: ENOENT/);
});

t.test('filters: case-insensitive values, list keys match any element, helpers always kept', async (t) => {
  const ids = async (filter: Record<string, string[]>, exclude?: Record<string, string[]>): Promise<string[]> =>
    (await loadAnalysisDir(REPO, { filter, ...(exclude !== undefined ? { exclude } : {}) })).items.map((i) => i.id);
  const helpers = ['Standard.AWS.CloudTrail', 'panther_base_helpers'];
  t.same(await ids({ Severity: ['High'] }), [...helpers, 'AWS.CloudTrail.RootActivity']);
  t.same(await ids({ Severity: ['low'] }), [...helpers, 'AWS.S3.Bucket.Encryption', 'GitHub.Repo.Deleted']);
  t.same(await ids({ Severity: ['HIGH', 'medium'] }), [...helpers, 'AWS.CloudTrail.RootActivity', 'Okta.AdminRoleAssigned'], 'several values: any');
  t.same(await ids({ LogTypes: ['aws.cloudtrail'] }), [...helpers, 'AWS.CloudTrail.RootActivity']);
  t.same(await ids({ Severity: ['Low'], LogTypes: ['GitHub.Audit'] }), [...helpers, 'GitHub.Repo.Deleted'], 'several keys: all');
  t.same(await ids({ Tags: ['identity & access management'] }), [...helpers, 'AWS.CloudTrail.RootActivity']);
  t.same(await ids({ Enabled: ['false'] }), [...helpers, 'Okta.AdminRoleAssigned']);
  t.same(await ids({ DedupPeriodMinutes: ['60'], AnalysisType: ['rule'] }), [...helpers, 'GitHub.Repo.Deleted', 'Okta.AdminRoleAssigned'], 'defaults are filterable');
  t.same(await ids({ AnalysisType: ['pack'] }), [...helpers, 'PantherManaged.Core']);
  t.same(await ids({ Nope: ['x'] }), helpers, 'a key a spec lacks does not match');
  t.same(await ids({}, { Severity: ['low', 'info'], AnalysisType: ['pack'] }), [...helpers, 'Console Logins Per Hour', 'AWS.Console.LoginSpike', 'AWS.CloudTrail.RootActivity', 'Okta.AdminRoleAssigned']);
  const all = (await loadAnalysisDir(REPO)).items;
  t.equal(applyFilters(all, {}).length, all.length);
});

t.test('filter arguments as Panther takes them', async (t) => {
  t.same(parseFilterArgs(['Severity=High,Critical', 'LogTypes=AWS.CloudTrail', 'Severity=Low', 'Tags!=deprecated']), {
    filter: { Severity: ['High', 'Critical', 'Low'], LogTypes: ['AWS.CloudTrail'] },
    exclude: { Tags: ['deprecated'] },
  });
  t.throws(() => parseFilterArgs(['Severity']), /invalid filter "Severity": expected KEY=VALUE or KEY!=VALUE/);
  t.throws(() => parseFilterArgs(['Severity=']), /invalid filter "Severity="/);
});
