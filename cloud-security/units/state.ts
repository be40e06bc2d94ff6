// The state of every full scan unit, kept in the document store (collection `scan-units`, one
// document per unit): queued, running, done or failed, with the times of its last run. The
// scheduler queues only the units that are due, so a scan stopped halfway (an invocation that
// timed out, messages that reached the DLQ) resumes with the units it did not finish, and a failed
// unit is retried alone, not with its whole account.
import { VersionConflictError, type DocumentCollection, type DocumentStore } from '../../adapters/document-store.js';
import type { ScanProblem } from '../types.js';
import { unitId, type ScanUnit } from './unit.js';

export const UNITS_COLLECTION = 'scan-units';

export type UnitStatus = 'queued' | 'running' | 'done' | 'failed';

export interface UnitState {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly status: UnitStatus;
  /** ISO 8601 UTC of the last transition to each status. */
  readonly queuedAt?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** The end of the last run that succeeded: the interval is counted from it. */
  readonly lastSuccessAt?: string;
  /** Failed runs since the last success. */
  readonly failures: number;
  readonly lastError?: string;
  readonly resources?: number;
  /** Problems of the last run that did not fail it (access denied, region disabled), capped. */
  readonly problems?: readonly ScanProblem[];
}

export interface DueOptions {
  /** The configured scan interval. */
  readonly intervalMs: number;
  /** A queued or running unit untouched this long is taken as lost (its message reached the DLQ, its invocation died). */
  readonly staleMs: number;
  /**
   * A done unit is due this much before its interval ends, so a schedule firing a little early
   * does not skip a whole interval. Default 5% of the interval, at most 5 minutes.
   */
  readonly slackMs?: number;
  /** A failed unit waits this long after its first failure, doubling with each next one (capped at the interval). Default 0. */
  readonly retryBaseMs?: number;
}

const ms = (iso: string | undefined): number => (iso === undefined ? Number.NEGATIVE_INFINITY : Date.parse(iso));

/** Whether a full unit should be queued now, given its state (undefined: never seen). */
export function isDue(state: UnitState | undefined, now: Date, opts: DueOptions): boolean {
  if (state === undefined) return true;
  const t = now.getTime();
  switch (state.status) {
    case 'queued':
      return t - ms(state.queuedAt) >= opts.staleMs;
    case 'running':
      return t - ms(state.startedAt ?? state.queuedAt) >= opts.staleMs;
    case 'failed': {
      const wait = Math.min(opts.intervalMs, (opts.retryBaseMs ?? 0) * 2 ** Math.max(0, state.failures - 1));
      return t - ms(state.finishedAt) >= wait;
    }
    case 'done': {
      const slack = opts.slackMs ?? Math.min(opts.intervalMs * 0.05, 5 * 60_000);
      return t - ms(state.lastSuccessAt ?? state.finishedAt) >= opts.intervalMs - slack;
    }
  }
}

/** The units to queue now: the due ones, never-scanned and failed first, then the oldest. */
export function dueUnits(units: readonly ScanUnit[], states: ReadonlyMap<string, UnitState>, now: Date, opts: DueOptions): ScanUnit[] {
  const rank = (s: UnitState | undefined): number => (s === undefined ? 0 : s.status === 'failed' ? 1 : 2);
  return units
    .map((u) => ({ u, s: states.get(unitId(u)) }))
    .filter(({ s }) => isDue(s, now, opts))
    .sort((a, b) => rank(a.s) - rank(b.s) || ms(a.s?.lastSuccessAt) - ms(b.s?.lastSuccessAt))
    .map(({ u }) => u);
}

/** Problems kept with a unit's state (the document stays small). */
const MAX_KEPT_PROBLEMS = 20;
const MAX_ERROR_LENGTH = 1000;

/** How a finished run ended. */
export type UnitOutcome =
  | { readonly ok: true; readonly resources: number; readonly problems: readonly ScanProblem[] }
  | { readonly ok: false; readonly error: string };

/** The state transitions: pure, so the store below and the tests share them. */
export const transitions = {
  queued(prev: UnitState | undefined, u: ScanUnit, now: Date): UnitState {
    return { ...base(prev, u), status: 'queued', queuedAt: now.toISOString() };
  },
  running(prev: UnitState | undefined, u: ScanUnit, now: Date): UnitState {
    return { ...base(prev, u), status: 'running', startedAt: now.toISOString() };
  },
  finished(prev: UnitState | undefined, u: ScanUnit, now: Date, outcome: UnitOutcome): UnitState {
    const at = now.toISOString();
    const b = base(prev, u);
    if (outcome.ok) {
      const { lastError: _dropped, ...rest } = b;
      return { ...rest, status: 'done', finishedAt: at, lastSuccessAt: at, failures: 0, resources: outcome.resources, problems: outcome.problems.slice(0, MAX_KEPT_PROBLEMS) };
    }
    return { ...b, status: 'failed', finishedAt: at, failures: b.failures + 1, lastError: outcome.error.slice(0, MAX_ERROR_LENGTH) };
  },
};

function base(prev: UnitState | undefined, u: ScanUnit): UnitState {
  return prev ?? { accountId: u.accountId, region: u.region, resourceType: u.resourceType, status: 'queued', failures: 0 };
}

/** Unit states over the document store. */
export class UnitStateStore {
  private readonly docs: DocumentCollection<UnitState>;

  constructor(store: DocumentStore) {
    this.docs = store.collection<UnitState>(UNITS_COLLECTION);
  }

  /** Every unit's state by unit id (one Query of the collection). */
  async all(): Promise<Map<string, UnitState>> {
    const out = new Map<string, UnitState>();
    for (const d of await this.docs.list()) out.set(d.id, d.value);
    return out;
  }

  async get(u: ScanUnit): Promise<UnitState | undefined> {
    return (await this.docs.get(unitId(u)))?.value;
  }

  markQueued(u: ScanUnit, now: Date): Promise<UnitState> {
    return this.update(u, (prev) => transitions.queued(prev, u, now));
  }

  markRunning(u: ScanUnit, now: Date): Promise<UnitState> {
    return this.update(u, (prev) => transitions.running(prev, u, now));
  }

  markFinished(u: ScanUnit, now: Date, outcome: UnitOutcome): Promise<UnitState> {
    return this.update(u, (prev) => transitions.finished(prev, u, now, outcome));
  }

  /** Read, transform, write on the read version; a concurrent writer makes it read again. */
  private async update(u: ScanUnit, next: (prev: UnitState | undefined) => UnitState): Promise<UnitState> {
    const id = unitId(u);
    for (let attempt = 0; ; attempt++) {
      const cur = await this.docs.get(id);
      const value = next(cur?.value);
      try {
        await this.docs.put(id, value, { ifVersion: cur?.version ?? 'absent' });
        return value;
      } catch (err) {
        if (!(err instanceof VersionConflictError) || attempt >= 4) throw err;
      }
    }
  }
}
