// The detection stage of the local pipeline (`panther process`, `panther local`): the built-in pack
// plus an optional Panther-format directory, run over the lake objects just written, with the
// embedded alert store persisted in the lake under state/alerts.json.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ObjectStore } from '../../adapters/object-store.js';
import { EmbeddedAlertStore } from '../alerting/embedded-store.js';
import { loadAnalysisDir } from '../analysis/load.js';
import type { AnalysisItem } from '../analysis/spec.js';
import { runDetections, type DetectionStats } from './run-detections.js';

export const BUILTIN_PACK_DIR = fileURLToPath(new URL('../../packs/aws', import.meta.url));

/** Where the embedded alert store lives in a local lake directory. */
export function alertStateDir(lakeDir: string): string {
  return join(lakeDir, 'state');
}

export interface LocalDetectionOptions {
  readonly lake: ObjectStore;
  /** The lake directory (the alert store is kept under <lakeDir>/state/). */
  readonly lakeDir: string;
  readonly keys: readonly string[];
  /** A Panther-format directory run besides the built-in pack; its rules replace pack rules with the same ID. */
  readonly detectionsDir?: string;
  readonly now?: Date;
  readonly timeLimitMs?: number;
}

export interface LocalDetectionResult extends DetectionStats {
  /** Enabled rules that ran. */
  readonly rules: number;
}

/** Loads the pack (and the directory), then runs the rules; spec errors become loadErrors. */
export async function runLocalDetections(opts: LocalDetectionOptions): Promise<LocalDetectionResult> {
  const loadErrors: string[] = [];
  const pack = await loadAnalysisDir(BUILTIN_PACK_DIR);
  loadErrors.push(...pack.errors.map((e) => `packs/aws/${e.text}`));
  let items: AnalysisItem[] = pack.items;
  if (opts.detectionsDir !== undefined) {
    // A mistyped directory is an error, not an empty set of detections.
    const isDir = await stat(opts.detectionsDir).then((s) => s.isDirectory(), () => false);
    if (!isDir) throw new Error(`--detections ${opts.detectionsDir}: not a directory`);
    const extra = await loadAnalysisDir(opts.detectionsDir);
    loadErrors.push(...extra.errors.map((e) => e.text));
    const ids = new Set(extra.items.map((i) => i.id));
    items = [...pack.items.filter((i) => !ids.has(i.id)), ...extra.items];
  }
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
  return { ...stats, rules, loadErrors: [...loadErrors, ...stats.loadErrors] };
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
  return `${lines.join('\n')}\n`;
}
