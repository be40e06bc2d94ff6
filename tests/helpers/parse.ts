// Shared by the parser tests: classify lines exactly as the processor does.
import { readFileSync } from 'node:fs';
import { Classifier, type Classification } from '../../parsers/classifier.js';
import type { LogType } from '../../parsers/core/logtype.js';

export const TEST_SOURCE = { sourceId: 'test-source', sourceLabel: 'tests' } as const;

export function classifier(logTypes: readonly LogType[]): Classifier {
  return new Classifier(logTypes, { source: TEST_SOURCE, rowIdPrefix: 'test', parseTime: '2026-01-01 00:00:00.000000000' });
}

/** Classifies each non-empty line with one fresh classifier (header state carries over). */
export function classifyLines(logTypes: readonly LogType[], lines: readonly string[]): Classification[] {
  const c = classifier(logTypes);
  return lines.filter((l) => l.trim() !== '').map((l) => c.classify(l));
}

/** Reads a sample file's non-empty lines. */
export function sampleLines(url: URL): string[] {
  return readFileSync(url, 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '');
}

/** The events of classifications that must all be events (fails loudly otherwise). */
export function eventsOf(results: readonly Classification[]): Array<Record<string, unknown>> {
  return results.map((r, i) => {
    if (r.kind !== 'event') throw new Error(`line ${i + 1} was ${r.kind}: ${JSON.stringify(r.kind === 'unclassified' ? r.reasons : r.logType.name)}`);
    return r.event;
  });
}

/** Reads a value at a path inside an event (JSON fields are `unknown` to TypeScript). */
export function at(v: unknown, ...path: Array<string | number>): unknown {
  for (const k of path) v = typeof v === 'object' && v !== null ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

/** The reasons one line is rejected by each of the log types, "Type: reason; ..."; throws if it is accepted. */
export function rejection(logTypes: readonly LogType[], line: string): string {
  const [r] = classifyLines(logTypes, [line]);
  if (r === undefined || r.kind !== 'unclassified') throw new Error(`expected a rejection, got ${r?.kind}`);
  return r.reasons.map((x) => `${x.logType}: ${x.reason}`).join('; ');
}
