// Detection benchmark: rule evaluations per second on the same CloudTrail events, in the same run,
//   (a) TypeScript: the built-in pack's AWS.CloudTrail rules in-process (PantherEvent + runTsRule),
//       for the whole pack and for the dozen rules that have a Python twin;
//   (b) Python engine: those twins (bench/python-rules/*.py) in PythonEngine (Pyodide in a worker);
//   (c) native python3: the same Python functions over the same events (bench/python-rules/_native_harness.py).
// One evaluation = rule() on one event, plus the auxiliary functions when it matched (what every
// engine does). Per-rule match counts are compared across the three, so a broken twin shows up.
// `node bin/run-ts.js bench/detections.ts` runs this phase alone; bench/run.ts runs it after the others.
//   The Python engine runs twice: runBatch() (the pipeline's path) and run() per event (10 s box at most).
// Env: BENCH_DETECTION_EVENTS (20000), BENCH_PY_ENGINE_SECONDS (time box of the Python engine, 45).
import { spawn } from 'node:child_process';
import { createReadStream, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGunzip } from 'node:zlib';
import { loadAnalysisDir } from '../detections/analysis/load.js';
import type { RuleItem } from '../detections/analysis/spec.js';
import { PantherEvent } from '../detections/engine/event.js';
import { loadTsDetection, runTsRule, type TsDetectionModule } from '../detections/engine/ts-runtime.js';
import { PythonEngine } from '../detections/python/engine.js';
import { generateCloudTrail } from './generate.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = join(ROOT, 'bench', '.data');
const PY_RULES = join(ROOT, 'bench', 'python-rules');
const HARNESS = join(PY_RULES, '_native_harness.py');

type Raw = Record<string, unknown>;

interface Rate {
  readonly evaluations: number;
  readonly seconds: number;
  /** Matches per rule (TS body / Python file name without extension). */
  readonly matches: Record<string, number>;
}

const perSecond = (r: Rate): number => r.evaluations / r.seconds;

/** The smallest CloudTrail file bench/run.ts left in bench/.data, or a 30 MiB one generated the same way. */
async function cloudTrailFile(): Promise<string> {
  mkdirSync(DATA, { recursive: true });
  const existing = readdirSync(DATA)
    .filter((f) => /^cloudtrail-\d+-v1\.json\.gz$/.test(f))
    .map((f) => join(DATA, f))
    .sort((a, b) => statSync(a).size - statSync(b).size);
  if (existing[0] !== undefined) return existing[0];
  const file = join(DATA, `cloudtrail-${30 * 1024 * 1024}-v1.json.gz`);
  process.stderr.write('generating a 30 MiB CloudTrail file...\n');
  await generateCloudTrail(`${file}.tmp`, 30 * 1024 * 1024);
  renameSync(`${file}.tmp`, file);
  return file;
}

/**
 * The first `n` records of a `{"Records":[...]}` gzip file, without parsing the rest: a scanner
 * tracks string state and brace depth and cuts each top-level element of the array.
 */
async function readRecords(file: string, n: number): Promise<Raw[]> {
  const out: Raw[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  let carry = '';
  const stream = createReadStream(file).pipe(createGunzip());
  stream.setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = carry + chunk;
    let i = carry.length;
    // Positions in `text`; `start` survives chunks through `carry`.
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) inString = false;
      } else if (c === 34) inString = true;
      else if (c === 123 || c === 91) {
        depth++;
        // Depth 3 is a record: inside the outer object (1) and the Records array (2).
        if (depth === 3 && c === 123) start = i;
      } else if (c === 125 || c === 93) {
        if (depth === 3 && c === 125 && start >= 0) {
          out.push(JSON.parse(text.slice(start, i + 1)) as Raw);
          start = -1;
          if (out.length >= n) {
            stream.destroy();
            return out;
          }
        }
        depth--;
      }
    }
    if (start >= 0) {
      carry = text.slice(start);
      start = 0;
    } else carry = '';
  }
  return out;
}

interface TsRule {
  readonly name: string;
  readonly id: string;
  readonly mod: TsDetectionModule;
}

async function loadTsRules(): Promise<TsRule[]> {
  const { items, errors } = await loadAnalysisDir(join(ROOT, 'packs', 'aws'));
  if (errors.length > 0) throw new Error(`packs/aws: ${errors.map((e) => e.text).join('; ')}`);
  const rules = items.filter((i): i is RuleItem => i.type === 'rule' && i.spec.Enabled && i.body.language === 'typescript' && i.spec.LogTypes.includes('AWS.CloudTrail'));
  return Promise.all(rules.map(async (r) => ({ name: basename(r.body.path, '.ts'), id: r.id, mod: await loadTsDetection(r.body.path) })));
}

