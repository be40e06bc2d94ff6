// The embedded compliance store for local mode and tests: in memory, optionally persisted to one
// JSON file (`compliance.json`) in the local state directory. Every read-modify-write runs
// synchronously between awaits, and file writes are serialized and coalesced, so concurrent async
// callers in one process are safe.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  assertSuppression,
  entryKey,
  historyEntry,
  isChange,
  lastPerPair,
  matchesFilter,
  MAX_HISTORY,
  overviewOf,
  page,
  validateFilter,
  withSuppression,
} from './state.js';
import type { ComplianceEntry, ComplianceFilter, ComplianceHistoryEntry, ComplianceOverview, ComplianceStore, ResourceScope, Suppression } from './types.js';

export const EMBEDDED_COMPLIANCE_FILE = 'compliance.json';

interface PersistedState {
  readonly version: 1;
  readonly entries: ComplianceEntry[];
  readonly history: ComplianceHistoryEntry[];
  readonly suppressions: Suppression[];
}

export interface EmbeddedComplianceStoreOptions {
  /** Directory of `compliance.json`; without it the state lives in memory only. */
  readonly dir?: string;
}

export class EmbeddedComplianceStore implements ComplianceStore {
  private readonly entries = new Map<string, ComplianceEntry>();
  private readonly hist = new Map<string, ComplianceHistoryEntry[]>();
  private readonly supp: Suppression[] = [];
  private readonly file: string | undefined;
  private readonly ready: Promise<void>;
  private dirty = false;
  private flushing: Promise<void> | undefined;

  constructor(opts: EmbeddedComplianceStoreOptions = {}) {
    this.file = opts.dir === undefined ? undefined : join(opts.dir, EMBEDDED_COMPLIANCE_FILE);
    this.ready = this.load();
    this.ready.catch(() => undefined);
  }

  async record(entries: readonly ComplianceEntry[]): Promise<{ changed: ComplianceEntry[] }> {
    const incoming = lastPerPair(entries);
    await this.ready;
    const changed: ComplianceEntry[] = [];
    for (const raw of incoming) {
      const e = withSuppression(raw, this.supp);
      const key = entryKey(e.policyId, e.resourceId);
      if (isChange(this.entries.get(key), e)) {
        changed.push(e);
        const h = this.hist.get(key) ?? [];
        h.push(historyEntry(e));
        if (h.length > MAX_HISTORY) h.splice(0, h.length - MAX_HISTORY);
        this.hist.set(key, h);
      }
      this.entries.set(key, e);
    }
    await this.flush();
    return { changed };
  }

  async list(filter?: ComplianceFilter): Promise<{ items: ComplianceEntry[]; next?: string }> {
    const f = validateFilter(filter);
    await this.ready;
    return page([...this.entries.values()].filter((e) => matchesFilter(e, f)), f);
  }

  async history(policyId: string, resourceId: string): Promise<ComplianceHistoryEntry[]> {
    await this.ready;
    return [...(this.hist.get(entryKey(policyId, resourceId)) ?? [])];
  }

  async overview(): Promise<ComplianceOverview> {
    await this.ready;
    return overviewOf(this.entries.values());
  }

  async suppress(s: Suppression): Promise<void> {
    assertSuppression(s);
    await this.ready;
    const i = this.supp.findIndex((x) => x.policyId === s.policyId && x.resourcePattern === s.resourcePattern);
    if (i >= 0) this.supp[i] = s;
    else this.supp.push(s);
    // Entries already recorded are suppressed now, not at the next scan.
    for (const [key, e] of this.entries) this.entries.set(key, withSuppression(e, [s]));
    await this.flush();
  }

  async suppressions(policyId?: string): Promise<Suppression[]> {
    await this.ready;
    return this.supp.filter((s) => policyId === undefined || s.policyId === policyId);
  }

  async removeResources(resourceIds: readonly string[]): Promise<number> {
    await this.ready;
    const gone = new Set(resourceIds);
    let removed = 0;
    for (const [key, e] of this.entries) {
      if (!gone.has(e.resourceId)) continue;
      this.entries.delete(key);
      this.hist.delete(key);
      removed++;
    }
    if (removed > 0) await this.flush();
    return removed;
  }

  async resourcesOf(scope: ResourceScope): Promise<string[]> {
    await this.ready;
    const ids = new Set<string>();
    for (const e of this.entries.values()) {
      if (e.accountId === scope.accountId && e.resourceType === scope.resourceType && (scope.region === undefined || e.region === scope.region)) ids.add(e.resourceId);
    }
    return [...ids];
  }

  private async load(): Promise<void> {
    if (this.file === undefined) return;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const state = JSON.parse(text) as PersistedState;
    if (state.version !== 1 || !Array.isArray(state.entries) || !Array.isArray(state.history) || !Array.isArray(state.suppressions)) {
      throw new Error(`${this.file}: not a compliance store file (expected version 1 with entries, history and suppressions)`);
    }
    for (const e of state.entries) this.entries.set(entryKey(e.policyId, e.resourceId), e);
    for (const h of state.history) {
      const key = entryKey(h.policyId, h.resourceId);
      this.hist.set(key, [...(this.hist.get(key) ?? []), h]);
    }
    this.supp.push(...state.suppressions);
  }

  private flush(): Promise<void> {
    if (this.file === undefined) return Promise.resolve();
    this.dirty = true;
    this.flushing ??= this.drain(this.file);
    return this.flushing;
  }

  private async drain(file: string): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        const state: PersistedState = {
          version: 1,
          entries: [...this.entries.values()],
          history: [...this.hist.values()].flat(),
          suppressions: [...this.supp],
        };
        await writeAtomically(file, `${JSON.stringify(state)}\n`);
      }
    } finally {
      this.flushing = undefined;
    }
  }
}

/** Temporary file then rename: a reader (or a crash) never sees half a file. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await mkdir(join(file, '..'), { recursive: true });
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
