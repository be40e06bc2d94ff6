// `panther scan`: scan AWS accounts (or the built-in snapshot fixture) into local mode: policies
// run on the snapshots, compliance is recorded under <lake>/state/, new failures open policy alerts
// and, for the policies given to --auto-remediate, are remediated (dry runs unless --apply-remediations).
import { Command } from 'commander';
import { fromIni } from '@aws-sdk/credential-providers';
import { EmbeddedAlertStore } from '../../detections/alerting/embedded-store.js';
import { alertStateDir } from '../../detections/pipeline/local.js';
import { accountScanOptions, assumeRoleCredentials, callerAccount, discoverAccounts, parseRoleArn, roleArnFor, type AccountTarget, type BaseCredentials } from '../../cloud-security/accounts.js';
import { remediationFailed, type AutoRemediateOptions, type AutoRemediationResult } from '../../cloud-security/auto-remediate.js';
import { EmbeddedComplianceStore } from '../../cloud-security/compliance/embedded-store.js';
import { loadPolicies } from '../../cloud-security/evaluate.js';
import { scanFixture } from '../../cloud-security/fixture.js';
import { scanAndEvaluate, type ScanAndEvaluateResult } from '../../cloud-security/pipeline.js';
import { remediationForPolicy } from '../../cloud-security/remediations/by-policy.js';
import type { RemediationContext } from '../../cloud-security/remediations/types.js';
import { globalRegion } from '../../cloud-security/scan.js';
import { saveResources } from '../../cloud-security/resource-store.js';
import { DEFAULT_LAKE } from './process.js';
import { appliedLines, dryRunLines, type ReportedCall } from './remediation-text.js';

interface ScanOptions {
  fixture?: boolean;
  accountRole?: string;
  roleArn?: string;
  externalId?: string;
  profile?: string;
  regions?: string;
  orgRoleName?: string;
  resourceTypes?: string;
  policies?: string;
  lake: string;
  json?: boolean;
  autoRemediate?: string;
  applyRemediations?: boolean;
  remediationRoleArn?: string;
}

const list = (s: string | undefined): string[] => (s ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '');

export function scanCommand(): Command {
  return new Command('scan')
    .description('Scan AWS accounts (or the built-in fixture with --fixture) and record compliance in the local lake')
    .option('--fixture', 'scan the built-in snapshot fixture (two sample accounts, no AWS calls)')
    .option('--account-role <arn>', 'the audit role to assume in the scanned account')
    .option('--role-arn <arn>', 'same as --account-role')
    .option('--external-id <id>', 'the ExternalId of the audit role')
    .option('--profile <name>', 'AWS profile for the base credentials (default: the standard credential chain)')
    .option('--regions <list>', 'comma-separated regions to scan (default: $AWS_REGION or us-east-1)')
    .option('--org-role-name <name>', 'discover the organization\'s accounts (AWS Organizations) and assume this role in each')
    .option('--resource-types <list>', 'only these resource types (comma-separated, e.g. AWS.S3.Bucket,AWS.IAM.User)')
    .option('--policies <dir>', 'a Panther-format directory of extra policies (same IDs replace built-in ones)')
    .option('--lake <dir>', 'the local lake directory', DEFAULT_LAKE)
    .option('--json', 'print the result as JSON')
    .option('--auto-remediate <policyIds>', 'remediate the new failures of these policies (comma-separated ids): a dry run unless --apply-remediations')
    .option('--apply-remediations', 'send the remediations\' calls (default: print them, send nothing)')
    .option('--remediation-role-arn <arn>', 'with --apply-remediations: the remediation role to assume (with --external-id); default: the scan\'s own credentials')
    .action(async (o: ScanOptions) => {
      const autoIds = remediationIds(o);
      if (o.fixture === true && autoIds.length > 0) throw new Error('--auto-remediate needs an AWS scan (not --fixture); try `panther remediate --fixture --policy ... --resource ...`');
      const result = o.fixture === true ? await scanFixture({ lakeDir: o.lake, ...(o.policies !== undefined ? { policiesDir: o.policies } : {}) }) : await scanAws(o, autoIds);
      if (o.json === true) process.stdout.write(`${JSON.stringify({ ...scanJson(result), ...(autoIds.length > 0 ? { remediations: result.remediations } : {}) }, null, 2)}\n`);
      else process.stdout.write(scanSummary(result) + (autoIds.length > 0 ? remediationsText(result.remediations, o.applyRemediations === true) : ''));
      if (result.loadErrors.length > 0 || result.remediations.some(remediationFailed)) process.exitCode = 1;
    });
}