/** rule() (and the auxiliary functions on a match) of every rule on every event, in-process. */
async function runTs(rules: readonly TsRule[], events: readonly Raw[]): Promise<Rate> {
  const matches: Record<string, number> = Object.fromEntries(rules.map((r) => [r.name, 0]));
  const started = process.hrtime.bigint();
  for (const raw of events) {
    // One read-only event per record, shared by the rules (as the detection engine does).
    const event = new PantherEvent(raw);
    for (const r of rules) {
      const out = await runTsRule(r.mod, event);
      if (out.matched === true) matches[r.name] = (matches[r.name] ?? 0) + 1;
    }
  }
  return { evaluations: events.length * rules.length, seconds: Number(process.hrtime.bigint() - started) / 1e9, matches };
}

/** Events per runBatch() call in the batched Python engine run (what the pipeline uses too). */
const PY_BATCH = 1000;

/**
 * The twins in the Python engine until all events are done or the time box is spent: with
 * `batch`, runBatch() over PY_BATCH events per rule (one worker round trip each); else run() per
 * event and rule.
 */
async function runPythonEngine(files: readonly string[], events: readonly Raw[], budgetSeconds: number, batch: boolean): Promise<Rate & { events: number; startupSeconds: number }> {
  const t0 = process.hrtime.bigint();
  const engine = await PythonEngine.start({ timeLimitMs: 10_000 });
  try {
    const names = files.map((f) => basename(f, '.py'));
    for (const [i, f] of files.entries()) await engine.loadDetection({ id: names[i] as string, body: readFileSync(f, 'utf8'), kind: 'rule' });
    const startupSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    // Warm-up, not timed: the first calls compile the functions.
    for (const name of names) await engine.run(name, events[0] ?? {});
    const matches: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
    const started = process.hrtime.bigint();
    const deadline = started + BigInt(Math.round(budgetSeconds * 1e9));
    let done = 0;
    if (batch) {
      for (let i = 0; i < events.length; i += PY_BATCH) {
        const chunk = events.slice(i, i + PY_BATCH);
        for (const name of names) {
          const outs = await engine.runBatch(name, chunk);
          for (const out of outs) {
            if (out.errors.rule !== undefined) throw new Error(`${name}: ${out.errors.rule}`);
            if (out.matched === true) matches[name] = (matches[name] ?? 0) + 1;
          }
        }
        done += chunk.length;
        if (process.hrtime.bigint() > deadline) break;
      }
      return { evaluations: done * names.length, seconds: Number(process.hrtime.bigint() - started) / 1e9, matches, events: done, startupSeconds };
    }
    for (const raw of events) {
      for (const name of names) {
        const out = await engine.run(name, raw);
        if (out.errors.rule !== undefined) throw new Error(`${name}: ${out.errors.rule}`);
        if (out.matched === true) matches[name] = (matches[name] ?? 0) + 1;
      }
      done++;
      if (process.hrtime.bigint() > deadline) break;
    }
    return { evaluations: done * names.length, seconds: Number(process.hrtime.bigint() - started) / 1e9, matches, events: done, startupSeconds };
  } finally {
    await engine.close();
  }
}

