// The scheduled-rules subsystem synthesized beside storage, the workgroup and detections: the
// schedule, the function and its least-privilege role.
import t from 'tap';
import { Query } from '../../stacks/query.js';
import { SCHEDULED_SIDS, ScheduledRules } from '../../stacks/scheduled-rules.js';
import { checkFunctions, checkIamWildcards, checkReferences } from '../helpers/synth-checks.js';
import { bundleOutRoot, detectionsScaffold, scaffoldWiring } from './fixtures/detections-scaffold.js';
import { finders, ref, synthJson, type StackJson } from './fixtures/synth-finders.js';

const outRoot = bundleOutRoot(t, 'scheduled-stack');

function synth(tickMinutes?: number): StackJson {
  const s = detectionsScaffold(outRoot);
  const query = new Query(s.stack, 'query', { prefix: 'acme', resultsBucket: s.storage.queryResultsBucket, kmsKey: s.storage.dataKey });
  new ScheduledRules(s.stack, 'scheduled', {
    ...scaffoldWiring(s),
    lakeBucket: s.storage.lakeBucket,
    resultsBucket: s.storage.queryResultsBucket,
    workgroupName: query.workgroupName,
    ...(tickMinutes !== undefined ? { tickMinutes } : {}),
  });
  return synthJson(s.stack);
}

const json = synth();
const { find, policyOf } = finders(json);
const [lakeId] = find('aws_s3_bucket', (b) => String(b.bucket).startsWith('acme-lake-'));
const lakeArn = ref('aws_s3_bucket', lakeId, 'arn');
const [resultsId] = find('aws_s3_bucket', (b) => String(b.bucket).startsWith('acme-query-results-') || String(b.bucket).includes('results'));
const resultsArn = ref('aws_s3_bucket', resultsId, 'arn');
const [alertsId] = find('aws_dynamodb_table', (x) => x.name === 'acme-alerts');
const [docsId] = find('aws_dynamodb_table', (x) => x.name === 'acme-documents');
const [alertQueueId] = find('aws_sqs_queue', (q) => q.name === 'acme-alert-delivery');
const [workgroupId] = find('aws_athena_workgroup', (w) => w.name === 'acme');
const [fnId, fn] = find('aws_lambda_function', (f) => f.function_name === 'acme-scheduled-rules');

t.test('the global checks hold: functions, IAM wildcards, references', async (t) => {
  t.same(checkFunctions(json), []);
  t.same(checkIamWildcards(json), []);
  t.same(checkReferences(json), []);
});

t.test('an EventBridge schedule ticks the function every minute, allowed by a permission scoped to the rule', async (t) => {
  const [ruleId, rule] = find('aws_cloudwatch_event_rule', (r) => r.name === 'acme-scheduled-rules-tick');
  t.equal(rule.schedule_expression, 'rate(1 minute)');
  const [, target] = find('aws_cloudwatch_event_target', () => true);
  t.match(target, { rule: ref('aws_cloudwatch_event_rule', ruleId, 'name'), arn: ref('aws_lambda_function', fnId, 'arn') });
  const [, perm] = find('aws_lambda_permission', (p) => p.principal === 'events.amazonaws.com');
  t.match(perm, { action: 'lambda:InvokeFunction', source_arn: ref('aws_cloudwatch_event_rule', ruleId, 'arn') });
  const every5 = synth(5);
  t.equal(Object.values(every5.resource.aws_cloudwatch_event_rule ?? {})[0]?.schedule_expression, 'rate(5 minutes)');
  t.throws(() => synth(0), /tickMinutes 0: 1-60/);
});

