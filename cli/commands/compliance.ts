// `panther compliance`: the compliance state of the local lake (written by `panther scan`): the
// totals, then one row per (policy, resource), filtered; `--suppress` adds a suppression.
import { Command } from 'commander';
import { alertStateDir } from '../../detections/pipeline/local.js';
import type { Severity } from '../../detections/types.js';
import { EmbeddedComplianceStore } from '../../cloud-security/compliance/embedded-store.js';
import type { ComplianceEntry, ComplianceFilter, ComplianceOverview, ComplianceStatus } from '../../cloud-security/compliance/types.js';
import { DEFAULT_LAKE } from './process.js';

interface ListOptions {
  lake: string;
  status?: string;
  policy?: string;
  resource?: string;
  resourceType?: string;
  account?: string;
  severity?: string;
  format: string;
  limit?: string;
  suppress?: string;
  reason?: string;
}

export function complianceCommand(): Command {
  return new Command('compliance')
    .description('Show the compliance state recorded by `panther scan` (totals, then one row per policy and resource)')
    .option('--lake <dir>', 'the local lake directory', DEFAULT_LAKE)
    .option('--status <status>', 'only PASS, FAIL or ERROR')
    .option('--policy <id>', 'only this policy')
    .option('--resource <id>', 'only this resource id (ARN)')
    .option('--resource-type <type>', 'only this resource type, e.g. AWS.S3.Bucket')
    .option('--account <id>', 'only this account')
    .option('--severity <severity>', 'only this severity (INFO, LOW, MEDIUM, HIGH, CRITICAL)')
    .option('--limit <n>', 'at most this many rows')
    .option('--format <format>', 'table or json', 'table')
    .option('--suppress <glob>', 'suppress --policy on resource ids matching this pattern (`*` any characters, `?` one): kept, shown, not counted as failing nor alerted')
    .option('--reason <text>', 'why, stored with --suppress')
    .action(async (o: ListOptions) => {
      if (o.format !== 'table' && o.format !== 'json') throw new Error(`--format ${o.format}: expected table or json`);
      const store = new EmbeddedComplianceStore({ dir: alertStateDir(o.lake) });
      if (o.suppress !== undefined) {
        if (o.policy === undefined) throw new Error('--suppress needs --policy');
        await store.suppress({ policyId: o.policy, resourcePattern: o.suppress, ...(o.reason !== undefined ? { reason: o.reason } : {}), createdBy: process.env.USER ?? 'cli', createdAt: new Date().toISOString() });
        const { items } = await store.list({ policyId: o.policy });
        process.stdout.write(`Suppressed ${o.policy} on ${o.suppress}: ${items.filter((e) => e.suppressed).length} resource(s) now suppressed.\n`);
        return;
      }
      const limit = o.limit === undefined ? undefined : Number(o.limit);
      const filter: ComplianceFilter = {
        ...(o.status !== undefined ? { status: o.status.toUpperCase() as ComplianceStatus } : {}),
        ...(o.policy !== undefined ? { policyId: o.policy } : {}),
        ...(o.resource !== undefined ? { resourceId: o.resource } : {}),
        ...(o.resourceType !== undefined ? { resourceType: o.resourceType } : {}),
        ...(o.account !== undefined ? { accountId: o.account } : {}),
        ...(o.severity !== undefined ? { severity: o.severity.toUpperCase() as Severity } : {}),
        ...(limit !== undefined ? { limit } : {}),
      };
      const [{ items }, overview] = await Promise.all([store.list(filter), store.overview()]);
      if (o.format === 'json') process.stdout.write(`${JSON.stringify({ totals: overview.totals, items }, null, 2)}\n`);
      else process.stdout.write(complianceTable(items, overview));
    });
}

/** The totals, then one row per entry: status, severity, policy, account/region, resource. */
export function complianceTable(items: readonly ComplianceEntry[], overview: ComplianceOverview): string {
  const t = overview.totals;
  const head = `Compliance: ${t.pass} pass, ${t.fail} fail, ${t.error} error (suppressed count as pass).\n`;
  if (t.pass + t.fail + t.error === 0) return `${head}No compliance results yet: run \`panther scan --fixture\` (sample accounts) or \`panther scan\`.\n`;
  if (items.length === 0) return `${head}No entries match the filter.\n`;
  const cols = ['STATUS', 'SEVERITY', 'POLICY', 'ACCOUNT/REGION', 'RESOURCE'];
  const rows = items.map((e) => [
    e.suppressed ? `${e.status}*` : e.status,
    e.severity,
    e.policyId,
    `${e.accountId}/${e.region}`,
    e.status === 'ERROR' && e.errorMessage !== undefined ? `${e.resourceId} (${e.errorMessage})` : e.resourceId,
  ]);
  const widths = cols.slice(0, -1).map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]): string => r.map((c, i) => (i < widths.length ? c.padEnd(widths[i] ?? 0) : c)).join('  ').trimEnd();
  const suppressed = items.some((e) => e.suppressed) ? ' (* suppressed)' : '';
  return `${head}${[fmt(cols), ...rows.map(fmt)].join('\n')}\n${items.length} entr${items.length === 1 ? 'y' : 'ies'}${suppressed}.\n`;
}
