// The real detections bundle runs Python and user TypeScript detections under plain Node (no tsx,
// no esbuild, no type stripping): its handler, in a child process, reads a CloudTrail object and the
// user's detections from S3 and writes matches back (S3 and SQS on loopback, DynamoDB in dynalite).
import t from 'tap';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { bundleFunction, PROJECT_ROOT } from '../../../stacks/constructs/bundle.js';
import { PACK_FOLDER, stagePack } from '../../../stacks/detections.js';
import { tempLake } from '../../helpers/lake.js';
import { startFakeAws } from './fixtures/aws-servers.js';
import { cloudTrailLine, ingestCloudTrail, rootLogin } from '../../helpers/cloudtrail.js';
import { s3Notification, startDynamo } from './fixtures/env.js';

const work = mkdtempSync(join(tmpdir(), 'panther-detections-runtime-'));
// Inside the repository, so the bundle's external @aws-sdk imports resolve in the child.
const outRoot = join(PROJECT_ROOT, '.build', `test-detections-runtime-${process.pid}`);
t.teardown(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(outRoot, { recursive: true, force: true });
});

// A pack with a Python rule importing a Python global helper, staged as stacks/detections.ts does.
const staged = stagePack(fileURLToPath(new URL('./fixtures/python-pack', import.meta.url)), join(work, 'packs'));
const bundle = bundleFunction('detections', { outRoot, include: [{ dir: staged.packDir, as: PACK_FOLDER }] });

/** The user's detections in the lake: Python using the pack's global; TypeScript with types, an enum and a helper import. */
const USER: Record<string, string> = {
  'detections/rules/py_root.yml': 'AnalysisType: rule\nFilename: py_root.py\nRuleID: User.Python.Root\nEnabled: true\nSeverity: Low\nLogTypes: [AWS.CloudTrail]\n',
  'detections/rules/py_root.py': 'from pack_helpers import is_root\n\ndef rule(event):\n    return is_root(event)\n\ndef title(event):\n    return "user python: " + event.get("eventName")\n',
  // Module state survives between messages only if the rules stay loaded (one Python engine for both).
  'detections/rules/py_counter.yml': 'AnalysisType: rule\nFilename: py_counter.py\nRuleID: User.Python.Counter\nEnabled: true\nSeverity: Info\nLogTypes: [AWS.CloudTrail]\n',
  'detections/rules/py_counter.py': 'seen = [0]\n\ndef rule(event):\n    if event.get("eventName") != "ConsoleLogin":\n        return False\n    seen[0] += 1\n    return True\n\ndef title(event):\n    return f"login number {seen[0]}"\n',
  'detections/rules/ts_root.yml': 'AnalysisType: rule\nFilename: ts_root.ts\nRuleID: User.TS.Root\nEnabled: true\nSeverity: Medium\nLogTypes: [AWS.CloudTrail]\n',
  'detections/rules/ts_root.ts': [
    "import type { Identity } from './ts_helper.js';",
    "import { identityType } from './ts_helper.js';",
    'enum Kind { Root = "Root", User = "IAMUser" }',
    'interface Ev { get(key: string): unknown }',
    'export function rule(event: Ev): boolean {',
    '  return identityType(event.get("userIdentity") as Identity | undefined) === Kind.Root;',
    '}',
    'export const title = (event: Ev): string => `user ts: ${String(event.get("eventName"))}`;',
    '',
  ].join('\n'),
  'detections/rules/ts_helper.ts': 'export interface Identity { readonly type?: string }\nexport const identityType = (i: Identity | undefined): string | undefined => i?.type;\n',
};

interface Run {
  readonly result: unknown;
  readonly logs: string;
}

