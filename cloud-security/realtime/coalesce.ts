// Rescan targets -> scan units: only onboarded accounts, their scanned regions and types; targets
// of the same (account, region, type) merged into one unit, so a burst of calls on one resource
// (a Terraform apply, a script) becomes one rescan. A target naming no resource, or a merge past
// the unit's resource limit, rescans the whole type.
import { globalRegion } from '../scan.js';
import type { ResourceScanner } from '../types.js';
import { MAX_UNIT_RESOURCES, unitId, type CloudAccount, type ScanUnit } from '../units/unit.js';
import type { RescanTarget } from './cloudtrail-targets.js';

export interface CoalesceOptions {
  /** The onboarded account of an id, undefined for an account not onboarded. */
  readonly accountOf: (accountId: string) => CloudAccount | undefined;
  /** The scanners: which types are scanned, and which of them are global. */
  readonly scanners: readonly ResourceScanner[];
}

export function coalesceTargets(targets: readonly RescanTarget[], opts: CoalesceOptions): ScanUnit[] {
  const global = new Map(opts.scanners.map((s) => [s.resourceType, s.global === true]));
  const merged = new Map<string, { unit: ScanUnit; resources: Set<string> | undefined }>();
  for (const t of targets) {
    const account = opts.accountOf(t.accountId);
    const isGlobal = global.get(t.resourceType);
    if (account === undefined || isGlobal === undefined) continue;
    if ((account.ignore?.resourceTypes ?? []).includes(t.resourceType)) continue;
    const partition = account.partition ?? t.partition;
    // A global type is scanned from the partition's home region; a regional one only where the account is scanned.
    if (isGlobal ? t.region !== globalRegion(partition) : !account.regions.includes(t.region) || (account.ignore?.regions ?? []).includes(t.region)) continue;
    const unit: ScanUnit = { accountId: t.accountId, region: t.region, resourceType: t.resourceType, partition };
    const id = unitId(unit);
    const cur = merged.get(id) ?? { unit, resources: new Set<string>() };
    if (t.resources.length === 0 || cur.resources === undefined) cur.resources = undefined;
    else {
      for (const r of t.resources) cur.resources.add(r);
      if (cur.resources.size > MAX_UNIT_RESOURCES) cur.resources = undefined;
    }
    merged.set(id, cur);
  }
  return [...merged.values()].map(({ unit, resources }) => (resources === undefined ? unit : { ...unit, resources: [...resources].sort() }));
}
