// Local files as source objects: what `panther process` and local mode run.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { DocumentCollection } from '../adapters/document-store.js';
import type { ObjectStore } from '../adapters/object-store.js';
import type { LogType, SourceInfo } from '../parsers/core/logtype.js';
import { objectId } from './keys.js';
import { addStats, emptyStats, processObject, type ProcessStats } from './process-object.js';
import { recordProcessed, type SourceStats } from './source-stats.js';

export interface ProcessFilesOptions {
  readonly lake: ObjectStore;
  readonly logTypes: readonly LogType[];
  readonly source: SourceInfo;
  readonly gzipLevel?: number;
  /** Called during and between files with the running totals. */
  readonly onProgress?: (totals: ProcessStats, where: Position) => void;
  /** Where each file's counts are recorded under the source id (collection `source-stats`); none: not recorded. */
  readonly sourceStats?: DocumentCollection<SourceStats>;
  /** The clock of the recorded processing times (tests). */
  readonly now?: () => Date;
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
  const infos = await Promise.all(files.map((f) => stat(f)));
  const totalBytes = infos.reduce((a, s) => a + s.size, 0);
  for (const [i, file] of files.entries()) {
    const s = infos[i] as Stats;
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
        ? { onProgress: (partial: ProcessStats) => opts.onProgress?.(counts(totals, partial), { file, filesDone: i, totalBytes }) }
        : {}),
    });
    addStats(totals, stats);
    if (opts.sourceStats !== undefined) {
      const warning = await recordProcessed(opts.sourceStats, opts.source.sourceId, stats, opts.now?.() ?? new Date());
      if (warning !== undefined) totals.warnings.push(warning);
    }
    opts.onProgress?.(totals, { file, filesDone: i + 1, totalBytes });
  }
  totals.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return totals;
}

/** The running counts (not the keys and warnings) of the files done plus the one under way. */
function counts(done: ProcessStats, current: ProcessStats): ProcessStats {
  const m = { ...done, classified: { ...done.classified }, warnings: [], keys: [] };
  addStats(m, { ...current, warnings: [], keys: [] });
  return m;
}