t.test('the function: 15 minutes for queries of up to 10, its environment, no retried ticks', async (t) => {
  t.equal(fn.timeout, 900);
  t.match((fn.environment as { variables: Record<string, string> }).variables, {
    LAKE_BUCKET: ref('aws_s3_bucket', lakeId, 'bucket'),
    ALERTS_TABLE: ref('aws_dynamodb_table', alertsId, 'name'),
    DOCUMENTS_TABLE: ref('aws_dynamodb_table', docsId, 'name'),
    ALERT_QUEUE_URL: ref('aws_sqs_queue', alertQueueId, 'url'),
    ATHENA_WORKGROUP: ref('aws_athena_workgroup', workgroupId, 'name'),
    DATABASE_PREFIX: 'acme',
    PACK_DIR: '/var/task/pack',
  });
  const [, invokeConfig] = find('aws_lambda_function_event_invoke_config', (c) => c.function_name === ref('aws_lambda_function', fnId, 'function_name'));
  t.match(invokeConfig, { maximum_retry_attempts: 0, maximum_event_age_in_seconds: 60 });
});

t.test('role: the workgroup, the lake catalog, lake reads, rule outputs, its own collection, the alert queue', async (t) => {
  const s = new Map(policyOf('acme-scheduled-rules').map((x) => [x.sid, x]));
  t.same(s.get(SCHEDULED_SIDS.athena)?.resources, ['arn:${data.aws_partition.' + String(/aws_partition\.([^.]+)\./.exec(String(s.get(SCHEDULED_SIDS.athena)?.resources[0]))?.[1]) + '.partition}:athena:eu-west-1:${data.aws_caller_identity.' + String(/aws_caller_identity\.([^.]+)\./.exec(String(s.get(SCHEDULED_SIDS.athena)?.resources[0]))?.[1]) + '.account_id}:workgroup/' + ref('aws_athena_workgroup', workgroupId, 'name')]);
  t.same(s.get(SCHEDULED_SIDS.athena)?.actions, ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution']);
  const glue = s.get(SCHEDULED_SIDS.glue)?.resources.map((r) => r.replace(/^.*:glue:eu-west-1:[^:]+:/, '')) ?? [];
  t.same(glue, [
    'catalog',
    'database/acme_logs',
    'database/acme_rule_matches',
    'database/acme_rule_errors',
    'database/acme_views',
    'table/acme_logs/*',
    'table/acme_rule_matches/*',
    'table/acme_rule_errors/*',
    'table/acme_views/*',
  ]);
  t.notOk(s.get(SCHEDULED_SIDS.glue)?.actions.some((a) => !/^glue:Get/.test(a)), 'Glue read-only');
  t.same(s.get(SCHEDULED_SIDS.readLake)?.resources, [`${lakeArn}/logs/*`, `${lakeArn}/rules/*`, `${lakeArn}/rule_errors/*`]);
  t.same(s.get(SCHEDULED_SIDS.writeOutputs)?.resources, [`${lakeArn}/rules/*`, `${lakeArn}/rule_errors/*`]);
  t.same(s.get(SCHEDULED_SIDS.results)?.resources, [`${resultsArn}/athena/*`]);
  t.match(s.get(SCHEDULED_SIDS.listLake), { resources: [lakeArn], condition: [{ test: 'StringLike', variable: 's3:prefix' }] });
  t.same(s.get(SCHEDULED_SIDS.alerts)?.resources, [ref('aws_dynamodb_table', alertsId, 'arn')]);
  t.match(s.get(SCHEDULED_SIDS.runs), {
    resources: [ref('aws_dynamodb_table', docsId, 'arn')],
    condition: [{ test: 'ForAllValues:StringEquals', variable: 'dynamodb:LeadingKeys', values: ['scheduled-query-runs'] }],
  });
  t.same(s.get(SCHEDULED_SIDS.enqueue)?.resources, [ref('aws_sqs_queue', alertQueueId, 'arn')]);
  const writes = [...s.values()].filter((x) => x.actions.some((a) => /^s3:(PutObject|DeleteObject)/.test(a))).map((x) => x.sid).sort();
  t.same(writes, [SCHEDULED_SIDS.results, SCHEDULED_SIDS.writeOutputs].sort(), 'S3 writes only to rule outputs and query results');
  t.notOk([...s.values()].some((x) => x.actions.some((a) => a.startsWith('secretsmanager:') || a === 'dynamodb:DeleteItem')), 'no secrets, no deletes');
});
