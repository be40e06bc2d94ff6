// The classification benchmark's input: self-contained sample lines of 20 log types spread
// across the registry, shuffled, so each line's type differs from the last one's.
import { readFileSync } from 'node:fs';
import { Classifier } from '../parsers/classifier.js';
import type { LogType } from '../parsers/core/logtype.js';
import { builtinLogTypes } from '../parsers/registry.js';
import { sampleFiles, sampleLogType } from '../parsers/samples.js';

export const MIXED_TYPES = Number(process.env.BENCH_MIXED_TYPES ?? 20);

/** Sample lines that classify on their own (no header, no Records wrapper), by log type. */
function standaloneLines(): Map<string, string[]> {
  const names = builtinLogTypes.map((l) => l.name);
  const out = new Map<string, string[]>();
  for (const file of sampleFiles()) {
    const want = sampleLogType(file, names);
    if (want === undefined) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const r = new Classifier(builtinLogTypes, { source: { sourceId: 'b', sourceLabel: 'b' }, rowIdPrefix: 'b', parseTime: '2024-01-01 00:00:00.000000000' }).classify(line);
      if (r.kind === 'event' && r.logType.name === want) out.set(want, [...(out.get(want) ?? []), line]);
    }
  }
  return out;
}

/** 20 types taken evenly across the registry order (so the full set cannot find them all up front), and `count` shuffled lines of theirs. */
export function mixedInput(count: number): { types: LogType[]; text: string } {
  const lines = standaloneLines();
  const usable = builtinLogTypes.filter((l) => (lines.get(l.name)?.length ?? 0) > 0);
  if (usable.length < MIXED_TYPES) throw new Error(`only ${usable.length} log types have standalone samples`);
  const step = usable.length / MIXED_TYPES;
  const types = Array.from({ length: MIXED_TYPES }, (_, i) => usable[Math.floor(i * step)] as LogType);
  let seed = 1234567;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const lt = types[Math.floor(rand() * types.length)] as LogType;
    const ls = lines.get(lt.name) as string[];
    out.push(ls[Math.floor(rand() * ls.length)] as string);
  }
  return { types, text: `${out.join('\n')}\n` };
}
