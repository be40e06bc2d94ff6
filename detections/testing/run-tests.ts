// Runs the embedded tests of a loaded analysis repository, as Panther's analysis tool does: each
// test's rule()/policy() result, normalized, must equal ExpectedResult and, when an alert is
// expected, every auxiliary function must run without error. Python detections share one
// PythonEngine (globals and data models loaded first); TypeScript detections run in a worker pool
// (so a hanging rule is stopped at its time limit).
import type { AnalysisError, LoadResult, SkippedSpec } from '../analysis/load.js';
import { detectionSettings, type DataModelItem, type DetectionItem, type GlobalItem, type PolicyTest, type RuleTest } from '../analysis/spec.js';
import { normalizePolicy, normalizeRule, type NormalizeResult } from '../engine/normalize.js';
import { TsWorkerPool, type WorkerDataModel } from '../engine/ts-worker-pool.js';
import { dataModelSource, pythonDataModels } from '../python/analysis-items.js';
import { PythonEngine, PythonLoadError } from '../python/engine.js';
import type { RawDetectionOutput, RuleAuxFunction } from '../types.js';

export interface RunTestsOptions {
  /** A detection with fewer tests fails ("Insufficient test coverage"); from 2, one positive and one negative test are required too. */
  readonly minimumTests?: number;
  /** Skip (do not run or count) the tests of detections with Enabled: false. */
  readonly skipDisabledTests?: boolean;
  /** Per-test time limit of one detection run, in milliseconds. */
  readonly timeLimitMs?: number;
  /** Directories of third-party pure-Python packages. */
  readonly pythonPaths?: string[];
}

export interface TestCaseResult {
  readonly name: string;
  readonly expected: boolean;
  readonly passed: boolean;
  /** Why it failed: the rule error, the wrong result, or the auxiliary functions that raised. */
  readonly reason?: string;
  /** rule()'s (or policy()'s) normalized boolean, absent when it raised or returned a non-bool. */
  readonly result?: boolean;
  /** For tests where the detection alerted: the normalized title, dedup and alert context. */
  readonly title?: string;
  readonly dedup?: string;
  readonly alertContext?: Record<string, unknown> | null;
  readonly severity?: string;
  /** Errors of auxiliary functions, by function. */
  readonly auxErrors?: Partial<Record<RuleAuxFunction, string>>;
}

export interface DetectionTestReport {
  readonly id: string;
  readonly type: DetectionItem['type'];
  /** The spec file, relative to the repository. */
  readonly file: string;
  readonly language: 'python' | 'typescript';
  readonly enabled: boolean;
  /** True when its tests were skipped (disabled and skipDisabledTests). */
  readonly skipped: boolean;
  readonly passed: boolean;
  readonly tests: TestCaseResult[];
  /** A failure of the detection as a whole (insufficient test coverage). */
  readonly failures: string[];
}

export interface TestReport {
  readonly detections: DetectionTestReport[];
  /** Specs that did not load: the loader's errors, then Python bodies that failed to import. */
  readonly invalid: AnalysisError[];
  readonly skippedSpecs: SkippedSpec[];
  readonly totals: {
    /** Detections whose tests all passed. */
    readonly passed: number;
    readonly failed: number;
    readonly invalid: number;
    readonly skipped: number;
    readonly testsPassed: number;
    readonly testsFailed: number;
  };
}

function isDetection(item: LoadResult['items'][number]): item is DetectionItem {
  return item.type === 'rule' || item.type === 'scheduled_rule' || item.type === 'policy';
}

function loadError(file: string, message: string): AnalysisError {
  return { file, message, text: `${file}: ${message}` };
}

type Test = RuleTest | PolicyTest;

function testEvent(test: Test): Record<string, unknown> {
  return 'Resource' in test ? test.Resource : test.Log;
}