/** The twins in the machine's python3, over the same events given as JSON lines. */
function runNativePython(files: readonly string[], events: readonly Raw[]): Promise<Rate & { errors: number; version: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', 'import sys; print(sys.version.split()[0])'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let version = '';
    child.stdout.on('data', (d: Buffer) => (version += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const run = spawn('python3', [HARNESS, ...files], { stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      run.stdout.on('data', (d: Buffer) => (out += d.toString()));
      run.on('error', reject);
      run.on('close', (code) => {
        if (code !== 0) return reject(new Error(`python3 harness exited with ${code}`));
        const r = JSON.parse(out.trim().split('\n').pop() as string) as Rate & { errors: number };
        resolve({ ...r, version: version.trim() });
      });
      run.stdin.end(events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    });
  });
}

/** Rule names whose match counts differ between two runs (over the same events). */
function mismatches(a: Record<string, number>, b: Record<string, number>, names: readonly string[]): string[] {
  return names.filter((n) => (a[n] ?? 0) !== (b[n] ?? 0)).map((n) => `${n} ${a[n] ?? 0} vs ${b[n] ?? 0}`);
}

export async function benchDetections(): Promise<void> {
  const n = Number(process.env.BENCH_DETECTION_EVENTS ?? 20_000);
  const pyBudget = Number(process.env.BENCH_PY_ENGINE_SECONDS ?? 45);
  process.stderr.write('Detections: TypeScript in-process, the Python engine, native python3:\n');
  const file = await cloudTrailFile();
  const events = await readRecords(file, n);
  process.stderr.write(`  ${events.length} CloudTrail events from ${basename(file)}\n`);

  const tsRules = await loadTsRules();
  const pyFiles = readdirSync(PY_RULES)
    .filter((f) => f.endsWith('.py') && !f.startsWith('_'))
    .sort()
    .map((f) => join(PY_RULES, f));
  const twinNames = pyFiles.map((f) => basename(f, '.py'));
  const twins = tsRules.filter((r) => twinNames.includes(r.name));
  const missing = twinNames.filter((name) => !twins.some((r) => r.name === name));
  if (missing.length > 0) throw new Error(`Python rules without a TypeScript twin in packs/aws: ${missing.join(', ')}`);

  // Warm-up (JIT), not timed.
  await runTs(tsRules, events.slice(0, 2000));
  const tsAll = await runTs(tsRules, events);
  const tsTwins = await runTs(twins, events);
  process.stderr.write(`  TypeScript: ${tsRules.length} rules ${tsAll.seconds.toFixed(2)} s, ${twins.length} twins ${tsTwins.seconds.toFixed(2)} s\n`);
  const native = await runNativePython(pyFiles, events);
  process.stderr.write(`  native python3 ${native.version}: ${native.seconds.toFixed(2)} s\n`);
  const engine = await runPythonEngine(pyFiles, events, pyBudget, true);
  process.stderr.write(`  Python engine, runBatch: startup ${engine.startupSeconds.toFixed(1)} s, ${engine.events} events in ${engine.seconds.toFixed(2)} s\n`);
  // run() per event for comparison, in a shorter time box: it is two orders of magnitude slower.
  const perRunBudget = Math.min(pyBudget, 10);
  const perRun = await runPythonEngine(pyFiles, events, perRunBudget, false);
  process.stderr.write(`  Python engine, run() per event: ${perRun.events} events in ${perRun.seconds.toFixed(2)} s\n`);

  // The engine may stop early: compare its counts with TypeScript's on the events it ran.
  const tsPrefix = engine.events === events.length ? tsTwins : await runTs(twins, events.slice(0, engine.events));
  const tsPerRun = await runTs(twins, events.slice(0, perRun.events));
  const bad = [
    ...mismatches(tsTwins.matches, native.matches, twinNames).map((m) => `python3: ${m}`),
    ...mismatches(tsPrefix.matches, engine.matches, twinNames).map((m) => `engine: ${m}`),
    ...mismatches(tsPerRun.matches, perRun.matches, twinNames).map((m) => `engine run(): ${m}`),
  ];
  if (native.errors > 0) bad.push(`python3: ${native.errors} rule errors`);
  const matched = twinNames.reduce((s, name) => s + (tsTwins.matches[name] ?? 0), 0);

  const f0 = (x: number): string => Math.round(x).toLocaleString('en-US');
  console.log(`\nDetection benchmark (${events.length} CloudTrail events; an evaluation is rule() plus the auxiliary functions on a match)`);
  console.log(`TypeScript, all ${tsRules.length} AWS.CloudTrail rules of packs/aws:  ${f0(perSecond(tsAll))} evaluations/s`);
  console.log(`TypeScript, the ${twins.length} rules with a Python twin:        ${f0(perSecond(tsTwins))} evaluations/s (${matched} matches)`);
  console.log(`Python engine (Pyodide) runBatch, the ${twinNames.length} twins:    ${f0(perSecond(engine))} evaluations/s (${engine.events} events, ${PY_BATCH} per batch, time box ${pyBudget} s; startup ${engine.startupSeconds.toFixed(1)} s)`);
  console.log(`Python engine (Pyodide) run(), the ${twinNames.length} twins:       ${f0(perSecond(perRun))} evaluations/s (${perRun.events} events, one round trip each, time box ${perRunBudget} s)`);
  console.log(`native python3 ${native.version}, the ${twinNames.length} twins:            ${f0(perSecond(native))} evaluations/s`);
  console.log('');
  console.log(`ratio python-engine/typescript:      ${(perSecond(engine) / perSecond(tsTwins)).toFixed(4)}`);
  console.log(`ratio python-engine/native-python3:  ${(perSecond(engine) / perSecond(native)).toFixed(4)}`);
  console.log(bad.length === 0 ? 'per-rule match counts agree across the three runs' : `MATCH COUNTS DIFFER: ${bad.join('; ')}`);
  if (bad.length > 0) process.exitCode = 1;
}

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  await benchDetections();
}
