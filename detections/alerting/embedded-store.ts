// The embedded alert store for local mode and tests: in memory, optionally persisted to one JSON
// file in a directory. Safe under concurrent async callers in one process: every read-modify-write
// of the state runs synchronously between awaits, and file writes are serialized and coalesced.

import { join } from 'node:path';
import type { Alert, AlertFilter, AlertPage, AlertStatus, AlertStore, MatchOutcome, RuleMatch } from '../types.js';
import { decodeCursor, isAfter, pageSize, toPage } from './cursor.js';
import { readIfExists, StateFileWriter } from './state-file.js';
import {
  advanceWindow,
  alertTypeOf,
  compareAlerts,
  matchesFilter,
  mergeMatch,
  normalizeFilter,
  openAlert,
  windowKey,
  withStatus,
  type EventsLinkFn,
  type WindowState,
} from './window.js';

export const EMBEDDED_ALERTS_FILE = 'alerts.json';

export interface EmbeddedAlertStoreOptions {
  /** Directory of the JSON file (`alerts.json`); without it the state lives in memory only. */
  readonly dir?: string;
  readonly eventsLink?: EventsLinkFn;
}

interface PersistedState {
  readonly version: 1;
  readonly windows: WindowState[];
  readonly alerts: Alert[];
}

export class EmbeddedAlertStore implements AlertStore {
  private readonly windows = new Map<string, WindowState>();
  private readonly alerts = new Map<string, Alert>();
  private readonly file: string | undefined;
  private readonly eventsLink: EventsLinkFn | undefined;
  private readonly ready: Promise<void>;
  private readonly writer: StateFileWriter | undefined;

  constructor(options: EmbeddedAlertStoreOptions = {}) {
    this.file = options.dir === undefined ? undefined : join(options.dir, EMBEDDED_ALERTS_FILE);
    this.eventsLink = options.eventsLink;
    this.writer =
      this.file === undefined
        ? undefined
        : new StateFileWriter(this.file, (): PersistedState => ({ version: 1, windows: [...this.windows.values()], alerts: [...this.alerts.values()] }));
    this.ready = this.load();
    // A failed load surfaces on the first call; avoid an unhandled rejection before that.
    this.ready.catch(() => undefined);
  }

  async recordMatch(match: RuleMatch, now: Date): Promise<MatchOutcome> {
    await this.ready;
    // From here to the flush nothing awaits: concurrent callers see each other's counts.
    const key = windowKey(match.ruleId, match.dedup, alertTypeOf(match));
    const { window, opened, alertId, reached } = advanceWindow(this.windows.get(key), match, now);
    this.windows.set(key, window);
    this.pruneWindows(now);
    let alert: Alert | undefined;
    if (reached) {
      const existing = this.alerts.get(alertId);
      alert = existing ? mergeMatch(existing, match, window.count, now) : openAlert(match, alertId, window.count, now, this.eventsLink);
      this.alerts.set(alertId, alert);
    }
    await this.flush();
    return alert ? { alert, opened, count: window.count, alertId } : { opened, count: window.count, alertId };
  }

  async get(alertId: string): Promise<Alert | undefined> {
    await this.ready;
    return this.alerts.get(alertId);
  }

  async list(filter?: AlertFilter): Promise<Alert[]> {
    await this.ready;
    const f = normalizeFilter(filter);
    const found = this.filtered(f);
    return f.limit === undefined ? found : found.slice(0, f.limit);
  }

  async listPage(filter?: AlertFilter): Promise<AlertPage> {
    await this.ready;
    const f = normalizeFilter(filter);
    return toPage(this.filtered(f), pageSize(f.limit));
  }

  /** Alerts passing a normalized filter and after its cursor, in list order. */
  private filtered(f: AlertFilter): Alert[] {
    const after = f.cursor === undefined ? undefined : decodeCursor(f.cursor);
    return [...this.alerts.values()].filter((a) => matchesFilter(a, f) && (after === undefined || isAfter(a, after))).sort(compareAlerts);
  }

  async setStatus(alertId: string, status: AlertStatus, now: Date): Promise<Alert> {
    await this.ready;
    const alert = this.alerts.get(alertId);
    if (!alert) throw new Error(`alert ${alertId} not found`);
    const updated = withStatus(alert, status, now);
    this.alerts.set(alertId, updated);
    await this.flush();
    return updated;
  }

  /** Windows that ended are no longer needed: their alerts stay, a new match starts a new window. */
  private pruneWindows(now: Date): void {
    const t = now.toISOString();
    for (const [key, w] of this.windows) if (w.end <= t) this.windows.delete(key);
  }

  private async load(): Promise<void> {
    if (this.file === undefined) return;
    const text = await readIfExists(this.file);
    if (text === undefined) return;
    const state = JSON.parse(text) as PersistedState;
    if (state.version !== 1 || !Array.isArray(state.windows) || !Array.isArray(state.alerts)) {
      throw new Error(`${this.file}: not an alert store file (expected version 1 with windows and alerts)`);
    }
    for (const w of state.windows) this.windows.set(windowKey(w.ruleId, w.dedup, w.type), w);
    for (const a of state.alerts) this.alerts.set(a.alertId, a);
  }

  /** Resolves once a write that includes the current state has finished (at once in memory). */
  private flush(): Promise<void> {
    return this.writer?.flush() ?? Promise.resolve();
  }
}
