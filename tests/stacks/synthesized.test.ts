// The real root stack, synthesized with every built-in log type, and the onboarding modules pass
// the synth checks (tests/helpers/synth-checks.ts; tests/stacks/synth-checks.test.ts shows each
// one failing on a broken fixture).
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { buildModules } from '../../modules/index.js';
import { moduleJson } from '../../modules/lib/module-stack.js';
import { builtinLogTypes } from '../../parsers/registry.js';
import { RootStack } from '../../stacks/root-stack.js';
import { checkBuckets, checkFunctions, checkGlueTables, checkIamWildcards, checkQueues, checkReferences, checkTables, type SynthJson } from '../helpers/synth-checks.js';

t.test('root stack', async (t) => {
  // A synth error (e.g. a configuration or construct error) fails this test with its message.
  const app = Testing.app();
  // The default configuration (prefix panther), every built-in log type; bundles in a temporary directory.
  const outRoot = mkdtempSync(join(tmpdir(), 'panther-synthesized-'));
  t.teardown(() => rmSync(outRoot, { recursive: true, force: true }));
  const stack = new RootStack(app, 'panther', { logTypes: builtinLogTypes, bundle: { outRoot } });
  const json = JSON.parse(Testing.synth(stack)) as SynthJson;
  const count = (type: string): number => Object.keys((json.resource as Record<string, object | undefined>)[type] ?? {}).length;

  t.test('the deployment holds what the checks cover', async (t) => {
    // Without these the checks below would pass on nothing: lake, input, query results and access-log buckets; the input queue and its DLQ; the log processor.
    t.ok(count('aws_s3_bucket') >= 4, `at least 4 buckets (found ${count('aws_s3_bucket')})`);
    t.ok(count('aws_sqs_queue') >= 2, `a queue and its DLQ (found ${count('aws_sqs_queue')})`);
    t.ok(count('aws_lambda_function') >= 1, `at least the log processor (found ${count('aws_lambda_function')})`);
  });
  t.test('buckets: SSE-KMS, versioning, block public access, TLS-only', async (t) => {
    t.same(checkBuckets(json), []);
  });
  t.test('queues: KMS and a DLQ', async (t) => {
    t.same(checkQueues(json), []);
  });
  t.test('tables: PITR and SSE-KMS', async (t) => {
    t.same(checkTables(json), []);
  });
  t.test('functions: own role, log group with retention', async (t) => {
    t.same(checkFunctions(json), []);
  });
  t.test('IAM: no wildcard outside the allow-list', async (t) => {
    t.same(checkIamWildcards(json), []);
  });
  t.test('every ${...} reference resolves', async (t) => {
    t.same(checkReferences(json), []);
  });
  t.test('one Glue table per built-in log type, columns from the declaration, plus unclassified', async (t) => {
    t.same(checkGlueTables(json, builtinLogTypes), []);
    // Logs: one per log type + unclassified; rule matches and rule errors: one per log type + scheduled each; 3 views.
    t.equal(count('aws_glue_catalog_table'), (builtinLogTypes.length + 1) * 3 + 3 + 2, 'and the rule tables, the views, no other');
  });
});

t.test('onboarding modules: IAM wildcards only from the allow-list, every reference resolves', async (t) => {
  const mods = buildModules();
  t.equal(mods.length, 5);
  for (const m of mods) {
    const json = moduleJson(m) as SynthJson;
    t.same(checkIamWildcards(json), [], `${m.moduleName}: IAM wildcards`);
    t.same(checkReferences(json), [], `${m.moduleName}: references`);
  }
});
