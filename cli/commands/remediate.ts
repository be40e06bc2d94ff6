// `panther remediate`: fixes one resource failing one policy. A dry run (the default) prints the
// exact API calls the remediation would send and sends nothing; --apply sends them with the
// remediation role's (or the profile's) credentials.
import { Command } from 'commander';
import { fromIni } from '@aws-sdk/credential-providers';
import { alertStateDir } from '../../detections/pipeline/local.js';
import { assumeRoleCredentials, type BaseCredentials } from '../../cloud-security/accounts.js';
import { loadFixture } from '../../cloud-security/fixture.js';
import { remediationForPolicy, REMEDIATION_FOR_POLICY } from '../../cloud-security/remediations/by-policy.js';
import { remediations } from '../../cloud-security/remediations/index.js';
import { loadResources } from '../../cloud-security/resource-store.js';
import type { AppliedResult, PlannedCall } from '../../cloud-security/remediations/types.js';
import { DEFAULT_LAKE } from './process.js';
import { appliedLines, dryRunLines, type ReportedCall } from './remediation-text.js';

interface RemediateOptions {
  policy: string;
  resource: string;
  remediation?: string;
  params?: string;
  dryRun?: boolean;
  apply?: boolean;
  fixture?: boolean;
  accountRole?: string;
  externalId?: string;
  profile?: string;
  lake: string;
}

export function remediateCommand(): Command {
  return new Command('remediate')
    .description('Remediate one resource failing a policy: a dry run (default) prints the exact API calls; --apply sends them')
    .requiredOption('--policy <id>', 'the failing policy, e.g. AWS.S3.Bucket.BlockPublicAccess')
    .requiredOption('--resource <id>', 'the resource id (ARN) from `panther compliance`')
    .option('--remediation <id>', 'the remediation to run (default: the one mapped to the policy)')
    .option('--params <json>', 'remediation parameters as a JSON object')
    .option('--dry-run', 'print the calls, send nothing (the default)')
    .option('--apply', 'send the calls')
    .option('--fixture', 'take the resource from the built-in snapshot fixture instead of the last scan')
    .option('--account-role <arn>', 'the remediation role to assume for --apply')
    .option('--external-id <id>', 'the ExternalId of the remediation role')
    .option('--profile <name>', 'AWS profile for the base credentials')
    .option('--lake <dir>', 'the local lake directory', DEFAULT_LAKE)
    .action(async (o: RemediateOptions) => {
      if (o.apply === true && o.dryRun === true) throw new Error('--dry-run and --apply exclude each other');
      const remediation = o.remediation !== undefined ? remediations.get(o.remediation) : remediationForPolicy(o.policy);
      if (remediation === undefined) {
        const known = Object.keys(REMEDIATION_FOR_POLICY).join(', ');
        throw new Error(o.remediation !== undefined ? `unknown remediation ${o.remediation}: expected one of ${[...remediations.keys()].join(', ')}` : `no remediation for policy ${o.policy}; policies with one: ${known}`);
      }
      const resources = o.fixture === true ? await loadFixture() : await loadResources(alertStateDir(o.lake));
      const resource = resources.find((r) => r.ResourceId === o.resource);
      if (resource === undefined) throw new Error(`resource ${o.resource} not found in ${o.fixture === true ? 'the fixture' : `the last scan (${o.lake}); run \`panther scan\` first or pass --fixture`}`);
      let params: unknown = {};
      if (o.params !== undefined) {
        try {
          params = JSON.parse(o.params);
        } catch {
          throw new Error('--params: not valid JSON');
        }
      }
      if (o.apply !== true) {
        let calls: PlannedCall[];
        try {
          calls = remediation.plan(resource, params);
        } catch (err) {
          throw new Error(`${remediation.id}: ${(err as Error).message}`);
        }
        const lines = dryRunLines(remediation.id, resource.ResourceId, calls);
        if (calls.length > 0) lines.push('Nothing was sent; add --apply to send these calls.');
        process.stdout.write(`${lines.join('\n')}\n`);
        return;
      }
      const base: BaseCredentials = o.profile !== undefined ? fromIni({ profile: o.profile }) : undefined;
      const credentials = o.accountRole !== undefined ? assumeRoleCredentials({ roleArn: o.accountRole, ...(o.externalId !== undefined ? { externalId: o.externalId } : {}), sessionName: 'panther-cli-remediate', ...(base !== undefined ? { baseCredentials: base } : {}) }) : base;
      const result = await remediation.apply({ clientConfig: { region: resource.Region === 'global' ? 'us-east-1' : resource.Region, ...(credentials !== undefined ? { credentials } : {}), maxAttempts: 3 } }, resource, params);
      process.stdout.write(appliedText(result));
      if (result.status === 'failed') process.exitCode = 1;
    });
}

export function appliedText(r: AppliedResult): string {
  const calls: ReportedCall[] = [
    ...r.calls.map((c): ReportedCall => ({ call: c.call, outcome: c.ok ? 'sent' : 'failed', ...(c.error !== undefined ? { error: c.error } : {}) })),
    ...r.skipped.map((call): ReportedCall => ({ call, outcome: 'not sent' })),
  ];
  return `${appliedLines(r.remediationId, r.resourceId, r.status, r.error, calls).join('\n')}\n`;
}
