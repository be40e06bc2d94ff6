// Cloud security benchmark, each figure with an in-run baseline on the same machine:
//   (a) policy evaluations per second: the built-in pack over the snapshot fixture through the
//       pipeline's path (evaluatePolicyResults: PantherEvent, the TS runtime with its time limit,
//       normalization, compliance entries), against calling each module's policy() directly on the
//       same snapshots (the floor: the policies' own work);
//   (b) the fixture scan: every scanner over the fake two-account organization (aws-sdk-client-mock),
//       wall time and API calls, against the same number of bare mocked SDK calls (the floor: the
//       SDK's per-call cost), so the ratio is the scanners' own overhead.
// `node bin/run-ts.js bench/cloud-security.ts` runs it alone; bench/run.ts runs it after the others.
// Env: BENCH_POLICY_ROUNDS (passes over the fixture, 10), BENCH_SCAN_ROUNDS (3).
import { pathToFileURL } from 'node:url';
import { mockClient } from 'aws-sdk-client-mock';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PantherEvent } from '../detections/engine/event.js';
import { loadTsDetection, findFunction } from '../detections/engine/ts-runtime.js';
import { appliesTo, evaluatePolicyResults, loadPolicies } from '../cloud-security/evaluate.js';
import { loadFixture } from '../cloud-security/fixture.js';
import { recordFixture } from '../tests/cloud-security/fixtures/record-fixture.js';

const seconds = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9;

export async function benchCloudSecurity(): Promise<void> {
  const rounds = Number(process.env.BENCH_POLICY_ROUNDS ?? 10);
  const scanRounds = Number(process.env.BENCH_SCAN_ROUNDS ?? 3);
  process.stderr.write('Cloud security: policy evaluation over the fixture, the fixture scan:\n');
  const snapshots = await loadFixture();
  const { policies, errors } = await loadPolicies();
  if (errors.length > 0) throw new Error(`packs/aws-policies: ${errors.join('; ')}`);

  // (a) Warm-up (module loading, JIT), not timed.
  await evaluatePolicyResults(snapshots, policies);
  let evaluations = 0;
  let failing = 0;
  let started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) {
    const { evaluations: out } = await evaluatePolicyResults(snapshots, policies);
    evaluations += out.length;
    failing += out.filter((e) => e.entry.status === 'FAIL').length;
  }
  const engineSeconds = seconds(started);

  const direct = await Promise.all(
    policies.map(async (p) => ({ p, fn: findFunction(await loadTsDetection(p.body.path), 'policy') as (e: unknown) => unknown })),
  );
  let floorEvaluations = 0;
  let floorFailing = 0;
  started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) {
    for (const { p, fn } of direct) {
      for (const r of snapshots) {
        if (!appliesTo(p, r.ResourceType)) continue;
        floorEvaluations++;
        if (fn(new PantherEvent(r)) === false) floorFailing++;
      }
    }
  }
  const floorSeconds = seconds(started);
  if (floorEvaluations !== evaluations || floorFailing !== failing) {
    process.exitCode = 1;
    process.stderr.write(`  MISMATCH: pipeline ${evaluations} evaluations / ${failing} FAIL, direct ${floorEvaluations} / ${floorFailing}\n`);
  }

  // (b) The fixture scan, best of the rounds.
  let best: Awaited<ReturnType<typeof recordFixture>> | undefined;
  for (let i = 0; i < scanRounds + 1; i++) {
    const r = await recordFixture();
    if (r.problems.length > 0) throw new Error(`fixture scan problems: ${JSON.stringify(r.problems.slice(0, 3))}`);
    // The first round loads every SDK client module: not counted.
    if (i > 0 && (best === undefined || r.seconds < best.seconds)) best = r;
  }
  if (best === undefined) throw new Error('no scan round ran');
  const sqs = mockClient(SQSClient);
  sqs.on(ListQueuesCommand).resolves({ QueueUrls: [] });
  const client = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } });
  for (let i = 0; i < 200; i++) await client.send(new ListQueuesCommand({}));
  started = process.hrtime.bigint();
  for (let i = 0; i < best.apiCalls; i++) await client.send(new ListQueuesCommand({}));
  const callFloorSeconds = seconds(started);
  sqs.restore();

  const f0 = (x: number): string => Math.round(x).toLocaleString('en-US');
  const perSec = (n: number, s: number): number => n / s;
  console.log(`\nCloud security benchmark (${snapshots.length} fixture resources, ${policies.length} policies, ${rounds} passes)`);
  console.log(`Policy evaluations, pipeline path (evaluatePolicyResults):  ${f0(perSec(evaluations, engineSeconds))} evaluations/s (${evaluations / rounds} per pass, ${failing / rounds} FAIL)`);
  console.log(`Policy evaluations, policy() called directly (floor):        ${f0(perSec(floorEvaluations, floorSeconds))} evaluations/s`);
  console.log(`Fixture scan (every scanner, 2 accounts, mocked AWS):        ${best.seconds.toFixed(2)} s wall, ${best.apiCalls} API calls, ${best.snapshots.length} resources (best of ${scanRounds})`);
  console.log(`Bare mocked SDK calls, same count (floor):                   ${callFloorSeconds.toFixed(2)} s`);
  console.log('');
  console.log(`ratio policy-pipeline/direct:   ${(perSec(evaluations, engineSeconds) / perSec(floorEvaluations, floorSeconds)).toFixed(2)}`);
  console.log(`ratio scan/bare-sdk-calls:      ${(best.seconds / callFloorSeconds).toFixed(2)}  (time of the scan over the time of its calls alone)`);
}

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  await benchCloudSecurity();
}
