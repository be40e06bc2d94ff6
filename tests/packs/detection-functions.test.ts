// Every built-in detection's embedded tests, run in this thread through the runtime functions the
// engine's workers and the in-process paths (run-detections, cloud-security/evaluate) call, with
// each result normalized as an alert would be. On every alerting test each auxiliary function the
// module exports must run without error and return what Panther expects of it; a broken title() or
// alert_context() on a real match would otherwise surface only as an alert-time rule error. Every
// exported auxiliary function must be reached by at least one alerting test of its spec.
// (The pack tests in aws.test.ts / aws-policies.test.ts run the same specs through the worker pool.)
import t from 'tap';
import { fileURLToPath } from 'node:url';
import { loadAnalysisDir } from '../../detections/analysis/load.js';
import { detectionSettings, type DetectionItem } from '../../detections/analysis/spec.js';
import { PantherEvent } from '../../detections/engine/event.js';
import { MAX_ALERT_CONTEXT_SIZE, MAX_DEDUP_STRING_SIZE, MAX_DESTINATIONS_SIZE, MAX_GENERATED_FIELD_SIZE, normalizePolicy, normalizeRule, pythonJsonDumps } from '../../detections/engine/normalize.js';
import { findFunction, loadTsDetection, runTsPolicy, runTsRule } from '../../detections/engine/ts-runtime.js';
import { RULE_AUX_FUNCTIONS, SEVERITIES, type RawDetectionOutput, type RuleAuxFunction } from '../../detections/types.js';

const PACKS = ['aws', 'aws-policies'].map((name) => ({ name, dir: fileURLToPath(new URL(`../../packs/${name}`, import.meta.url)) }));

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** What is wrong with one auxiliary function's raw return value, or null. */
function auxProblem(fn: RuleAuxFunction, value: unknown): string | null {
  const nonEmptyString = (max: number): string | null =>
    typeof value === 'string' && value.trim() !== '' && value.length <= max && !value.includes('undefined') && !value.includes('[object Object]') ? null : `not a clean string of 1..${max} characters: ${JSON.stringify(value)}`;
  switch (fn) {
    case 'title':
    case 'description':
    case 'reference':
    case 'runbook':
      return nonEmptyString(MAX_GENERATED_FIELD_SIZE);
    case 'dedup':
    case 'unique':
      return nonEmptyString(MAX_DEDUP_STRING_SIZE);
    case 'severity':
      return typeof value === 'string' && [...SEVERITIES, 'DEFAULT'].includes(value.toUpperCase()) ? null : `not a severity: ${JSON.stringify(value)}`;
    case 'alert_context': {
      if (!isPlainObject(value) || Object.keys(value).length === 0) return `not a non-empty plain object: ${JSON.stringify(value)}`;
      const size = pythonJsonDumps(value).length;
      return size <= MAX_ALERT_CONTEXT_SIZE ? null : `serializes to ${size} characters`;
    }
    case 'destinations':
      return Array.isArray(value) && value.length <= MAX_DESTINATIONS_SIZE && value.every((d) => typeof d === 'string' && d !== '') ? null : `not a list of destination names: ${JSON.stringify(value)}`;
  }
}

for (const pack of PACKS) {
  t.test(`packs/${pack.name}: auxiliary functions on every alerting test`, async (t) => {
    const loaded = await loadAnalysisDir(pack.dir);
    t.same(loaded.errors.map((e) => e.text), []);
    const detections = loaded.items.filter((i): i is DetectionItem => i.type === 'rule' || i.type === 'scheduled_rule' || i.type === 'policy');
    t.ok(detections.length >= 40, `${detections.length} detections`);

    let alerting = 0;
    let auxChecked = 0;
    const unreached: string[] = [];
    const problems: string[] = [];
    t.same(detections.filter((d) => d.body.language !== 'typescript').map((d) => d.id), [], 'every body is TypeScript');
    for (const d of detections) {
      const mod = await loadTsDetection(d.body.path);
      const exported = RULE_AUX_FUNCTIONS.filter((fn) => findFunction(mod, fn) !== undefined);
      const reached = new Set<RuleAuxFunction>();
      const settings = detectionSettings(d);
      for (const test of d.spec.Tests ?? []) {
        const where = `${d.id} / ${test.Name}`;
        const isPolicy = d.type === 'policy';
        const data = 'Resource' in test ? test.Resource : test.Log;
        // A fresh copy: a detection must not see another test's mutations.
        const event = new PantherEvent(structuredClone(data));
        // The production call: auxiliary functions run only because the detection alerted.
        const raw: RawDetectionOutput = isPolicy ? await runTsPolicy(mod, event) : await runTsRule(mod, event);
        if (Object.keys(raw.errors).length > 0) problems.push(`${where}: errors ${JSON.stringify(raw.errors)}`);
        if (raw.matched !== test.ExpectedResult) problems.push(`${where}: returned ${JSON.stringify(raw.matched)}, expected ${String(test.ExpectedResult)}`);
        // What the alert is filed under: the resource type, the event's log type, or the scheduled query.
        const logType = isPolicy ? String(data.ResourceType) : typeof data.p_log_type === 'string' ? data.p_log_type : ((d.type === 'rule' ? d.spec.LogTypes[0] : d.type === 'scheduled_rule' ? d.spec.ScheduledQueries[0] : undefined) ?? '');
        const out = isPolicy ? normalizePolicy(raw, settings, { logType }) : normalizeRule(raw, settings, { logType });
        const expectAlert = isPolicy ? !test.ExpectedResult : test.ExpectedResult;
        if (!expectAlert) {
          if (out.kind !== 'nomatch') problems.push(`${where}: normalized to ${out.kind}, expected no alert`);
          if (Object.keys(raw.aux).length > 0) problems.push(`${where}: auxiliary functions ran without an alert`);
          continue;
        }
        alerting++;
        if (out.kind !== 'match') {
          problems.push(`${where}: normalized to ${out.kind}, expected an alert`);
          continue;
        }
        if (Object.keys(out.auxErrors).length > 0) problems.push(`${where}: ${JSON.stringify(out.auxErrors)}`);
        for (const fn of exported) {
          if (!(fn in raw.aux)) {
            problems.push(`${where}: ${fn}() exported but not run`);
            continue;
          }
          reached.add(fn);
          auxChecked++;
          const problem = auxProblem(fn, raw.aux[fn]);
          if (problem !== null) problems.push(`${where}: ${fn}() ${problem}`);
        }
        // The alert shows the detection's own title, not the DisplayName/ID fallback.
        if (exported.includes('title') && out.match.title !== raw.aux.title) problems.push(`${where}: alert title ${JSON.stringify(out.match.title)} is not title()'s`);
        if (exported.includes('severity') && typeof raw.aux.severity === 'string' && raw.aux.severity.toUpperCase() !== 'DEFAULT') {
          if (out.match.severity !== raw.aux.severity.toUpperCase()) problems.push(`${where}: severity ${out.match.severity} is not severity()'s`);
        }
      }
      unreached.push(...exported.filter((fn) => !reached.has(fn)).map((fn) => `${d.id}: ${fn}()`));
    }
    t.same(problems, [], 'every test: expected result, no errors, well-typed auxiliary results');
    t.same(unreached, [], 'every exported auxiliary function runs on some alerting test');
    t.ok(alerting >= detections.length, `${alerting} alerting tests`);
    t.ok(auxChecked >= alerting, `${auxChecked} auxiliary results checked`);
  });
}
