// Scan units: a scan of an account split into (account x region x resource type) pieces, so that
// one Lambda invocation never has to finish a whole account, and the messages that carry them on
// the unit queue. The planner is pure: accounts in, units out.
import { z } from 'zod';
import { globalRegion, type ScanIgnore } from '../scan.js';
import { matchesKey } from '../scanners/common.js';
import type { ResourceScanner, ResourceSnapshot } from '../types.js';

/** One onboarded account as the planner and the scan function see it. */
export interface CloudAccount {
  readonly accountId: string;
  /** Regions whose regional resource types are scanned. */
  readonly regions: readonly string[];
  /** aws, aws-us-gov or aws-cn; default aws. */
  readonly partition?: string;
  readonly ignore?: ScanIgnore;
}

export interface ScanUnit {
  readonly accountId: string;
  /** The region scanned; for a global type the partition's home region (scan.ts globalRegion). */
  readonly region: string;
  readonly resourceType: string;
  readonly partition: string;
  /**
   * Rescans only: the resources to read (scanners skip the others' detail calls) and keep (matched
   * by matchesResource below). Absent: every resource of the type in the region (a full unit, the
   * only kind whose state is recorded).
   */
  readonly resources?: readonly string[];
}

/** Stable id of a unit (its state document id): `<account>.<region>.<type>` fits the document id pattern. */
export function unitId(u: Pick<ScanUnit, 'accountId' | 'region' | 'resourceType'>): string {
  return `${u.accountId}.${u.region}.${u.resourceType}`;
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * The full units of the accounts: one per global type in the home region, one per regional type
 * per region, leaving out ignored regions and types. Duplicates (an account listed twice, a
 * region repeated) give one unit.
 */
export function planUnits(accounts: readonly CloudAccount[], scanners: readonly ResourceScanner[]): ScanUnit[] {
  const out = new Map<string, ScanUnit>();
  for (const a of accounts) {
    if (!ACCOUNT.test(a.accountId)) throw new Error(`not an AWS account id: ${JSON.stringify(a.accountId)}`);
    const partition = a.partition ?? 'aws';
    const types = new Set(a.ignore?.resourceTypes ?? []);
    const skipRegions = new Set(a.ignore?.regions ?? []);
    const regions = [...new Set(a.regions)].filter((r) => !skipRegions.has(r));
    for (const r of regions) if (!REGION.test(r)) throw new Error(`account ${a.accountId}: not a region name: ${JSON.stringify(r)}`);
    for (const s of scanners) {
      if (types.has(s.resourceType)) continue;
      const where = s.global === true ? [globalRegion(partition)] : regions;
      for (const region of where) {
        const u: ScanUnit = { accountId: a.accountId, region, resourceType: s.resourceType, partition };
        out.set(unitId(u), u);
      }
    }
  }
  return [...out.values()];
}

/**
 * Whether a snapshot is one a rescan asked for: the key is its ResourceId, ARN or Name, or the
 * last segment of its ARN-like id (a security group id, a KMS key id, a bucket name).
 */
export function matchesResource(s: ResourceSnapshot, key: string): boolean {
  // The scanners skip unwanted resources by the same rule, before their detail calls.
  return matchesKey({ id: s.ResourceId, arn: s.ARN, name: s.Name }, key);
}

/** At most this many resources in one unit message; more and the unit becomes a full one. */
export const MAX_UNIT_RESOURCES = 100;
const MAX_RESOURCE_LENGTH = 2048;

/** The unit message (SQS body). Versioned so a queue drained across a deployment stays readable. */
export const UnitMessage = z.strictObject({
  v: z.literal(1),
  accountId: z.string().regex(ACCOUNT),
  region: z.string().regex(REGION),
  resourceType: z.string().regex(/^AWS(\.[A-Za-z0-9]+)+$/),
  partition: z.enum(['aws', 'aws-us-gov', 'aws-cn']),
  resources: z.array(z.string().min(1).max(MAX_RESOURCE_LENGTH)).min(1).max(MAX_UNIT_RESOURCES).optional(),
  /** Why it was queued: the schedule, or a CloudTrail event. */
  reason: z.enum(['schedule', 'event']),
});
export type UnitMessage = z.infer<typeof UnitMessage>;

export function formatUnitMessage(u: ScanUnit, reason: UnitMessage['reason']): string {
  const resources = u.resources !== undefined && u.resources.length > 0 && u.resources.length <= MAX_UNIT_RESOURCES ? [...new Set(u.resources)].sort() : undefined;
  const m: UnitMessage = {
    v: 1,
    accountId: u.accountId,
    region: u.region,
    resourceType: u.resourceType,
    partition: u.partition as UnitMessage['partition'],
    ...(resources !== undefined ? { resources } : {}),
    reason,
  };
  return JSON.stringify(UnitMessage.parse(m));
}

/** Throws (zod's error) on a body that is not a unit message. */
export function parseUnitMessage(body: string): { unit: ScanUnit; reason: UnitMessage['reason'] } {
  const m = UnitMessage.parse(JSON.parse(body));
  const unit: ScanUnit = { accountId: m.accountId, region: m.region, resourceType: m.resourceType, partition: m.partition, ...(m.resources !== undefined ? { resources: m.resources } : {}) };
  return { unit, reason: m.reason };
}
