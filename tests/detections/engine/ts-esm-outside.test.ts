import t, { type Test } from 'tap';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PantherEvent } from '../../../detections/engine/event.js';
import { loadTsDetection, runTsRule } from '../../../detections/engine/ts-runtime.js';
import { TsWorkerPool } from '../../../detections/engine/ts-worker-pool.js';

// TypeScript detections in a user's repository, outside this project: no package.json with
// "type": "module" near them, so tsx alone would compile them as CommonJS.
const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '..', '..', '..');
const fixtures = join(here, 'fixtures');

/** A fresh directory under the OS temp dir; asserts no package.json above it decides the format. */
function freshDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'panther-esm-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (let d = dirname(dir); d !== parse(d).root; d = dirname(d)) t.notOk(existsSync(join(d, 'package.json')), `no package.json in ${d}`);
  return dir;
}

/** A user repository: a rule of the built-in pack with its shared helper, and the ESM-only fixture. */
function userRepo(t: Test, packageJson?: string): { packRule: string; esmOnly: string; cloudtrail: string } {
  const dir = freshDir(t);
  if (packageJson !== undefined) writeFileSync(join(dir, 'package.json'), packageJson);
  mkdirSync(join(dir, 'rules', 'aws_cloudtrail_rules'), { recursive: true });
  mkdirSync(join(dir, 'helpers'));
  copyFileSync(join(ROOT, 'packs', 'aws', 'helpers', 'cloudtrail.ts'), join(dir, 'helpers', 'cloudtrail.ts'));
  const packRule = join(dir, 'rules', 'aws_cloudtrail_rules', 'aws_console_login_without_mfa.ts');
  copyFileSync(join(ROOT, 'packs', 'aws', 'rules', 'aws_cloudtrail_rules', 'aws_console_login_without_mfa.ts'), packRule);
  const esmOnly = join(dir, 'esm-only.ts');
  copyFileSync(join(fixtures, 'esm-outside', 'esm-only.ts'), esmOnly);
  copyFileSync(join(fixtures, 'esm-outside', 'esm-helper.ts'), join(dir, 'esm-helper.ts'));
  const cloudtrail = join(dir, 'match-cloudtrail.ts');
  copyFileSync(join(fixtures, 'match-cloudtrail.ts'), cloudtrail);
  return { packRule, esmOnly, cloudtrail };
}

const noMfaLogin = {
  eventName: 'ConsoleLogin',
  eventSource: 'signin.amazonaws.com',
  recipientAccountId: '123456789012',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/alice', userName: 'alice' },
  additionalEventData: { MFAUsed: 'No' },
  responseElements: { ConsoleLogin: 'Success' },
};
const failedLogin = {
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.7',
  userIdentity: { arn: 'arn:aws:iam::123456789012:user/alice' },
  responseElements: { ConsoleLogin: 'Failure' },
};

for (const [label, pkg] of [
  ['no package.json', undefined],
  ['a package.json with "type": "commonjs"', JSON.stringify({ name: 'user-rules', type: 'commonjs' })],
] as const) {
  t.test(`in-process: detections in a folder with ${label} load as ESM`, async (t) => {
    const repo = userRepo(t, pkg);
    const esm = await loadTsDetection(repo.esmOnly);
    // Top-level await and import.meta only exist in an ES module; no CommonJS `default` wrapper.
    t.equal(esm.moduleUrl, pathToFileURL(repo.esmOnly).href);
    t.notOk('default' in esm, 'an ES module namespace, not a CommonJS exports object');
    t.strictSame(await runTsRule(esm, new PantherEvent({ count: 11 })), { matched: true, aux: { title: 'count 11 above 10' }, errors: {} });
    t.strictSame(await runTsRule(esm, new PantherEvent({ count: 10 })), { matched: false, aux: {}, errors: {} });

    const pack = await loadTsDetection(repo.packRule);
    const out = await runTsRule(pack, new PantherEvent(noMfaLogin));
    t.equal(out.matched, true);
    t.strictSame(out.errors, {});
    t.equal(out.aux.dedup, 'arn:aws:iam::123456789012:user/alice');
    const ct = await runTsRule(await loadTsDetection(repo.cloudtrail), new PantherEvent(failedLogin));
    t.equal(ct.aux.title, 'Console login failure for arn:aws:iam::123456789012:user/alice');
  });

  t.test(`worker pool: detections in a folder with ${label} load as ESM`, async (t) => {
    const repo = userRepo(t, pkg);
    const pool = new TsWorkerPool({ size: 1, timeLimitMs: 10_000 });
    t.teardown(() => pool.close());
    t.strictSame(await pool.run(repo.esmOnly, { count: 12 }), { matched: true, aux: { title: 'count 12 above 10' }, errors: {} });
    t.strictSame(await pool.run(repo.esmOnly, { count: 3 }), { matched: false, aux: {}, errors: {} });
    const out = await pool.run(repo.packRule, noMfaLogin);
    t.equal(out.matched, true);
    t.strictSame(out.errors, {});
    t.equal(out.aux.dedup, 'arn:aws:iam::123456789012:user/alice');
    const ct = await pool.run(repo.cloudtrail, failedLogin);
    t.strictSame(ct, {
      matched: true,
      aux: {
        title: 'Console login failure for arn:aws:iam::123456789012:user/alice',
        dedup: '198.51.100.7',
        alert_context: { ip: '198.51.100.7', region: 'us-east-1' },
        severity: 'high',
      },
      errors: {},
    });
  });
}