/** Compares one normalized output with the test's expectation. */
export function judge(item: DetectionItem, test: Test, raw: RawDetectionOutput): TestCaseResult {
  const isPolicy = item.type === 'policy';
  const event = testEvent(test);
  const logType = typeof event.p_log_type === 'string' ? event.p_log_type : isPolicy ? (item.spec.ResourceTypes?.[0] ?? '') : (item.spec.AnalysisType === 'rule' ? item.spec.LogTypes[0] : '') ?? '';
  const settings = detectionSettings(item);
  const ctx = { logType };
  const out: NormalizeResult = isPolicy ? normalizePolicy(raw, settings, ctx) : normalizeRule(raw, settings, ctx);
  const base = { name: test.Name, expected: test.ExpectedResult };
  if (out.kind === 'error') return { ...base, passed: false, reason: out.error.error };
  // Policies alert on false (non-compliant); their result is policy()'s own value.
  const alerted = out.kind === 'match';
  const result = isPolicy ? !alerted : alerted;
  const expectAlert = isPolicy ? !test.ExpectedResult : test.ExpectedResult;
  const auxErrors = out.kind === 'match' ? out.auxErrors : auxErrorsOf(raw);
  const hasAuxErrors = Object.keys(auxErrors).length > 0;
  const details =
    out.kind === 'match'
      ? { title: out.match.title, dedup: out.match.dedup, alertContext: out.match.alertContext, severity: out.match.severity }
      : {};
  const reasons: string[] = [];
  if (result !== test.ExpectedResult) reasons.push(`expected ${isPolicy ? 'policy' : 'rule'}() to return ${test.ExpectedResult ? 'True' : 'False'}, got ${result ? 'True' : 'False'}`);
  if (expectAlert && hasAuxErrors) reasons.push(...Object.entries(auxErrors).map(([fn, msg]) => `${fn}(): ${msg}`));
  return {
    ...base,
    passed: reasons.length === 0,
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
    result,
    ...details,
    ...(hasAuxErrors ? { auxErrors } : {}),
  };
}

function auxErrorsOf(raw: RawDetectionOutput): Partial<Record<RuleAuxFunction, string>> {
  const out: Partial<Record<RuleAuxFunction, string>> = {};
  for (const [fn, msg] of Object.entries(raw.errors)) if (fn !== 'rule' && fn !== 'policy' && msg !== undefined) out[fn as RuleAuxFunction] = msg;
  return out;
}

function coverageFailures(tests: readonly Test[], minimumTests: number): string[] {
  const failures: string[] = [];
  if (tests.length < minimumTests) failures.push(`Insufficient test coverage: ${minimumTests} tests required but only ${tests.length} found`);
  // Panther's tool: with a minimum of 2 or more, one positive and one negative test are required.
  if (minimumTests >= 2 && !(tests.some((t) => t.ExpectedResult) && tests.some((t) => !t.ExpectedResult))) {
    failures.push('Insufficient test coverage: expected at least one positive and one negative test');
  }
  return failures;
}

/** A data model for the TypeScript worker: Method mappings need a TypeScript body. */
function workerModel(model: DataModelItem): WorkerDataModel {
  const tsBody = model.body?.language === 'typescript' ? model.body.path : undefined;
  return {
    id: model.id,
    logTypes: model.spec.LogTypes,
    // A Python body's methods cannot run in the TypeScript runtime: those names stay unmapped.
    mappings: model.spec.Mappings.filter((m) => m.Path !== undefined || tsBody !== undefined).map((m) => ({ name: m.Name, ...(m.Path !== undefined ? { path: m.Path } : {}), ...(m.Method !== undefined ? { method: m.Method } : {}) })),
    ...(tsBody !== undefined ? { moduleFile: tsBody } : {}),
  };
}

