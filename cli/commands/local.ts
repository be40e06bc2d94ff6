import { Command } from 'commander';
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';
import { scanFixture } from '../../cloud-security/fixture.js';
import { detectionSummary } from '../../detections/pipeline/local.js';
import { runLocalScheduledRules, scheduledSummary } from '../../detections/scheduled/local.js';
import { builtinLogTypes } from '../../parsers/registry.js';
import { sampleFiles } from '../../parsers/samples.js';
import { processFiles } from '../../processing/process-files.js';
import { Progress } from '../progress.js';
import { DEFAULT_LAKE, detect, localSourceStats, progressLine, textSummary } from './process.js';
import { scanSummary } from './scan.js';
import { serveLake, serveOptions, type ServeOptions } from './serve.js';

interface LocalOptions extends ServeOptions {
  readonly detections: string | boolean;
  readonly scan: boolean;
  readonly serve: boolean;
  readonly quiet?: boolean;
}

export function localCommand(): Command {
  return serveOptions(
    new Command('local').description(
      'Run the product locally on its embedded default: ingest the shipped sample logs, run detections and scheduled rules, scan the cloud-security fixture, and serve the console',
    ),
  )
    .option('--lake <dir>', 'the local lake directory', DEFAULT_LAKE)
    .option('--detections <dir>', 'a Panther-format detections directory to run besides the built-in pack (packs/aws)')
    .option('--no-detections', 'only ingest: do not run detections')
    .option('--no-scan', 'do not scan the cloud-security fixture')
    .option('--no-serve', 'stop after ingesting: do not serve the console')
    .option('--quiet', 'no progress lines on stderr')
    .action(async (o: LocalOptions) => {
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
        const detectionsDir = typeof o.detections === 'string' ? o.detections : undefined;
        const d = await detect(o.lake, lake, stats.keys, detectionsDir);
        process.stdout.write(detectionSummary(d));
        for (const e of d.loadErrors) process.stderr.write(`warning: detections: ${e}\n`);
        // The samples are old: every scheduled query runs once over them, due or not.
        progress.tick(() => 'running the scheduled queries over the lake...');
        const s = await runLocalScheduledRules({ lakeDir: o.lake, all: true, ...(detectionsDir !== undefined ? { detectionsDir } : {}) });
        process.stdout.write(scheduledSummary(s));
        for (const e of s.loadErrors) process.stderr.write(`warning: scheduled: ${e}\n`);
      }
      if (o.scan) {
        progress.tick(() => 'scanning the cloud-security fixture (two recorded accounts)...');
        const r = await scanFixture({ lakeDir: o.lake });
        process.stdout.write(scanSummary(r));
        for (const e of r.loadErrors) process.stderr.write(`warning: policies: ${e}\n`);
      }
      process.stdout.write(
        [
          '',
          'From the command line:',
          `  npx panther alerts --lake ${o.lake}`,
          `  npx panther query --lake ${o.lake} "select p_log_type, count(*) as n from panther_views.all_logs group by 1 order by 2 desc"`,
          `  npx panther compliance --lake ${o.lake} --status FAIL`,
          `  npx panther process --lake ${o.lake} path/to/logs`,
          '',
        ].join('\n'),
      );
      if (o.serve) await serveLake(o);
    });
}
