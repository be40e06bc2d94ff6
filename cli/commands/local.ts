import { Command } from 'commander';
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';
import { builtinLogTypes } from '../../parsers/registry.js';
import { sampleFiles } from '../../parsers/samples.js';
import { processFiles } from '../../processing/process-files.js';
import { Progress } from '../progress.js';
import { detectionSummary } from '../../detections/pipeline/local.js';
import { DEFAULT_LAKE, detect, localSourceStats, progressLine, textSummary } from './process.js';

export function localCommand(): Command {
  return new Command('local')
    .description('Run the product locally on its embedded default: ingest the shipped sample logs into the local lake')
    .option('--lake <dir>', 'the local lake directory', DEFAULT_LAKE)
    .option('--detections <dir>', 'a Panther-format detections directory to run besides the built-in pack (packs/aws)')
    .option('--no-detections', 'only ingest: do not run detections')
    .option('--quiet', 'no progress lines on stderr')
    .action(async (o: { lake: string; detections: string | boolean; quiet?: boolean }) => {
      const files = sampleFiles();
      const lake = new DirObjectStore(o.lake);
      const progress = new Progress(o.quiet !== true);
      process.stdout.write(`Local mode: embedded object store at ${lake.location}\n`);
      process.stdout.write(`Ingesting ${files.length} sample file(s) of ${builtinLogTypes.length} log types (no --log-types: every line is classified among all)...\n`);
      const stats = await processFiles(files, {
        lake,
        logTypes: builtinLogTypes,
        source: { sourceId: 'local-samples', sourceLabel: 'samples' },
        sourceStats: localSourceStats(o.lake),
        onProgress: (t, at) => progress.tick(() => progressLine(t, at, files.length)),
      });
      process.stdout.write(textSummary(stats, files.length, lake.location));
      for (const w of stats.warnings) process.stderr.write(`warning: ${w}\n`);
      if (o.detections !== false) {
        const d = await detect(o.lake, lake, stats.keys, typeof o.detections === 'string' ? o.detections : undefined);
        process.stdout.write(detectionSummary(d));
        for (const e of d.loadErrors) process.stderr.write(`warning: detections: ${e}\n`);
      }
      process.stdout.write(
        [
          '',
          'Explore the lake:',
          `  find ${o.lake}/logs -name '*.json.gz' | head`,
          `  zcat ${o.lake}/logs/aws_cloudtrail/*/*/*/*/*.json.gz | head -1`,
          'List the alerts:',
          `  npx panther alerts --lake ${o.lake}`,
          'Process your own logs:',
          `  npx panther process --lake ${o.lake} path/to/logs`,
          '',
        ].join('\n'),
      );
    });
}
