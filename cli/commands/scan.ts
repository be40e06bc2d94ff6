// `panther scan`: scan AWS accounts (or the built-in snapshot fixture) into local mode: policies
// run on the snapshots, compliance is recorded under <lake>/state/, new failures open policy alerts.
import { Command } from 'commander';
import { fromIni } from '@aws-sdk/credential-providers';
import { EmbeddedAlertStore } from '../../detections/alerting/embedded-store.js';
import { alertStateDir } from '../../detections/pipeline/local.js';
import { accountScanOptions, callerAccount, discoverAccounts, parseRoleArn, roleArnFor, type AccountTarget, type BaseCredentials } from '../../cloud-security/accounts.js';
import { EmbeddedComplianceStore } from '../../cloud-security/compliance/embedded-store.js';
import { loadPolicies } from '../../cloud-security/evaluate.js';
import { scanFixture } from '../../cloud-security/fixture.js';
import { scanAndEvaluate, type ScanAndEvaluateResult } from '../../cloud-security/pipeline.js';
import { saveResources } from '../../cloud-security/resource-store.js';
import { DEFAULT_LAKE } from './process.js';

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
    .action(async (o: ScanOptions) => {
      const result = o.fixture === true ? await scanFixture({ lakeDir: o.lake, ...(o.policies !== undefined ? { policiesDir: o.policies } : {}) }) : await scanAws(o);
      if (o.json === true) process.stdout.write(`${JSON.stringify(scanJson(result), null, 2)}\n`);
      else process.stdout.write(scanSummary(result));
      if (result.loadErrors.length > 0) process.exitCode = 1;
    });
}

async function scanAws(o: ScanOptions): Promise<ScanAndEvaluateResult> {
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
  const dir = alertStateDir(o.lake);
  const result = await scanAndEvaluate({
    accounts: targets.map((t) => accountScanOptions(t, scanners, { baseCredentials: base, sessionName: 'panther-cli-scan' })),
    policies,
    compliance: new EmbeddedComplianceStore({ dir }),
    alerts: new EmbeddedAlertStore({ dir }),
  });
  await saveResources(dir, result.snapshots, targets.map((t) => t.accountId));
  return { ...result, loadErrors: [...errors, ...result.loadErrors] };
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
