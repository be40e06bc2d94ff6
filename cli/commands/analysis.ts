// `panther analysis test | validate | zip | upload`: Panther's analysis tool over a Panther-format
// detection repository (YAML/JSON specs with Python or TypeScript bodies).
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { type LoadResult, loadAnalysisDir, parseFilterArgs } from '../../detections/analysis/load.js';
import { bundleZip } from '../../detections/testing/bundle.js';
import { runAnalysisTests, type TestReport } from '../../detections/testing/run-tests.js';

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function parseCount(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--minimum-tests: expected a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
}

async function load(path: string, filters: readonly string[]): Promise<LoadResult> {
  return loadAnalysisDir(path, parseFilterArgs(filters));
}

function printInvalid(errors: LoadResult['errors']): void {
  if (errors.length === 0) return;
  out('Invalid specs:');
  for (const e of errors) out(`\t${e.text}`);
}

/** Indented JSON for the alert context lines. */
function json(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, '\n\t\t');
}

export function printReport(report: TestReport, path: string): void {
  for (const d of report.detections) {
    if (d.skipped) continue;
    out(`${d.id} (${d.file})`);
    for (const t of d.tests) {
      out(`\t[${t.passed ? 'PASS' : 'FAIL'}] ${t.name}`);
      if (t.reason !== undefined) out(`\t\t[Reason] ${t.reason}`);
      if (t.title !== undefined) {
        out(`\t\t[Title] ${t.title}`);
        out(`\t\t[Dedup] ${t.dedup ?? ''}`);
        out(`\t\t[Severity] ${t.severity ?? ''}`);
        if (t.alertContext !== null && t.alertContext !== undefined) out(`\t\t[AlertContext] ${json(t.alertContext)}`);
      }
    }
    for (const f of d.failures) out(`\t[FAIL] ${f}`);
    out();
  }
  const failed = report.detections.filter((d) => !d.skipped && !d.passed);
  const skipped = report.detections.filter((d) => d.skipped);
  out('--------------------------');
  out('Panther CLI Test Summary');
  out(`\tPath: ${path}`);
  out(`\tPassed: ${report.totals.passed}`);
  out(`\tFailed: ${report.totals.failed}`);
  out(`\tInvalid: ${report.totals.invalid}`);
  out(`\tTests: ${report.totals.testsPassed} passed, ${report.totals.testsFailed} failed`);
  if (skipped.length > 0) out(`\tSkipped (disabled): ${skipped.length}`);
  if (failed.length > 0) {
    out();
    out('Failed tests:');
    for (const d of failed) {
      const names = [...d.tests.filter((t) => !t.passed).map((t) => t.name), ...d.failures];
      out(`\t${d.id} (${d.file})`);
      for (const n of names) out(`\t\t${n}`);
    }
  }
  if (report.invalid.length > 0) {
    out();
    printInvalid(report.invalid);
  }
  if (report.skippedSpecs.length > 0) {
    out();
    out('Not run by this engine:');
    for (const s of report.skippedSpecs) out(`\t${s.file}: ${s.reason}`);
  }
}

const pathOption = (): Option => new Option('--path <dir>', 'the analysis repository').default('.');
const filterOption = (): Option => new Option('--filter <KEY=VALUE...>', 'keep detections whose spec KEY matches (KEY!=VALUE drops them); list values with commas').default([]);

function testCommand(): Command {
  return new Command('test')
    .description("Run the detections' embedded tests (Panther's `panther_analysis_tool test`)")
    .addOption(pathOption())
    .addOption(filterOption())
    .addOption(new Option('--minimum-tests <n>', 'fail detections with fewer tests (from 2, one positive and one negative are required)').argParser(parseCount))
    .option('--skip-disabled-tests', 'do not run the tests of detections with Enabled: false')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nExit status: 0 when every test passed, 1 on any failing test or invalid spec.')
    .action(async (o: { path: string; filter: string[]; minimumTests?: number; skipDisabledTests?: boolean; json?: boolean }) => {
      const loaded = await load(o.path, o.filter);
      const report = await runAnalysisTests(loaded, {
        ...(o.minimumTests !== undefined ? { minimumTests: o.minimumTests } : {}),
        skipDisabledTests: o.skipDisabledTests === true,
      });
      if (o.json === true) out(JSON.stringify(report, null, 2));
      else printReport(report, resolve(o.path));
      process.exitCode = report.totals.failed > 0 || report.totals.invalid > 0 ? 1 : 0;
    });
}

function validateCommand(): Command {
  return new Command('validate')
    .description('Load every spec and body and report what is invalid (file, line, key), without running tests')
    .addOption(pathOption())
    .addOption(filterOption())
    .action(async (o: { path: string; filter: string[] }) => {
      const loaded = await load(o.path, o.filter);
      const counts = new Map<string, number>();
      for (const item of loaded.items) counts.set(item.type, (counts.get(item.type) ?? 0) + 1);
      out(`Loaded ${loaded.items.length} specs from ${resolve(o.path)}: ${[...counts].map(([t, n]) => `${n} ${t}`).join(', ') || 'none'}`);
      for (const s of loaded.skipped) out(`Not run by this engine: ${s.file}: ${s.reason}`);
      printInvalid(loaded.errors);
      out(loaded.errors.length === 0 ? 'Valid.' : `Invalid: ${loaded.errors.length}`);
      process.exitCode = loaded.errors.length > 0 ? 1 : 0;
    });
}

function zipCommand(): Command {
  return new Command('zip')
    .description('Write the upload bundle: a deterministic zip of the specs and the bodies they name')
    .addOption(pathOption())
    .addOption(filterOption())
    .option('--out <file>', 'the zip file to write', 'panther-analysis.zip')
    .action(async (o: { path: string; filter: string[]; out: string }) => {
      const loaded = await load(o.path, o.filter);
      if (loaded.errors.length > 0) {
        printInvalid(loaded.errors);
        out('Not writing a bundle with invalid specs.');
        process.exitCode = 1;
        return;
      }
      const zip = await bundleZip(loaded);
      await writeFile(o.out, zip);
      out(`Wrote ${o.out}: ${loaded.items.length} specs, ${zip.length} bytes`);
    });
}

function uploadCommand(): Command {
  return new Command('upload')
    .description('Upload the bundle to a deployment (not available yet: needs the deployment API of issue 6)')
    .addOption(pathOption())
    .addHelpText('after', '\nNot available yet: uploading needs a deployment API (issue 6). Exits with status 2.\nUse `panther analysis zip` to build the bundle.')
    .action(() => {
      process.stderr.write('panther analysis upload: needs a deployment API (issue 6), which does not exist yet; use `panther analysis zip` to build the bundle\n');
      process.exitCode = 2;
    });
}

export function analysisCommand(): Command {
  return new Command('analysis')
    .description('Test, validate and package a Panther-format detection repository')
    .addCommand(testCommand())
    .addCommand(validateCommand())
    .addCommand(zipCommand())
    .addCommand(uploadCommand());
}
