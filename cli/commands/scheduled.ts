import { Command } from 'commander';
import type { ScheduledQueryItem } from '../../detections/analysis/spec.js';
import { nextFireAfter, parseCron } from '../../detections/scheduled/cron.js';
import { loadLocalAnalysis } from '../../detections/pipeline/local.js';
import { localRunState, runLocalScheduledRules, scheduledSummary } from '../../detections/scheduled/local.js';
import { DEFAULT_LAKE, knownLogTypes } from './process.js';

function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`--now ${JSON.stringify(value)}: expected an ISO 8601 time`);
  return new Date(ms);
}

export function scheduledCommand(): Command {
  const cmd = new Command('scheduled').description('Scheduled queries and the scheduled rules fed by their rows (local lake, DuckDB)');
  cmd
    .command('run')
    .description('Run the due scheduled queries over the local lake and their scheduled rules; alerts go to the local alert store')
    .option('--lake <dir>', 'the local lake directory', DEFAULT_LAKE)
    .option('--detections <dir>', 'a Panther-format detections directory loaded besides the built-in pack (packs/aws)')
    .option('--schemas <dir>', 'a directory of custom log schemas (*.yml), so their tables exist')
    .option('--now <iso>', 'the time of this tick (default: now); decides which queries are due')
    .option('--all', 'run every enabled scheduled query, due or not')
    .option('--json', 'print the report as one JSON object')
    .addHelpText(
      'after',
      `
A query is due when its RateMinutes have passed since its last run, or when a CronExpression slot
(UTC; 5-field classic or 6-field AWS form) fell since the last look. Last runs are kept in
<lake>/state/documents/scheduled-query-runs/. Matches go to rules/<table>/ (rows with a p_log_type) or
rules/scheduled/ (other rows); exit code 1 when a query failed.

Example:
  npx panther scheduled run --lake .panther --all`,
    )
    .action(async (o: { lake: string; detections?: string; schemas?: string; now?: string; all?: boolean; json?: boolean }) => {
      const known = await knownLogTypes(o.schemas);
      const result = await runLocalScheduledRules({
        lakeDir: o.lake,
        now: parseNow(o.now),
        logTypes: [...known.all],
        ...(o.detections !== undefined ? { detectionsDir: o.detections } : {}),
        ...(o.all === true ? { all: true } : {}),
      });
      if (o.json === true) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else process.stdout.write(scheduledSummary(result));
      if (result.queries.some((q) => q.status === 'failed')) process.exitCode = 1;
    });
  cmd
    .command('list')
    .description('List the scheduled queries with their schedule, last run and next slot')
    .option('--lake <dir>', 'the local lake directory', DEFAULT_LAKE)
    .option('--detections <dir>', 'a Panther-format detections directory loaded besides the built-in pack (packs/aws)')
    .option('--json', 'print one JSON array')
    .action(async (o: { lake: string; detections?: string; json?: boolean }) => {
      const { items } = await loadLocalAnalysis({ lakeDir: o.lake, ...(o.detections !== undefined ? { detectionsDir: o.detections } : {}) });
      const queries = items.filter((i): i is ScheduledQueryItem => i.type === 'scheduled_query');
      const state = await localRunState(o.lake).load();
      const now = new Date();
      const rows = queries.map((q) => {
        const s = state.get(q.id);
        const sched = q.spec.Schedule;
        const schedule = sched.CronExpression !== undefined ? `cron ${sched.CronExpression}` : `every ${sched.RateMinutes ?? '?'} min`;
        let next: string | undefined;
        if (q.spec.Enabled) {
          if (sched.CronExpression !== undefined) next = nextFireAfter(parseCron(sched.CronExpression), now)?.toISOString();
          else if (sched.RateMinutes !== undefined) next = s?.lastRun !== undefined ? new Date(Date.parse(s.lastRun) + sched.RateMinutes * 60_000).toISOString() : 'now';
        }
        return {
          queryName: q.id,
          enabled: q.spec.Enabled,
          schedule,
          timeoutMinutes: sched.TimeoutMinutes,
          lastRun: s?.lastRun ?? null,
          lastStatus: s?.lastStatus ?? null,
          lastError: s?.lastError ?? null,
          next: next ?? null,
        };
      });
      if (o.json === true) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write('No scheduled queries.\n');
        return;
      }
      for (const r of rows) {
        process.stdout.write(`${r.queryName}\n  ${r.enabled ? 'enabled' : 'disabled'}, ${r.schedule}, timeout ${r.timeoutMinutes} min; last run ${r.lastRun ?? 'never'}${r.lastStatus !== null ? ` (${r.lastStatus})` : ''}; next ${r.next ?? '-'}\n`);
        if (r.lastError !== null) process.stdout.write(`  last error: ${r.lastError}\n`);
      }
    });
  return cmd;
}
