// Snapshots as JSON lines: the fixture file and the local resource store share the format.
import type { ResourceSnapshot } from './types.js';

/** One snapshot per line, sorted by ResourceId then type, so a re-recording diffs cleanly. */
export function serializeFixture(snapshots: readonly ResourceSnapshot[]): string {
  const sorted = [...snapshots].sort((a, b) => (a.ResourceId === b.ResourceId ? (a.ResourceType < b.ResourceType ? -1 : 1) : a.ResourceId < b.ResourceId ? -1 : 1));
  return sorted.map((s) => `${JSON.stringify(s)}\n`).join('');
}

export function parseFixture(text: string): ResourceSnapshot[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const s = JSON.parse(l) as ResourceSnapshot;
      if (typeof s.ResourceId !== 'string' || typeof s.ResourceType !== 'string') throw new Error(`fixture line ${i + 1}: not a resource snapshot`);
      return s;
    });
}
