// Unit state: which units are due (new, failed, lost, past the interval), and the store over the
// document store port (the directory adapter), so a stopped scan resumes with what it did not finish.
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirDocumentStore } from '../../../adapters/local/dir-document-store.js';
import { dueUnits, isDue, UNITS_COLLECTION, UnitStateStore, type UnitState } from '../../../cloud-security/units/state.js';
import { unitId, type ScanUnit } from '../../../cloud-security/units/unit.js';

const T0 = new Date('2026-03-01T00:00:00.000Z');
const min = (m: number) => new Date(T0.getTime() + m * 60_000);
const opts = { intervalMs: 60 * 60_000, staleMs: 120 * 60_000, slackMs: 60_000 };
const unit = (type: string, region = 'eu-west-1'): ScanUnit => ({ accountId: '111111111111', region, resourceType: type, partition: 'aws' });
const state = (s: Partial<UnitState>): UnitState => ({ accountId: '111111111111', region: 'eu-west-1', resourceType: 'AWS.S3.Bucket', status: 'done', failures: 0, ...s });

t.test('isDue', async (t) => {
  t.equal(isDue(undefined, T0, opts), true, 'never scanned');
  t.equal(isDue(state({ status: 'failed', failures: 1, finishedAt: T0.toISOString() }), min(1), opts), true, 'failed, no backoff: retried at the next tick');
  const backoff = { ...opts, retryBaseMs: 15 * 60_000 };
  t.equal(isDue(state({ status: 'failed', failures: 1, finishedAt: T0.toISOString() }), min(14), backoff), false, 'first failure: waits the base');
  t.equal(isDue(state({ status: 'failed', failures: 1, finishedAt: T0.toISOString() }), min(15), backoff), true);
  t.equal(isDue(state({ status: 'failed', failures: 2, finishedAt: T0.toISOString() }), min(29), backoff), false, 'second: twice the base');
  t.equal(isDue(state({ status: 'failed', failures: 9, finishedAt: T0.toISOString() }), min(60), backoff), true, 'capped at the interval');
  t.equal(isDue(state({ status: 'done', lastSuccessAt: T0.toISOString() }), min(30), opts), false, 'done within the interval');
  t.equal(isDue(state({ status: 'done', lastSuccessAt: T0.toISOString() }), min(59), opts), true, 'within the slack of the interval end');
  t.equal(isDue(state({ status: 'queued', queuedAt: T0.toISOString() }), min(60), opts), false, 'queued, not yet stale');
  t.equal(isDue(state({ status: 'queued', queuedAt: T0.toISOString() }), min(120), opts), true, 'queued and lost');
  t.equal(isDue(state({ status: 'running', queuedAt: T0.toISOString(), startedAt: min(100).toISOString() }), min(150), opts), false, 'running: counted from the start');
  t.equal(isDue(state({ status: 'running', startedAt: T0.toISOString() }), min(121), opts), true, 'running and stale');
});

t.test('dueUnits: new and failed first, then the oldest successes', async (t) => {
  const units = [unit('A.Done.Old'), unit('A.Done.Older'), unit('A.New'), unit('A.Failed'), unit('A.Done.Fresh')];
  const states = new Map<string, UnitState>([
    [unitId(unit('A.Done.Old')), state({ lastSuccessAt: min(-90).toISOString() })],
    [unitId(unit('A.Done.Older')), state({ lastSuccessAt: min(-200).toISOString() })],
    [unitId(unit('A.Failed')), state({ status: 'failed', failures: 1 })],
    [unitId(unit('A.Done.Fresh')), state({ lastSuccessAt: min(-5).toISOString() })],
  ]);
  t.same(dueUnits(units, states, T0, opts).map((u) => u.resourceType), ['A.New', 'A.Failed', 'A.Done.Older', 'A.Done.Old']);
});

t.test('the store records transitions in the scan-units collection; a re-plan resumes with the unfinished units', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'panther-units-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const docs = new DirDocumentStore(dir);
  const store = new UnitStateStore(docs);
  const units = [unit('AWS.S3.Bucket'), unit('AWS.EC2.VPC'), unit('AWS.KMS.Key')];
  for (const u of units) await store.markQueued(u, T0);
  // The first unit finished, the second failed, the third was lost with its invocation.
  await store.markRunning(units[0]!, min(1));
  await store.markFinished(units[0]!, min(2), { ok: true, resources: 4, problems: [{ resourceType: 'AWS.S3.Bucket', region: 'eu-west-1', resourceId: 'arn:aws:s3:::x', kind: 'access-denied', message: 'AccessDenied: no' }] });
  await store.markRunning(units[1]!, min(1));
  const failed = await store.markFinished(units[1]!, min(3), { ok: false, error: 'ThrottlingException: slow down' });
  t.match(failed, { status: 'failed', failures: 1, lastError: 'ThrottlingException: slow down' });
  await store.markRunning(units[2]!, min(1));

  const done = await store.get(units[0]!);
  t.match(done, { status: 'done', resources: 4, failures: 0, lastSuccessAt: min(2).toISOString(), queuedAt: T0.toISOString() });
  t.equal(done?.problems?.length, 1);
  t.same((await docs.collection(UNITS_COLLECTION).list()).map((d) => d.id).sort(), units.map(unitId).sort());

  const states = await store.all();
  t.same(dueUnits(units, states, min(10), opts).map((u) => u.resourceType), ['AWS.EC2.VPC'], 'only the failed unit: the lost one is not stale yet');
  // Later: the lost unit is stale, the finished one past its interval; never-succeeded before older successes.
  t.same(dueUnits(units, states, min(125), opts).map((u) => u.resourceType), ['AWS.EC2.VPC', 'AWS.KMS.Key', 'AWS.S3.Bucket']);

  // A success after a failure resets the failure count and drops the error.
  await store.markFinished(units[1]!, min(20), { ok: true, resources: 0, problems: [] });
  const healed = await store.get(units[1]!);
  t.equal(healed?.failures, 0);
  t.equal(healed?.lastError, undefined);
});
