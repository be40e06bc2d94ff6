// The detection stage of the local pipeline (`panther process`, `panther local`): the built-in pack
// plus an optional Panther-format directory, run over the lake objects just written, with the
// embedded alert store persisted in the lake under state/alerts.json. The alerts a run opens are
// then sent to the destinations configured under state/documents/destinations/ (none: nothing is
// sent, and the summary says so).
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DirDocumentStore } from '../../adapters/local/dir-document-store.js';
import type { ObjectStore } from '../../adapters/object-store.js';
import { EmbeddedAlertStore } from '../alerting/embedded-store.js';
import type { DeliveryOptions } from '../delivery/deliver.js';
import type { DestinationStore } from '../delivery/destination-store.js';
import { alertsById, dispatchJson, dispatchOpenedAlerts, dispatchSummaryText, type DispatchSummary } from '../delivery/dispatch.js';
import { DocumentDestinationStore } from '../delivery/stores/document-destination-store.js';
import { loadAnalysisDir } from '../analysis/load.js';
import { applyEnabledOverrides, enabledOverrides } from '../analysis/overrides.js';
import type { AnalysisItem } from '../analysis/spec.js';
import { runDetections, type DetectionStats } from './run-detections.js';

export const BUILTIN_PACK_DIR = fileURLToPath(new URL('../../packs/aws', import.meta.url));

/** Where the embedded alert store lives in a local lake directory. */
export function alertStateDir(lakeDir: string): string {
  return join(lakeDir, 'state');
}

/** The local document store (destinations, settings) of a lake directory. */
export function documentsDir(lakeDir: string): string {
  return join(lakeDir, 'state', 'documents');
}

/**
 * Alert links in local messages point at the console on loopback. Its port is chosen when it
 * starts: a command that serves the console passes its origin as `delivery.consoleUrl`.
 */
export const LOCAL_CONSOLE_URL = 'http://127.0.0.1';

export interface LocalDetectionOptions {
  readonly lake: ObjectStore;
  /** The lake directory (the alert store is kept under <lakeDir>/state/). */
  readonly lakeDir: string;
  readonly keys: readonly string[];
  /** A Panther-format directory run besides the built-in pack; its rules replace pack rules with the same ID. */
  readonly detectionsDir?: string;
  readonly now?: Date;
  readonly timeLimitMs?: number;
  /** Where destinations are read; default <lakeDir>/state/documents/destinations/. */
  readonly destinations?: DestinationStore;
  /** Delivery settings (retries, fetch, console URL); default LOCAL_CONSOLE_URL and the default retries. */
  readonly delivery?: Partial<DeliveryOptions>;
}

export interface LocalDetectionResult extends DetectionStats {
  /** Enabled rules that ran. */
  readonly rules: number;
  /** What was sent for the alerts this run opened. */
  readonly delivery: DispatchSummary;
}

/** Where detections written through the console/API live in a local lake (the object store's detections/ prefix). */
export function userDetectionsDir(lakeDir: string): string {
  return join(lakeDir, 'detections');
}

/**
 * What local runs load, in layers where a later layer's item replaces an earlier one with the same
 * ID: the built-in pack, the detections saved through the console (<lake>/detections/), then an
 * explicit --detections directory; finally the console's enable/disable overrides. Spec errors are
 * returned as messages, never thrown.
 */
export async function loadLocalAnalysis(opts: { lakeDir: string; detectionsDir?: string }): Promise<{ items: AnalysisItem[]; errors: string[] }> {
  const pack = await loadAnalysisDir(BUILTIN_PACK_DIR);
  const errors = pack.errors.map((e) => `packs/aws/${e.text}`);
  let items: AnalysisItem[] = pack.items;
  const layer = (extra: AnalysisItem[]): void => {
    const ids = new Set(extra.map((i) => i.id));
    items = [...items.filter((i) => !ids.has(i.id)), ...extra];
  };
  const isDir = (d: string) => stat(d).then((s) => s.isDirectory(), () => false);
  const user = userDetectionsDir(opts.lakeDir);
  if (await isDir(user)) {
    const loaded = await loadAnalysisDir(user);
    errors.push(...loaded.errors.map((e) => `${user}/${e.text}`));
    layer(loaded.items);
  }
  if (opts.detectionsDir !== undefined) {
    // A mistyped directory is an error, not an empty set of detections.
    if (!(await isDir(opts.detectionsDir))) throw new Error(`--detections ${opts.detectionsDir}: not a directory`);
    const loaded = await loadAnalysisDir(opts.detectionsDir);
    errors.push(...loaded.errors.map((e) => e.text));
    layer(loaded.items);
  }
  const overrides = await enabledOverrides(new DirDocumentStore(documentsDir(opts.lakeDir)));
  return { items: applyEnabledOverrides(items, overrides), errors };
}

