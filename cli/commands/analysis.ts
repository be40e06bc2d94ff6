// `panther analysis test | validate | zip | upload`: Panther's analysis tool over a Panther-format
// detection repository (YAML/JSON specs with Python or TypeScript bodies).
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { type LoadResult, loadAnalysisDir, parseFilterArgs } from '../../detections/analysis/load.js';
import { bundleZip } from '../../detections/testing/bundle.js';
import { DirDocumentStore } from '../../adapters/local/dir-document-store.js';
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';
import { DetectionsRepo } from '../../api/services/detections-repo.js';
import { documentsDir } from '../../detections/pipeline/local.js';
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

/** The upload result both targets answer with. */
interface UploadSummary {
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly errors: readonly string[];
}

async function uploadToApi(apiUrl: string, zip: Buffer): Promise<UploadSummary> {
  // The token comes from the environment, never a flag: flags end up in shell history and `ps`.
  const token = process.env.PANTHER_API_TOKEN;
  if (token === undefined || token === '') throw new Error('set PANTHER_API_TOKEN to the API token (the local server prints it in its link; on AWS a Cognito ID token)');
  const url = `${apiUrl.replace(/\/+$/, '')}/api/detections/upload`;
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/zip', authorization: `Bearer ${token}` }, body: zip });
  } catch (err) {
    throw new Error(`${url}: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) {
    let detail = text;
    try {
      const p = JSON.parse(text) as { title?: string; detail?: string };
      detail = [p.title, p.detail].filter((x) => x !== undefined).join(': ');
    } catch {
      // not a problem document: show the body as it is
    }
    throw new Error(`${url}: HTTP ${res.status}${detail !== '' ? ` ${detail}` : ''}`);
  }
  return JSON.parse(text) as UploadSummary;
}

async function uploadToLake(lakeDir: string, zip: Buffer): Promise<UploadSummary> {
  const repo = new DetectionsRepo({ objects: new DirObjectStore(lakeDir), documents: new DirDocumentStore(documentsDir(lakeDir)) });
  try {
    return await repo.upload(zip);
  } finally {
    await repo.close();
  }
}

function uploadCommand(): Command {
  return new Command('upload')
    .description("Upload the detections to a deployment's API (--api-url, token in PANTHER_API_TOKEN), or into a local lake")
    .addOption(pathOption())
    .addOption(filterOption())
    .option('--api-url <url>', 'the console/API origin, e.g. https://d123.cloudfront.net or http://127.0.0.1:8787 (default: $PANTHER_API_URL)')
    .option('--lake <dir>', 'without an API URL: the local lake that `panther local`/`panther serve` use', '.panther')
    .action(async (o: { path: string; filter: string[]; apiUrl?: string; lake: string }) => {
      const loaded = await load(o.path, o.filter);
      if (loaded.errors.length > 0) {
        printInvalid(loaded.errors);
        out('Not uploading invalid specs.');
        process.exitCode = 1;
        return;
      }
      const zip = await bundleZip(loaded);
      const apiUrl = o.apiUrl ?? (process.env.PANTHER_API_URL !== '' ? process.env.PANTHER_API_URL : undefined);
      const target = apiUrl ?? resolve(o.lake);
      let r: UploadSummary;
      try {
        r = apiUrl !== undefined ? await uploadToApi(apiUrl, zip) : await uploadToLake(o.lake, zip);
      } catch (err) {
        process.stderr.write(`panther analysis upload: ${(err as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      out(`Uploaded ${loaded.items.length} specs (${zip.length} bytes) to ${target}: ${r.created.length} created, ${r.updated.length} updated, ${r.errors.length} error(s).`);
      for (const id of r.created) out(`  created ${id}`);
      for (const id of r.updated) out(`  updated ${id}`);
      for (const e of r.errors) out(`  [INVALID] ${e}`);
      if (r.errors.length > 0) process.exitCode = 1;
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
