// Debounced rescans: a burst of CloudTrail calls on the same unit (a Terraform apply touching a
// bucket ten times) becomes one rescan. The first event of a unit leaves a pending marker in the
// document store (collection `scan-rescans`) and sends one delayed message; later events within
// the window only add their resources to the marker. When the message is processed, the scan
// takes the marker (marks it taken, on its version) and rescans the union.
import { VersionConflictError, type DocumentCollection, type DocumentStore } from '../../adapters/document-store.js';
import { MAX_UNIT_RESOURCES, unitId, type ScanUnit } from '../units/unit.js';

export const RESCANS_COLLECTION = 'scan-rescans';

export interface PendingRescan {
  /** Resources to rescan; absent: the whole type. */
  readonly resources?: readonly string[];
  /** ISO 8601 UTC: events until then join this rescan. */
  readonly until: string;
  readonly taken: boolean;
}

const ATTEMPTS = 5;

function union(a: readonly string[] | undefined, b: readonly string[] | undefined): string[] | undefined {
  if (a === undefined || b === undefined) return undefined;
  const all = [...new Set([...a, ...b])].sort();
  return all.length > MAX_UNIT_RESOURCES ? undefined : all;
}

export class RescanDebouncer {
  private readonly docs: DocumentCollection<PendingRescan>;

  /** `windowMs`: how long a rescan gathers events; the message's delay should be as long. */
  constructor(store: DocumentStore, private readonly windowMs: number) {
    this.docs = store.collection<PendingRescan>(RESCANS_COLLECTION);
  }

  /** The units to send now; the others joined a pending rescan. */
  async admit(units: readonly ScanUnit[], now: Date): Promise<ScanUnit[]> {
    const send: ScanUnit[] = [];
    for (const u of units) if (await this.admitOne(u, now)) send.push(u);
    return send;
  }

  private async admitOne(u: ScanUnit, now: Date): Promise<boolean> {
    const id = unitId(u);
    for (let attempt = 1; ; attempt++) {
      const cur = await this.docs.get(id);
      const pending = cur !== undefined && !cur.value.taken && Date.parse(cur.value.until) > now.getTime();
      const resources = pending ? union(cur.value.resources, u.resources) : u.resources;
      const value: PendingRescan = {
        ...(resources !== undefined ? { resources } : {}),
        until: pending ? cur.value.until : new Date(now.getTime() + this.windowMs).toISOString(),
        taken: false,
      };
      try {
        await this.docs.put(id, value, { ifVersion: cur?.version ?? 'absent' });
        return !pending;
      } catch (err) {
        if (!(err instanceof VersionConflictError) || attempt >= ATTEMPTS) throw err;
      }
    }
  }

  /**
   * Drops the markers of units whose message could not be sent, so the retried event opens a new
   * rescan instead of joining one that will never run.
   */
  async release(units: readonly ScanUnit[]): Promise<void> {
    for (const u of units) await this.docs.delete(unitId(u));
  }

  /** The unit to rescan: the message's, widened by what joined it meanwhile. */
  async take(u: ScanUnit): Promise<ScanUnit> {
    const id = unitId(u);
    for (let attempt = 1; ; attempt++) {
      const cur = await this.docs.get(id);
      if (cur === undefined || cur.value.taken) return u;
      try {
        await this.docs.put(id, { ...cur.value, taken: true }, { ifVersion: cur.version });
      } catch (err) {
        if (!(err instanceof VersionConflictError) || attempt >= ATTEMPTS) throw err;
        continue;
      }
      const resources = union(u.resources, cur.value.resources);
      const { resources: _old, ...rest } = u;
      return resources === undefined ? rest : { ...rest, resources };
    }
  }
}