/** Runs the bundle's handler on one SQS record in plain Node, against the fake AWS endpoints. */
function runBundled(env: Record<string, string>, sqsBodies: readonly string[]): Promise<Run> {
  const runner = join(work, 'run.mjs');
  const record = (body: string, i: number): Record<string, unknown> => ({ messageId: `m${i}`, receiptHandle: 'r', body, attributes: {}, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:acme-detections', awsRegion: 'us-east-1' });
  const event = { Records: sqsBodies.map(record) };
  writeFileSync(
    runner,
    `const { handler } = await import(${JSON.stringify(pathToFileURL(bundle.file).href)});\n` +
      `const context = { functionName: 'acme-detections', functionVersion: '1', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:acme-detections', memoryLimitInMB: '2048', awsRequestId: 'req', getRemainingTimeInMillis: () => 300000 };\n` +
      `const out = await handler(${JSON.stringify(event)}, context);\n` +
      `process.stdout.write('\\nRESULT ' + JSON.stringify(out) + '\\n');\n` +
      // The Python worker thread keeps the event loop alive, as it does between Lambda invocations.
      'process.exit(0);\n',
  );
  // No TypeScript loader: the test runner's NODE_OPTIONS are not passed on.
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'NODE_OPTIONS' && !k.startsWith('TAP')) childEnv[k] = v;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [runner], { cwd: work, env: { ...childEnv, ...env }, encoding: 'utf8', timeout: 120_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${err.message}\n${stdout}\n${stderr}`));
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (line === undefined) return reject(new Error(`no result:\n${stdout}\n${stderr}`));
      resolve({ result: JSON.parse(line.slice('RESULT '.length)) as unknown, logs: stdout + stderr });
    });
  });
}

t.test('the bundle carries the Python worker, Pyodide, the harness and the TypeScript compiler; not esbuild', async (t) => {
  const files = (rel: string): string[] => readdirSync(join(bundle.dir, rel)).sort();
  t.ok(existsSync(join(bundle.dir, 'python', 'worker.mjs')));
  t.same(files('python/pyodide'), ['package.json', 'pyodide-lock.json', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip']);
  t.ok(existsSync(join(bundle.dir, 'python', 'py', '_panther_harness.py')));
  t.ok(existsSync(join(bundle.dir, 'python', 'py', 'panther_detection_helpers', 'caching.py')), 'the harness folder is copied recursively');
  t.ok(existsSync(join(bundle.dir, 'sucrase.mjs')));
  t.notOk(existsSync(join(bundle.dir, 'node_modules')), 'no esbuild stand-in');
  t.ok(files(PACK_FOLDER).includes('rules__root_login.py'));
  // Lambda's limit on the unzipped package is 250 MB.
  t.ok(bundle.totalBytes < 40_000_000, `unzipped size ${bundle.totalBytes} bytes`);
  t.notOk(readFileSync(join(bundle.dir, 'python', 'worker.mjs'), 'utf8').includes(PROJECT_ROOT), 'no path of this machine in the worker');
});

t.test('plain Node runs the packaged Python rule and the user Python and TypeScript rules from the lake', async (t) => {
  const dynamo = await startDynamo();
  t.teardown(() => dynamo.close());
  const tables = await dynamo.tables();
  const aws = await startFakeAws();
  t.teardown(() => aws.close());

  const lake = tempLake();
  t.teardown(() => rmSync(lake.root, { recursive: true, force: true }));
  const keys = (await ingestCloudTrail(lake, 'events', [rootLogin, cloudTrailLine('DescribeInstances')])).filter((k) => k.startsWith('logs/aws_cloudtrail/'));
  t.equal(keys.length, 1);
  const key = keys[0]!;
  aws.objects.set(`acme-lake/${key}`, readFileSync(join(lake.root, ...key.split('/'))));
  for (const [k, v] of Object.entries(USER)) aws.objects.set(`acme-lake/${k}`, Buffer.from(v));

  const run = await runBundled(
    {
      LAKE_BUCKET: 'acme-lake',
      ALERTS_TABLE: tables.alerts,
      CACHE_TABLE: tables.cache,
      ALERT_QUEUE_URL: `${aws.endpoint}/123456789012/acme-alert-delivery`,
      PACK_DIR: join(bundle.dir, PACK_FOLDER),
      WORK_DIR: join(work, 'user-detections'),
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_S3: aws.endpoint,
      AWS_ENDPOINT_URL_SQS: aws.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'WARN',
    },
    // The same object announced twice: two messages of one batch.
    [s3Notification('acme-lake', key), s3Notification('acme-lake', key)],
  );
  t.same(run.result, { batchItemFailures: [] });
  t.notMatch(run.logs, /detection skipped/, 'Python detections are not skipped');
  t.notMatch(run.logs, /detection not loaded/, 'every detection loaded');

  const rows = [...aws.objects.entries()]
    .filter(([k]) => k.startsWith('acme-lake/rules/aws_cloudtrail/'))
    .flatMap(([, v]) => gunzipSync(v).toString('utf8').split('\n').filter((l) => l !== ''))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const byRule = (id: string): Record<string, unknown>[] => rows.filter((r) => r.p_rule_id === id);
  // The second message wrote the same output keys (retries are idempotent): its rows are the ones left.
  t.same(byRule('Pack.Python.RootLogin').map((r) => [r.eventName, r.p_rule_title]), [['ConsoleLogin', 'root login from 203.0.113.10']], 'the packaged Python rule matched the root login only');
  t.same(byRule('User.Python.Root').map((r) => r.p_rule_title), ['user python: ConsoleLogin'], "the user's Python rule, with the pack's global");
  t.same(byRule('User.TS.Root').map((r) => r.p_rule_title), ['user ts: ConsoleLogin'], "the user's TypeScript rule, compiled without esbuild");
  t.same(byRule('User.Python.Counter').map((r) => r.p_rule_title), ['login number 2'], 'the second message ran in the same Python engine (rules loaded once, not per message)');
  t.same([...aws.objects.keys()].filter((k) => k.startsWith('acme-lake/rule_errors/')), [], 'no rule errors');
  const queued = aws.messages.map((m) => (JSON.parse(m) as { alertId?: unknown }).alertId);
  // Four rules matched the first message; on the second only the counter's title (its dedup key) is new.
  t.equal(queued.length, 5, 'alerts opened: one per rule and dedup key');
  t.ok(queued.every((id) => typeof id === 'string' && id.length > 0));
});