/** Loads the detections (loadLocalAnalysis), then runs the rules; spec errors become loadErrors. */
export async function runLocalDetections(opts: LocalDetectionOptions): Promise<LocalDetectionResult> {
  const { items, errors: loadErrors } = await loadLocalAnalysis({ lakeDir: opts.lakeDir, ...(opts.detectionsDir !== undefined ? { detectionsDir: opts.detectionsDir } : {}) });
  const alertStore = new EmbeddedAlertStore({ dir: alertStateDir(opts.lakeDir) });
  const stats = await runDetections({
    lake: opts.lake,
    keys: opts.keys,
    detections: items,
    alertStore,
    now: opts.now ?? new Date(),
    ...(opts.timeLimitMs !== undefined ? { timeLimitMs: opts.timeLimitMs } : {}),
  });
  const rules = items.filter((i) => i.type === 'rule' && i.spec.Enabled).length;
  const invalid: string[] = [];
  const destinations = opts.destinations ?? localDestinationStore(opts.lakeDir, invalid);
  const delivery = await deliverOpened(stats.openedAlertIds, alertStore, destinations, opts.delivery);
  return { ...stats, rules, delivery, loadErrors: [...loadErrors, ...stats.loadErrors, ...invalid] };
}

/** The destinations of a local lake's document store; invalid ones are skipped and described in `invalid`. */
export function localDestinationStore(lakeDir: string, invalid: string[]): DestinationStore {
  return new DocumentDestinationStore(new DirDocumentStore(documentsDir(lakeDir)), { onInvalid: (id, problems) => invalid.push(`destination ${id}: ${problems.join('; ')}`) });
}

/** Sends the alerts just opened (links to LOCAL_CONSOLE_URL unless set); without opened alerts the destinations are not even read. */
export async function deliverOpened(ids: readonly string[], alertStore: EmbeddedAlertStore, store: DestinationStore, delivery: Partial<DeliveryOptions> = {}): Promise<DispatchSummary> {
  if (ids.length === 0) return { configured: 0, alerts: [], delivered: 0, failed: 0, unrouted: [] };
  const alerts = await alertsById(alertStore, ids);
  const destinations = await store.list();
  return dispatchOpenedAlerts(alerts, destinations, { ...delivery, consoleUrl: delivery.consoleUrl ?? LOCAL_CONSOLE_URL });
}

const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);

export function detectionJson(s: LocalDetectionResult): Record<string, unknown> {
  return {
    rules: s.rules,
    events: s.events,
    matches: sum(s.matches),
    errors: sum(s.errors),
    alertsOpened: s.alertsOpened,
    matchesByRule: Object.fromEntries(Object.entries(s.matches).sort(([a], [b]) => (a < b ? -1 : 1))),
    errorsByRule: Object.fromEntries(Object.entries(s.errors).sort(([a], [b]) => (a < b ? -1 : 1))),
    delivery: dispatchJson(s.delivery),
  };
}

/** The text summary printed after ingesting. */
export function detectionSummary(s: LocalDetectionResult): string {
  const lines = [`Detections: ${s.rules} rule(s) over ${s.events} event(s): ${sum(s.matches)} match(es), ${sum(s.errors)} rule error(s), ${s.alertsOpened} alert(s) opened.`];
  const ids = [...new Set([...Object.keys(s.matches), ...Object.keys(s.errors)])].sort();
  const width = Math.max(0, ...ids.map((i) => i.length));
  for (const id of ids) {
    const errs = s.errors[id] ?? 0;
    lines.push(`  ${id.padEnd(width)} ${String(s.matches[id] ?? 0).padStart(6)} match(es)${errs > 0 ? `, ${errs} error(s) (see rule_errors/)` : ''}`);
  }
  return `${lines.join('\n')}\n${dispatchSummaryText(s.delivery)}`;
}