export async function runAnalysisTests(loaded: LoadResult, opts: RunTestsOptions = {}): Promise<TestReport> {
  const minimumTests = opts.minimumTests ?? 0;
  const invalid: AnalysisError[] = [...loaded.errors];
  const detections = loaded.items.filter(isDetection);
  const globals = loaded.items.filter((i): i is GlobalItem => i.type === 'global');
  const models = loaded.items.filter((i): i is DataModelItem => i.type === 'datamodel' && i.spec.Enabled);
  const toRun = detections.filter((d) => !(opts.skipDisabledTests === true && !d.spec.Enabled));
  const needsPython = toRun.some((d) => d.body.language === 'python');
  const needsTs = toRun.some((d) => d.body.language === 'typescript');

  let python: PythonEngine | undefined;
  let pool: TsWorkerPool | undefined;
  const reports: DetectionTestReport[] = [];
  try {
    const pythonBroken = new Set<string>();
    if (needsPython) {
      python = await PythonEngine.start({
        ...(opts.timeLimitMs !== undefined ? { timeLimitMs: opts.timeLimitMs } : {}),
        ...(opts.pythonPaths !== undefined ? { pythonPaths: opts.pythonPaths } : {}),
      });
      const pyGlobals = globals.filter((g) => g.body.language === 'python');
      try {
        await python.loadGlobals(pyGlobals.map((g) => ({ id: g.id, body: g.body.source })));
      } catch (err) {
        if (!(err instanceof PythonLoadError)) throw err;
        const g = pyGlobals.find((x) => x.id === err.id);
        invalid.push(loadError(g?.body.file ?? err.id, err.pythonError));
      }
      // Path-only models and Python-bodied ones; one at a time so one bad body names itself.
      for (const m of pythonDataModels(models)) {
        try {
          await python.loadDataModels([dataModelSource(m)]);
        } catch (err) {
          if (!(err instanceof PythonLoadError)) throw err;
          invalid.push(loadError(m.body?.file ?? m.file, err.pythonError));
        }
      }
      for (const d of toRun.filter((x) => x.body.language === 'python')) {
        try {
          await python.loadDetection({ id: d.id, body: d.body.source, kind: d.type === 'policy' ? 'policy' : 'rule' });
        } catch (err) {
          if (!(err instanceof PythonLoadError)) throw err;
          invalid.push(loadError(d.body.file, err.pythonError));
          pythonBroken.add(d.id);
        }
      }
    }
    if (needsTs) pool = new TsWorkerPool({ size: 1, ...(opts.timeLimitMs !== undefined ? { timeLimitMs: opts.timeLimitMs } : {}) });
    const tsModels = models.map(workerModel);
    const runOne = (d: DetectionItem, test: Test, event: Record<string, unknown>, expectAlert: boolean): Promise<RawDetectionOutput> => {
      if (d.body.language === 'python') {
        if (python === undefined) throw new Error('the Python engine is not running');
        return python.run(d.id, event, { mocks: test.Mocks ?? [], expectMatch: expectAlert });
      }
      if ((test.Mocks ?? []).length > 0) throw new Error('Mocks are only supported for Python detections');
      if (pool === undefined) throw new Error('the TypeScript runtime is not running');
      const logType = typeof event.p_log_type === 'string' ? event.p_log_type : undefined;
      const dataModel = d.type === 'policy' || logType === undefined ? undefined : tsModels.find((m) => m.logTypes.includes(logType));
      return pool.run(d.body.path, event, { kind: d.type === 'policy' ? 'policy' : 'rule', forceAux: expectAlert, ...(dataModel !== undefined ? { dataModel } : {}) });
    };

    for (const d of detections) {
      const enabled = d.spec.Enabled;
      const common = { id: d.id, type: d.type, file: d.file, language: d.body.language, enabled };
      if (pythonBroken.has(d.id)) continue; // reported as an invalid spec
      if (opts.skipDisabledTests === true && !enabled) {
        reports.push({ ...common, skipped: true, passed: true, tests: [], failures: [] });
        continue;
      }
      const tests: readonly Test[] = d.spec.Tests ?? [];
      const results: TestCaseResult[] = [];
      for (const test of tests) {
        const event = testEvent(test);
        const expectAlert = d.type === 'policy' ? !test.ExpectedResult : test.ExpectedResult;
        let raw: RawDetectionOutput;
        try {
          raw = await runOne(d, test, event, expectAlert);
        } catch (err) {
          // The engine itself failed (a crashed worker, a module that cannot load): this test fails, the others go on.
          results.push({ name: test.Name, expected: test.ExpectedResult, passed: false, reason: (err as Error).message });
          continue;
        }
        results.push(judge(d, test, raw));
      }
      const failures = coverageFailures(tests, minimumTests);
      reports.push({ ...common, skipped: false, passed: failures.length === 0 && results.every((r) => r.passed), tests: results, failures });
    }
  } finally {
    await python?.close();
    await pool?.close();
  }

  const counted = reports.filter((r) => !r.skipped);
  const tests = counted.flatMap((r) => r.tests);
  return {
    detections: reports,
    invalid,
    skippedSpecs: loaded.skipped,
    totals: {
      passed: counted.filter((r) => r.passed).length,
      failed: counted.filter((r) => !r.passed).length,
      invalid: invalid.length,
      skipped: reports.length - counted.length,
      testsPassed: tests.filter((t) => t.passed).length,
      testsFailed: tests.filter((t) => !t.passed).length,
    },
  };
}
