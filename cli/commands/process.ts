import { Command, Option } from 'commander';
import type { DocumentCollection } from '../../adapters/document-store.js';
import { DirDocumentStore } from '../../adapters/local/dir-document-store.js';
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';
import { loadSchemaDir } from '../../parsers/custom/load.js';
import { logTypeSet, type LogTypeSet } from '../../parsers/registry.js';
import { processFiles, type Position } from '../../processing/process-files.js';
import type { ProcessStats } from '../../processing/process-object.js';
import { STATS_COLLECTION, type SourceStats } from '../../processing/source-stats.js';
import { detectionJson, detectionSummary, documentsDir, runLocalDetections, type LocalDetectionResult } from '../../detections/pipeline/local.js';
import { expandInputs } from '../files.js';
import { formatBytes, Progress } from '../progress.js';

export const DEFAULT_LAKE = '.panther';

/** The built-in log types plus the custom schemas of a directory, if one is given. */
export async function knownLogTypes(schemasDir: string | undefined): Promise<LogTypeSet> {
  return logTypeSet(schemasDir === undefined ? [] : await loadSchemaDir(schemasDir));
}

/** The lake's per-source statistics (<lake>/state/documents/source-stats/), read by the console's source health. */
export function localSourceStats(lakeDir: string): DocumentCollection<SourceStats> {
  return new DirDocumentStore(documentsDir(lakeDir)).collection<SourceStats>(STATS_COLLECTION);
}

export function processCommand(): Command {
  return new Command('process')
    .description('Classify and normalize log files into the local lake (the log processor on the embedded object store)')
    .argument('<file_or_dir...>', 'log files (plain or gzip) or directories of them, read recursively')
    .option('--lake <dir>', 'the local lake directory', DEFAULT_LAKE)
    .option('--log-types <names>', 'comma-separated log types this source may hold (default: all)')
    .option('--schemas <dir>', 'a directory of custom log schemas (*.yml) to know besides the built-in types')
    .option('--source-label <label>', 'p_source_label of the events', 'cli')
    .option('--source-id <id>', 'p_source_id of the events', 'cli')
    .addOption(new Option('--gzip-level <n>', 'gzip level of the lake files (1-9)').default(6).argParser((v) => parseLevel(v)))
    .option('--detections <dir>', 'a Panther-format detections directory to run besides the built-in pack (packs/aws)')
    .option('--no-detections', 'only ingest: do not run detections')
    .option('--json', 'print one JSON object with the counts instead of a table')
    .option('--quiet', 'no progress lines on stderr')
    .addHelpText(
      'after',
      `
Output keys: logs/<table>/year=YYYY/month=MM/day=DD/hour=HH/<time>-<id>.json.gz under the lake;
lines no log type accepts go to logs/unclassified/... with each tried parser's reason.
lines = sum(classified) + unclassified + headers (format header lines, e.g. VPC flow custom formats).
Then the detections (built-in pack plus --detections DIR) run on the new events: matches go to
rules/<table>/..., rule errors to rule_errors/<table>/..., alerts to <lake>/state/alerts.json
(list them with \`npx panther alerts --lake <dir>\`).

Example:
  npx panther process --lake .panther --log-types AWS.CloudTrail,AWS.VPCFlow ./logs`,
    )
    .action(async (inputs: string[], o: { lake: string; logTypes?: string; schemas?: string; sourceLabel: string; sourceId: string; gzipLevel: number; detections: string | boolean; json?: boolean; quiet?: boolean }) => {
      const known = await knownLogTypes(o.schemas);
      const logTypes = o.logTypes === undefined ? [...known.all] : known.resolve(o.logTypes.split(',').filter((s) => s.trim() !== ''));
      if (logTypes.length === 0) throw new Error('--log-types names no log type');
      const files = await expandInputs(inputs);
      const lake = new DirObjectStore(o.lake);
      const progress = new Progress(o.quiet !== true);
      const stats = await processFiles(files, {
        lake,
        logTypes,
        source: { sourceId: o.sourceId, sourceLabel: o.sourceLabel },
        gzipLevel: o.gzipLevel,
        sourceStats: localSourceStats(o.lake),
        onProgress: (t, at) => progress.tick(() => progressLine(t, at, files.length)),
      });
      const detections = o.detections === false ? undefined : await detect(o.lake, lake, stats.keys, typeof o.detections === 'string' ? o.detections : undefined);
      if (o.json === true) process.stdout.write(`${JSON.stringify({ ...jsonSummary(stats), ...(detections ? { detections: detectionJson(detections) } : {}) })}\n`);
      else process.stdout.write(textSummary(stats, files.length, lake.location) + (detections ? detectionSummary(detections) : ''));
      for (const w of stats.warnings) process.stderr.write(`warning: ${w}\n`);
      for (const e of detections?.loadErrors ?? []) process.stderr.write(`warning: detections: ${e}\n`);
    });
}

/** The detection stage over the keys just written, with the lake's embedded alert store. */
export function detect(lakeDir: string, lake: DirObjectStore, keys: readonly string[], detectionsDir?: string): Promise<LocalDetectionResult> {
  return runLocalDetections({ lake, lakeDir, keys, ...(detectionsDir !== undefined ? { detectionsDir } : {}) });
}

export function progressLine(t: ProcessStats, at: Position, files: number): string {
  const pct = at.totalBytes > 0 ? ` (${Math.min(100, Math.floor((t.bytesIn / at.totalBytes) * 100))}%)` : '';
  return `processing: ${formatBytes(t.bytesIn)} of ${formatBytes(at.totalBytes)}${pct}, ${at.filesDone}/${files} files done, ${t.lines} lines, ${t.unclassified} unclassified; now ${at.file}`;
}

function parseLevel(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 9) throw new Error(`--gzip-level must be 1..9, got "${v}"`);
  return n;
}

export function jsonSummary(s: ProcessStats): Record<string, unknown> {
  return {
    lines: s.lines,
    classified: Object.fromEntries(Object.entries(s.classified).sort(([a], [b]) => (a < b ? -1 : 1))),
    unclassified: s.unclassified,
    headers: s.headers,
    bytesIn: s.bytesIn,
    bytesOut: s.bytesOut,
    seconds: Math.round(s.seconds * 1000) / 1000,
    warnings: s.warnings,
  };
}

export function textSummary(s: ProcessStats, files: number, lake: string): string {
  const rows = Object.entries(s.classified).sort(([a], [b]) => (a < b ? -1 : 1));
  const width = Math.max(14, ...rows.map(([k]) => k.length));
  const lines = [
    `Processed ${files} file(s), ${s.lines} line(s), ${formatBytes(s.bytesIn)} in ${s.seconds.toFixed(2)} s into ${lake}`,
    ...rows.map(([k, v]) => `  ${k.padEnd(width)} ${String(v).padStart(9)}`),
    `  ${'unclassified'.padEnd(width)} ${String(s.unclassified).padStart(9)}${s.unclassified > 0 ? '  (kept under logs/unclassified/ with reasons)' : ''}`,
  ];
  if (s.headers > 0) lines.push(`  ${'format headers'.padEnd(width)} ${String(s.headers).padStart(9)}`);
  lines.push(`Wrote ${s.keys.length} file(s), ${formatBytes(s.bytesOut)} compressed.`);
  return `${lines.join('\n')}\n`;
}
