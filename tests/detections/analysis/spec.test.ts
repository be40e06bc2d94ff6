import t from 'tap';
import {
  DataModelSpecSchema,
  detectionSettings,
  GlobalSpecSchema,
  PackSpecSchema,
  PolicySpecSchema,
  RuleSpecSchema,
  ScheduledRuleSpecSchema,
  SeveritySchema,
  SPEC_SCHEMAS,
  type RuleItem,
  type PolicyItem,
} from '../../../detections/analysis/spec.js';

const rule = { AnalysisType: 'rule', Filename: 'r.py', RuleID: 'R.One', Enabled: true, LogTypes: ['AWS.CloudTrail'], Severity: 'High' };
const scheduled = { AnalysisType: 'scheduled_rule', Filename: 's.py', RuleID: 'S.One', Enabled: true, ScheduledQueries: ['Q'], Severity: 'Low' };
const policy = { AnalysisType: 'policy', Filename: 'p.py', PolicyID: 'P.One', Enabled: true, Severity: 'Info', ResourceTypes: ['AWS.S3.Bucket'] };
const global = { AnalysisType: 'global', Filename: 'g.py', GlobalID: 'g' };
const datamodel = { AnalysisType: 'datamodel', DataModelID: 'DM', LogTypes: ['AWS.CloudTrail'], Mappings: [{ Name: 'source_ip', Path: 'sourceIPAddress' }] };
const pack = { AnalysisType: 'pack', PackID: 'Pack', PackDefinition: { IDs: ['R.One'] } };

/** "path: message" of every issue, to assert exact messages. */
function issues(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string; code: string }> } } }, value: unknown): string[] {
  const r = schema.safeParse(value);
  return r.success ? [] : (r.error?.issues ?? []).map((i) => `${i.path.map(String).join('.')}: ${i.code}: ${i.message}`);
}

t.test('defaults: Enabled, CreateAlert, DedupPeriodMinutes 60, Threshold 1', async (t) => {
  const { Enabled: _e, ...noEnabled } = rule;
  const r = RuleSpecSchema.parse(noEnabled);
  t.equal(r.Enabled, true);
  t.equal(r.CreateAlert, true);
  t.equal(r.DedupPeriodMinutes, 60);
  t.equal(r.Threshold, 1);
  t.equal(ScheduledRuleSpecSchema.parse(scheduled).DedupPeriodMinutes, 60);
  t.equal(DataModelSpecSchema.parse(datamodel).Enabled, true);
  const set = RuleSpecSchema.parse({ ...rule, Enabled: false, CreateAlert: false, DedupPeriodMinutes: 15, Threshold: 5 });
  t.same([set.Enabled, set.CreateAlert, set.DedupPeriodMinutes, set.Threshold], [false, false, 15, 5]);
});

