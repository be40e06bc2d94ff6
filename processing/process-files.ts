// Local files as source objects: what `panther process` and local mode run.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ObjectStore } from '../adapters/object-store.js';
import type { LogType, SourceInfo } from '../parsers/core/logtype.js';
import { objectId } from './keys.js';
import { addStats, emptyStats, processObject, type ProcessStats } from './process-object.js';

export interface ProcessFilesOptions {
  readonly lake: ObjectStore;
  readonly logTypes: readonly LogType[];
  readonly source: SourceInfo;
  readonly gzipLevel?: number;
  /** Called during and between files with the running totals. */
  readonly onProgress?: (totals: ProcessStats, where: Position) => void;
}

export interface Position {
  readonly file: string;
  readonly filesDone: number;
  /** The size of all input files together, for a percentage. */
  readonly totalBytes: number;
}

export async function processFiles(files: readonly string[], opts: ProcessFilesOptions): Promise<ProcessStats> {
  const started = process.hrtime.bigint();
  const totals = emptyStats();
  let done = 0;
  const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  for (const file of files) {
    const s = await stat(file);
    const before = { ...totals, classified: { ...totals.classified } };
    const stats = await processObject(createReadStream(file, { highWaterMark: 1 << 20 }), {
      logTypes: opts.logTypes,
      source: opts.source,
      objectKey: file,
      // A file's path and version (size, mtime) identify it: reprocessing it replaces its output.
      objectId: objectId('file', file, `${s.size}-${s.mtimeMs}`),
      objectTime: s.mtime,
      lake: opts.lake,
      ...(opts.gzipLevel !== undefined ? { gzipLevel: opts.gzipLevel } : {}),
      ...(opts.onProgress !== undefined
        ? { onProgress: (partial: ProcessStats) => opts.onProgress?.(merged(before, partial), { file, filesDone: done, totalBytes }) }
        : {}),
    });
    addStats(totals, stats);
    done++;
    opts.onProgress?.(totals, { file, filesDone: done, totalBytes });
  }
  totals.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return totals;
}

function merged(before: ProcessStats, partial: ProcessStats): ProcessStats {
  const m = { ...before, classified: { ...before.classified }, warnings: [...before.warnings], keys: [...before.keys] };
  addStats(m, partial);
  return m;
}