/** The --auto-remediate ids, with the flags that only make sense beside it checked. */
function remediationIds(o: ScanOptions): string[] {
  const ids = o.autoRemediate === undefined ? [] : o.autoRemediate.split(',').map((x) => x.trim());
  if (o.autoRemediate !== undefined && ids.some((id) => id === '')) throw new Error('--auto-remediate: an empty policy id (comma-separated ids, e.g. AWS.S3.Bucket.Versioning,AWS.KMS.Key.RotationEnabled)');
  if (ids.length === 0 && o.applyRemediations === true) throw new Error('--apply-remediations needs --auto-remediate <policyIds>');
  if (o.remediationRoleArn !== undefined && o.applyRemediations !== true) throw new Error('--remediation-role-arn is for --apply-remediations');
  if (o.applyRemediations === true && o.orgRoleName !== undefined) throw new Error('--apply-remediations with --org-role-name: remediate one account at a time (--account-role, or the default credentials)');
  return [...new Set(ids)];
}

async function scanAws(o: ScanOptions, autoIds: readonly string[]): Promise<ScanAndEvaluateResult> {
  const role = o.accountRole ?? o.roleArn;
  const base: BaseCredentials = o.profile !== undefined ? fromIni({ profile: o.profile }) : undefined;
  const regions = list(o.regions);
  if (regions.length === 0) regions.push(process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1');
  // Loaded here: the scanners pull in every AWS SDK client, which --fixture does not need.
  const { allScanners } = await import('../../cloud-security/scanners/index.js');
  const only = list(o.resourceTypes);
  const scanners = only.length === 0 ? allScanners : allScanners.filter((s) => only.includes(s.resourceType));
  const unknown = only.filter((t) => !allScanners.some((s) => s.resourceType === t));
  if (unknown.length > 0) throw new Error(`unknown resource type(s): ${unknown.join(', ')}`);

  let targets: AccountTarget[];
  if (o.orgRoleName !== undefined) {
    const accounts = await discoverAccounts({ baseCredentials: base });
    targets = accounts.map((a) => ({ accountId: a.id, roleArn: roleArnFor(a.id, o.orgRoleName as string), ...(o.externalId !== undefined ? { externalId: o.externalId } : {}), regions }));
  } else if (role !== undefined) {
    targets = [{ accountId: parseRoleArn(role).accountId, roleArn: role, ...(o.externalId !== undefined ? { externalId: o.externalId } : {}), regions }];
  } else {
    targets = [{ accountId: await callerAccount(base, regions[0]), regions }];
  }
  const { policies, errors } = await loadPolicies(o.policies);
  const known = new Set(policies.map((p) => p.id));
  const unknownIds = autoIds.filter((id) => !known.has(id));
  if (unknownIds.length > 0) throw new Error(`--auto-remediate: unknown policy id(s): ${unknownIds.join(', ')}`);
  const none = autoIds.filter((id) => remediationForPolicy(id, policies.find((p) => p.id === id)) === undefined);
  if (none.length > 0) throw new Error(`--auto-remediate: no remediation for ${none.join(', ')}`);
  const accounts = targets.map((t) => accountScanOptions(t, scanners, { baseCredentials: base, sessionName: 'panther-cli-scan' }));
  const dir = alertStateDir(o.lake);
  const result = await scanAndEvaluate({
    accounts,
    policies,
    compliance: new EmbeddedComplianceStore({ dir }),
    alerts: new EmbeddedAlertStore({ dir }),
    ...(autoIds.length > 0 ? { autoRemediate: cliAutoRemediate(o, autoIds, targets, accounts, base) } : {}),
  });
  await saveResources(dir, result.snapshots, targets.map((t) => t.accountId));
  return { ...result, loadErrors: [...errors, ...result.loadErrors] };
}

/**
 * The remediation options: with --apply-remediations, the remediation role (assumed with the
 * ExternalId) or the very credentials the scan uses. One account only (checked before).
 */
function cliAutoRemediate(o: ScanOptions, ids: readonly string[], targets: readonly AccountTarget[], accounts: ReturnType<typeof accountScanOptions>[], base: BaseCredentials): AutoRemediateOptions {
  if (o.applyRemediations !== true) return { policies: new Set(ids), apply: false };
  const [target] = targets;
  const [scan] = accounts;
  if (target === undefined || scan === undefined || targets.length !== 1) throw new Error('--apply-remediations: exactly one account is scanned');
  const home = globalRegion(scan.partition ?? 'aws');
  let credentials: RemediationContext['clientConfig']['credentials'];
  if (o.remediationRoleArn !== undefined) {
    const { accountId } = parseRoleArn(o.remediationRoleArn);
    if (accountId !== target.accountId) throw new Error(`--remediation-role-arn is in account ${accountId}, the scan is of ${target.accountId}`);
    credentials = assumeRoleCredentials({
      roleArn: o.remediationRoleArn,
      ...(o.externalId !== undefined ? { externalId: o.externalId } : {}),
      sessionName: 'panther-cli-remediate',
      ...(base !== undefined ? { baseCredentials: base } : {}),
    });
  } else {
    credentials = scan.clientConfigFor(home).credentials;
  }
  return { policies: new Set(ids), apply: true, context: { clientConfig: { region: home, ...(credentials !== undefined ? { credentials } : {}), maxAttempts: 3 } } };
}

const NOT_SENT = /^not sent/;

/**
 * Each remediation: a dry run exactly as `panther remediate --dry-run` prints it, an applied one as
 * `panther remediate --apply` does; then the counts.
 */
export function remediationsText(results: readonly AutoRemediationResult[], apply: boolean): string {
  const lines: string[] = [];
  for (const r of results) {
    const where = `${r.remediationId} on ${r.resourceId}`;
    if (r.dryRun) {
      if (r.error !== undefined) lines.push(`Dry run of ${where}: cannot plan: ${r.error}`);
      else lines.push(...dryRunLines(r.remediationId, r.resourceId, r.calls));
      continue;
    }
    const status = r.applied ? 'applied' : r.calls.length === 0 && r.error === undefined ? 'already-compliant' : 'failed';
    const calls = r.calls.map(({ ok, error, ...call }): ReportedCall => ({ call, outcome: ok === true ? 'sent' : NOT_SENT.test(error ?? '') ? 'not sent' : 'failed', ...(error !== undefined ? { error } : {}) }));
    lines.push(...appliedLines(r.remediationId, r.resourceId, status, r.error, calls));
  }
  const planned = results.filter((r) => r.calls.length > 0).length;
  const applied = results.filter((r) => r.applied).length;
  const failed = results.filter(remediationFailed).length;
  const tail = apply ? '' : results.length > 0 ? ' (dry run: nothing was sent; add --apply-remediations to send these calls)' : ' (dry run)';
  lines.push(`Remediations: ${planned} planned, ${applied} applied, ${failed} failed${tail}.`);
  return `${lines.join('\n')}\n`;
}

export function scanJson(r: ScanAndEvaluateResult): Record<string, unknown> {
  return {
    resources: r.resources,
    resourcesByType: Object.fromEntries(Object.entries(r.resourcesByType).sort(([a], [b]) => (a < b ? -1 : 1))),
    evaluations: r.evaluations,
    ...r.counts,
    changed: r.changed.length,
    alertsOpened: r.alertsOpened,
    problems: r.problems,
    loadErrors: r.loadErrors,
  };
}

export function scanSummary(r: ScanAndEvaluateResult): string {
  const accounts = new Set(r.snapshots.map((s) => s.AccountId)).size;
  const lines = [
    `Scanned ${r.resources} resource(s) of ${Object.keys(r.resourcesByType).length} type(s) in ${accounts} account(s).`,
    `Policies: ${r.evaluations} evaluation(s): ${r.counts.pass} pass, ${r.counts.fail} fail, ${r.counts.error} error, ${r.counts.suppressed} suppressed; ${r.changed.length} changed, ${r.alertsOpened} policy alert(s) opened.`,
  ];
  if (r.problems.length > 0) {
    lines.push(`${r.problems.length} problem(s) while scanning (the rest of the scan went on):`);
    for (const p of r.problems.slice(0, 20)) lines.push(`  [${p.kind}] ${p.resourceType} ${p.region}${p.resourceId !== undefined ? ` ${p.resourceId}` : ''}: ${p.message}`);
    if (r.problems.length > 20) lines.push(`  ... and ${r.problems.length - 20} more (--json lists them all)`);
  }
  for (const e of r.loadErrors) lines.push(`policy load error: ${e}`);
  lines.push('See the results with `panther compliance` (failures only: --status FAIL).');
  return `${lines.join('\n')}\n`;
}