t.test('Severity is case-insensitive and normalized to the contract', async (t) => {
  t.same(['info', 'LOW', 'Medium', 'hIgH', 'Critical'].map((s) => SeveritySchema.parse(s)), ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
  t.same(issues(RuleSpecSchema, { ...rule, Severity: 'Severe' }), ['Severity: custom: Invalid option: expected one of Info|Low|Medium|High|Critical, got "Severe"']);
  t.same(issues(RuleSpecSchema, { ...rule, Severity: 3 }), ['Severity: invalid_type: Invalid input: expected string, received number']);
});

t.test('required keys per type', async (t) => {
  const required: Array<[keyof typeof SPEC_SCHEMAS, Record<string, unknown>, string[]]> = [
    ['rule', rule, ['AnalysisType', 'Filename', 'RuleID', 'LogTypes', 'Severity']],
    ['scheduled_rule', scheduled, ['AnalysisType', 'Filename', 'RuleID', 'ScheduledQueries', 'Severity']],
    ['policy', policy, ['AnalysisType', 'Filename', 'PolicyID', 'Severity']],
    ['global', global, ['AnalysisType', 'Filename', 'GlobalID']],
    ['datamodel', datamodel, ['AnalysisType', 'DataModelID', 'LogTypes', 'Mappings']],
    ['pack', pack, ['AnalysisType', 'PackID', 'PackDefinition']],
  ];
  for (const [type, spec, keys] of required) {
    t.same(issues(SPEC_SCHEMAS[type], spec), [], `${type}: the minimal spec is valid`);
    for (const k of keys) {
      const { [k]: _drop, ...rest } = spec;
      const got = issues(SPEC_SCHEMAS[type], rest);
      t.equal(got.length, 1, `${type} without ${k}: one issue`);
      t.match(got[0], new RegExp(`^${k}: invalid_`), `${type} without ${k}`);
    }
    // A bare AnalysisType is not a spec.
    t.notOk(SPEC_SCHEMAS[type].safeParse({ AnalysisType: type }).success);
  }
});

// A valid and an invalid value per key; `undefined` where Panther accepts any value.
const VALUES: Record<string, [unknown, unknown]> = {
  AnalysisType: ['<type>', 'other'],
  Enabled: [false, 'yes'],
  Filename: ['x.py', 1],
  RuleID: ['A.B', 'a%b'],
  PolicyID: ['A.B', ''],
  GlobalID: ['a_b', ['x']],
  DataModelID: ['A.B', 'a<b'],
  PackID: ['A.B', 'a&b'],
  DisplayName: ['Name', 'a"b'],
  Description: ['d', 1],
  Severity: ['critical', 'urgent'],
  LogTypes: [['AWS.CloudTrail'], 'AWS.CloudTrail'],
  ResourceTypes: [['AWS.S3.Bucket'], [1]],
  ScheduledQueries: [['Q'], []],
  DedupPeriodMinutes: [30, -1],
  Threshold: [10, '10'],
  Tags: [['t'], 't'],
  Reports: [{ CIS: ['1.1'] }, { CIS: [true] }],
  Reference: ['https://x', 1],
  Runbook: ['r', 1],
  SummaryAttributes: [['a'], [1]],
  OutputIds: [['o'], 'o'],
  Status: ['Experimental', 1],
  CreateAlert: [false, 'no'],
  Suppressions: [['s*'], 's*'],
  Tests: [[], [{}]],
  Mappings: [[{ Name: 'n', Path: 'p' }], [{ Name: 'n' }]],
  PackDefinition: [{ IDs: ['x'] }, { IDs: 'x' }],
  OnlyUseBaseRiskScore: [true, 'true'],
  AlertTitle: ['t', 1],
  ActionDelaySeconds: [10, 1.5],
  AutoRemediationID: ['r', 1],
  InlineFilters: [{}, undefined],
  DynamicSeverities: [[], undefined],
  AlertContext: [{}, undefined],
  GroupBy: [{}, undefined],
  AutoRemediationParameters: [{}, undefined],
  PackVersion: [{ v: 1 }, undefined],
};

t.test('every key of every type: a valid value passes, an invalid one is reported on that key', async (t) => {
  const minimal = { rule, scheduled_rule: scheduled, policy, global, datamodel: { ...datamodel, Filename: 'dm.py' }, pack };
  for (const [type, base] of Object.entries(minimal) as Array<[keyof typeof SPEC_SCHEMAS, Record<string, unknown>]>) {
    const schema = SPEC_SCHEMAS[type];
    for (const key of Object.keys(schema.shape)) {
      t.ok(key in VALUES, `${type}.${key} is exercised`);
      const [good, bad] = VALUES[key] ?? [];
      t.ok(schema.safeParse({ ...base, [key]: good === '<type>' ? type : good }).success, `${type}.${key}: ${JSON.stringify(good)} is valid`);
      if (bad === undefined) continue;
      const r = schema.safeParse({ ...base, [key]: bad });
      t.equal(r.error?.issues[0]?.path[0], key, `${type}.${key}: ${JSON.stringify(bad)} is reported on ${key}`);
    }
  }
});

t.test('unknown keys are errors in every type, at every level', async (t) => {
  for (const spec of [rule, scheduled, policy, global, datamodel, pack]) {
    const type = spec.AnalysisType as keyof typeof SPEC_SCHEMAS;
    t.same(issues(SPEC_SCHEMAS[type], { ...spec, Colour: 'red' }), [': unrecognized_keys: Unrecognized key: "Colour"'], type);
  }
  // A rule names log types, a scheduled rule names queries: not both.
  t.same(issues(RuleSpecSchema, { ...rule, ScheduledQueries: ['Q'] }), [': unrecognized_keys: Unrecognized key: "ScheduledQueries"']);
  t.same(issues(ScheduledRuleSpecSchema, { ...scheduled, LogTypes: ['X'] }), [': unrecognized_keys: Unrecognized key: "LogTypes"']);
  t.same(issues(RuleSpecSchema, { ...rule, Tests: [{ Name: 'a', ExpectedResult: true, Log: {}, Extra: 1 }] }), ['Tests.0: unrecognized_keys: Unrecognized key: "Extra"']);
  t.same(issues(PolicySpecSchema, { ...policy, Tests: [{ Name: 'a', ExpectedResult: true, Log: {} }] }), ['Tests.0.Resource: invalid_type: Invalid input: expected record, received undefined', 'Tests.0: unrecognized_keys: Unrecognized key: "Log"']);
  t.same(issues(PackSpecSchema, { ...pack, PackDefinition: { IDs: [], Other: 1 } }), ['PackDefinition: unrecognized_keys: Unrecognized key: "Other"']);
});

t.test('rule keys: every listed key is accepted and typed', async (t) => {
  const full = RuleSpecSchema.parse({
    ...rule,
    DisplayName: 'Root use',
    Description: 'd',
    Tags: ['AWS'],
    Reports: { CIS: ['3.1', 3.2], 'MITRE ATT&CK': ['TA0001:T1078'] },
    Reference: 'https://example.com',
    Runbook: 'r',
    SummaryAttributes: ['a'],
    OutputIds: ['o'],
    Status: 'Experimental',
    CreateAlert: true,
    Tests: [{ Name: 't', ExpectedResult: false, LogType: 'AWS.CloudTrail', Log: { a: 1 }, Mocks: [{ objectName: 'f', returnValue: 'x' }, { objectName: 'g', returnValue: false }] }],
  });
  t.same(full.Reports, { CIS: ['3.1', '3.2'], 'MITRE ATT&CK': ['TA0001:T1078'] });
  t.same(full.Tests?.[0]?.Mocks, [{ objectName: 'f', returnValue: 'x' }, { objectName: 'g', returnValue: false }]);
  t.same(issues(RuleSpecSchema, { ...rule, Tests: [{ Name: 't', ExpectedResult: 'true', Log: {} }] }), ['Tests.0.ExpectedResult: invalid_type: Invalid input: expected boolean, received string']);
  t.same(issues(RuleSpecSchema, { ...rule, Tests: [{ Name: 't', ExpectedResult: true, Log: {}, Mocks: [{ returnValue: 'x' }] }] }), ['Tests.0.Mocks.0.objectName: invalid_type: Invalid input: expected string, received undefined']);
  t.same(issues(RuleSpecSchema, { ...rule, Reports: { CIS: 'x' } }), ['Reports.CIS: invalid_type: Invalid input: expected array, received string']);
  t.same(issues(RuleSpecSchema, { ...rule, DedupPeriodMinutes: 1.5, Threshold: 0 }), ['DedupPeriodMinutes: invalid_type: must be an integer', 'Threshold: too_small: must be >= 1']);
  t.same(issues(RuleSpecSchema, { ...rule, LogTypes: [] }), ['LogTypes: too_small: must list at least one log type']);
  t.same(issues(RuleSpecSchema, { ...rule, RuleID: 'a<b' }), ['RuleID: invalid_format: must not contain <, >, &, " or %']);
  t.same(issues(RuleSpecSchema, { ...rule, Enabled: 'yes' }), ['Enabled: invalid_type: Invalid input: expected boolean, received string']);
});

t.test('policy, global, data model and pack keys', async (t) => {
  const p = PolicySpecSchema.parse({ ...policy, Suppressions: ['arn:*'], Tests: [{ Name: 'x', ExpectedResult: true, ResourceType: 'AWS.S3.Bucket', Resource: { a: 1 } }] });
  t.same(p.Suppressions, ['arn:*']);
  t.same(p.Tests?.[0]?.Resource, { a: 1 });
  t.same(issues(PolicySpecSchema, { ...policy, DedupPeriodMinutes: 5 }), [': unrecognized_keys: Unrecognized key: "DedupPeriodMinutes"']);
  t.same(GlobalSpecSchema.parse({ ...global, Description: 'd', Tags: ['t'] }).Tags, ['t']);
  t.same(issues(DataModelSpecSchema, { ...datamodel, Filename: 'dm.py', Mappings: [{ Name: 'a', Path: 'x', Method: 'y' }, { Name: 'b' }] }), [
    'Mappings.0: custom: a mapping needs exactly one of Path or Method',
    'Mappings.1: custom: a mapping needs exactly one of Path or Method',
  ]);
  t.same(issues(DataModelSpecSchema, { ...datamodel, Mappings: [{ Name: 'a', Method: 'get_a' }] }), ['Filename: custom: required when a mapping names a Method']);
  t.ok(DataModelSpecSchema.safeParse({ ...datamodel, Filename: 'dm.py', Mappings: [{ Name: 'a', Method: 'get_a' }] }).success);
  t.same(issues(DataModelSpecSchema, { ...datamodel, LogTypes: ['A', 'B'] }), ['LogTypes: too_big: a data model applies to exactly one log type']);
  t.same(PackSpecSchema.parse({ ...pack, DisplayName: 'P', Description: 'd' }).PackDefinition.IDs, ['R.One']);
  t.same(issues(PackSpecSchema, { ...pack, PackDefinition: {} }), ['PackDefinition.IDs: invalid_type: Invalid input: expected array, received undefined']);
});

t.test('detectionSettings maps a spec to the normalization contract', async (t) => {
  const spec = RuleSpecSchema.parse({ ...rule, DisplayName: 'D', OutputIds: ['o'], Tags: ['t'], Reports: { CIS: ['1'] }, SummaryAttributes: ['s'], Threshold: 3, Runbook: 'rb', Reference: 'ref', Description: 'desc' });
  const item: RuleItem = { type: 'rule', id: 'R.One', file: 'r.yml', path: '/r.yml', spec, body: { file: 'r.py', path: '/r.py', language: 'python', source: '' } };
  t.same(detectionSettings(item), { id: 'R.One', severity: 'HIGH', dedupPeriodMinutes: 60, threshold: 3, displayName: 'D', description: 'desc', reference: 'ref', runbook: 'rb', outputIds: ['o'], summaryAttributes: ['s'], tags: ['t'], reports: { CIS: ['1'] } });
  const pItem: PolicyItem = { type: 'policy', id: 'P.One', file: 'p.yml', path: '/p.yml', spec: PolicySpecSchema.parse(policy), body: { file: 'p.py', path: '/p.py', language: 'python', source: '' } };
  t.same(detectionSettings(pItem), { id: 'P.One', severity: 'INFO', dedupPeriodMinutes: 60, threshold: 1 });
});
