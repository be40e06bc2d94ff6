// `panther scheduled run|list` over a local lake of the CloudTrail samples, with the built-in pack
// (its example scheduled query runs on DuckDB unchanged) and a detections directory.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scheduledCommand } from '../../../cli/commands/scheduled.js';
import { DirObjectStore } from '../../../adapters/local/dir-object-store.js';
import { EmbeddedAlertStore } from '../../../detections/alerting/embedded-store.js';
import { CloudTrail } from '../../../parsers/aws/cloudtrail.js';
import { processFiles } from '../../../processing/process-files.js';

const SAMPLES = new URL('../../../parsers/aws/samples/AWS.CloudTrail.jsonl', import.meta.url).pathname;

async function run(args: string[]): Promise<{ out: string; exitCode: number | undefined }> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const before = process.exitCode;
  process.exitCode = undefined;
  process.stdout.write = ((c: string | Uint8Array) => {
    chunks.push(String(c));
    return true;
  }) as typeof process.stdout.write;
  try {
    await scheduledCommand().exitOverride().parseAsync(args, { from: 'user' });
  } finally {
    process.stdout.write = write;
  }
  const exitCode = process.exitCode as number | undefined;
  process.exitCode = before;
  return { out: chunks.join(''), exitCode };
}

t.test('scheduled run and list on the local lake', async (t) => {
  const lakeDir = mkdtempSync(join(tmpdir(), 'scheduled-cli-'));
  await processFiles([SAMPLES], { lake: new DirObjectStore(lakeDir), logTypes: [CloudTrail], source: { sourceId: 'samples', sourceLabel: 'samples' } });
  const dir = mkdtempSync(join(tmpdir(), 'scheduled-cli-detections-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'q.yml'), "AnalysisType: scheduled_query\nQueryName: Stops\nEnabled: true\nQuery: SELECT eventname, sourceipaddress FROM panther_logs.aws_cloudtrail WHERE eventname = 'StopInstances'\nSchedule:\n  CronExpression: cron(0 12 ? * MON *)\n  TimeoutMinutes: 1\n");
  writeFileSync(join(dir, 'r.yml'), 'AnalysisType: scheduled_rule\nFilename: r.ts\nRuleID: Cli.Stops\nEnabled: true\nSeverity: Low\nScheduledQueries: [Stops]\n');
  writeFileSync(join(dir, 'r.ts'), "export const rule = (e: { get(k: string): unknown }): boolean => e.get('eventName') === 'StopInstances';\n");
  writeFileSync(join(dir, 'bad.yml'), 'AnalysisType: scheduled_query\nQueryName: Bad\nEnabled: true\nQuery: SELECT * FROM nowhere\nSchedule:\n  RateMinutes: 10\n  TimeoutMinutes: 1\n');
  writeFileSync(join(dir, 'bad_rule.yml'), 'AnalysisType: scheduled_rule\nFilename: r.ts\nRuleID: Cli.Bad\nEnabled: true\nSeverity: Low\nScheduledQueries: [Bad]\n');

  const listed = await run(['list', '--lake', lakeDir, '--detections', dir, '--json']);
  const rows = JSON.parse(listed.out) as Array<{ queryName: string; schedule: string; lastRun: string | null; next: string | null }>;
  t.same(rows.map((r) => [r.queryName, r.schedule, r.lastRun]), [
    ['AWS Console Login Failures By Source IP', 'every 60 min', null],
    ['Bad', 'every 10 min', null],
    ['Stops', 'cron cron(0 12 ? * MON *)', null],
  ]);

  // Monday 2024-03-04 12:00: every query is due; the bad one fails and sets the exit code.
  const first = await run(['run', '--lake', lakeDir, '--detections', dir, '--now', '2024-03-04T12:00:00Z']);
  t.equal(first.exitCode, 1, 'a failed query fails the command');
  t.match(first.out, /^Scheduled: 3 enabled query\(ies\), 3 rule\(s\); 3 due\.\n/);
  t.match(first.out, '[SUCCEEDED] AWS Console Login Failures By Source IP: 0 row(s), 0 match(es)');
  t.match(first.out, /\[FAILED\] Bad: .*nowhere/);
  t.match(first.out, '[SUCCEEDED] Stops: 1 row(s), 1 match(es), 0 rule error(s), 1 alert(s) opened');
  const alerts = await new EmbeddedAlertStore({ dir: join(lakeDir, 'state') }).list();
  t.same(alerts.map((a) => [a.type, a.ruleId]), [['SCHEDULED_RULE', 'Cli.Stops']]);

  // Five minutes later nothing is due; --all runs them anyway (JSON report).
  const later = await run(['run', '--lake', lakeDir, '--detections', dir, '--now', '2024-03-04T12:05:00Z']);
  t.equal(later.exitCode, undefined);
  t.match(later.out, '; 0 due.');
  const all = await run(['run', '--lake', lakeDir, '--detections', dir, '--now', '2024-03-04T12:05:00Z', '--all', '--json']);
  const report = JSON.parse(all.out) as { queries: Array<{ queryName: string; status: string }>; unused: string[] };
  t.same(report.queries.map((q) => [q.queryName, q.status]), [
    ['AWS Console Login Failures By Source IP', 'succeeded'],
    ['Bad', 'failed'],
    ['Stops', 'succeeded'],
  ]);

  const after = JSON.parse((await run(['list', '--lake', lakeDir, '--detections', dir, '--json'])).out) as Array<{ queryName: string; lastRun: string | null; lastStatus: string | null; lastError: string | null }>;
  t.match(after.find((r) => r.queryName === 'Bad'), { lastRun: '2024-03-04T12:05:00.000Z', lastStatus: 'failed', lastError: /nowhere/ });
  await t.rejects(run(['run', '--lake', lakeDir, '--now', 'yesterday']), /--now "yesterday": expected an ISO 8601 time/);
});
