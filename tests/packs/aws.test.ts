// The built-in pack: every spec loads, the pack names every rule, and every embedded test passes
// through the same runner as `panther analysis test`.
import t from 'tap';
import { fileURLToPath } from 'node:url';
import { loadAnalysisDir } from '../../detections/analysis/load.js';
import type { RuleItem } from '../../detections/analysis/spec.js';
import { runAnalysisTests } from '../../detections/testing/run-tests.js';
import { checkFields } from '../../parsers/core/logtype.js';
import { builtinLogTypes } from '../../parsers/registry.js';

const PACK_DIR = fileURLToPath(new URL('../../packs/aws', import.meta.url));

// The CIS AWS Foundations monitoring controls (v1.2 section 3, plus 4.15 of v1.4) the pack must cover.
const CIS_IDS = ['3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14'];

t.test('packs/aws loads without errors, with at least 40 TypeScript rules', async (t) => {
  const loaded = await loadAnalysisDir(PACK_DIR);
  t.same(loaded.errors.map((e) => e.text), []);
  t.same(loaded.skipped, []);
  const rules = loaded.items.filter((i): i is RuleItem => i.type === 'rule');
  t.ok(rules.length >= 40, `${rules.length} rules`);
  t.ok(rules.every((r) => r.body.language === 'typescript'), 'every body is TypeScript');

  // The pack lists exactly the rules of the directory.
  const packs = loaded.items.filter((i) => i.type === 'pack');
  t.equal(packs.length, 1);
  const pack = packs[0];
  if (pack?.type !== 'pack') throw new Error('no pack');
  t.same([...pack.spec.PackDefinition.IDs].sort(), rules.map((r) => r.id).sort());

  // Each rule has a matching and a non-matching test, a runbook and a reference.
  for (const r of rules) {
    const tests = r.spec.Tests ?? [];
    t.ok(tests.some((x) => x.ExpectedResult), `${r.id} has a matching test`);
    t.ok(tests.some((x) => !x.ExpectedResult), `${r.id} has a non-matching test`);
    t.ok((r.spec.Runbook ?? '') !== '' && (r.spec.Reference ?? '') !== '' && (r.spec.Description ?? '') !== '', `${r.id} documents itself`);
  }

  // Every CIS monitoring control is reported by some rule, and so is Organizations (4.15 of v1.4).
  const cis = new Set(rules.flatMap((r) => r.spec.Reports?.CIS ?? []));
  t.same(CIS_IDS.filter((id) => !cis.has(id)), [], 'CIS 3.1-3.14 covered');
  t.ok(rules.some((r) => (r.spec.Reports?.['CIS AWS 1.4'] ?? []).includes('4.15')), 'CIS 4.15 covered');

  // The foundation log types each have at least one rule.
  const logTypes = new Set(rules.flatMap((r) => r.spec.LogTypes));
  for (const lt of ['AWS.CloudTrail', 'AWS.GuardDuty', 'AWS.S3ServerAccess', 'AWS.VPCFlow', 'AWS.ALB', 'Okta.SystemLog', 'Syslog.RFC5424', 'Syslog.RFC3164', 'Osquery.Differential']) {
    t.ok(logTypes.has(lt), `a rule for ${lt}`);
  }
});

t.test('every test Log is in the real format of its log type', async (t) => {
  const loaded = await loadAnalysisDir(PACK_DIR);
  let checked = 0;
  for (const r of loaded.items) {
    if (r.type !== 'rule') continue;
    for (const test of r.spec.Tests ?? []) {
      // p_log_type picks among several LogTypes (syslog); it must be one the rule declares.
      const name = typeof test.Log.p_log_type === 'string' ? test.Log.p_log_type : r.spec.LogTypes[0];
      t.ok(name !== undefined && r.spec.LogTypes.includes(name), `${r.id} / ${test.Name}: log type ${String(name)} declared`);
      const lt = builtinLogTypes.find((l) => l.name === name);
      if (lt === undefined) {
        t.fail(`${r.id}: unknown log type ${String(name)}`);
        continue;
      }
      // The declaration's own checks: required fields present, declared fields well typed, the JSON discriminator.
      const log = structuredClone(test.Log);
      t.equal(checkFields(lt.fields, log), null, `${r.id} / ${test.Name}: fields`);
      if (lt.parser.kind === 'json' && lt.parser.accept !== undefined) t.equal(lt.parser.accept(log), null, `${r.id} / ${test.Name}: accepted by ${lt.name}`);
      checked++;
    }
  }
  t.ok(checked >= 80, `${checked} test logs checked`);
});

t.test('every embedded test of the pack passes', async (t) => {
  const loaded = await loadAnalysisDir(PACK_DIR);
  // minimumTests 2 also makes the runner require one positive and one negative test per rule.
  const report = await runAnalysisTests(loaded, { minimumTests: 2 });
  const failures = report.detections.flatMap((d) => [...d.failures.map((f) => `${d.id}: ${f}`), ...d.tests.filter((x) => !x.passed).map((x) => `${d.id} / ${x.name}: ${x.reason ?? ''}`)]);
  t.same(failures, []);
  t.equal(report.totals.invalid, 0);
  t.equal(report.totals.failed, 0);
  t.ok(report.totals.passed >= 40, `${report.totals.passed} rules passed`);
  t.equal(report.totals.testsFailed, 0);
  const expectedTests = loaded.items.reduce((n, i) => n + (i.type === 'rule' || i.type === 'scheduled_rule' ? (i.spec.Tests ?? []).length : 0), 0);
  t.equal(report.totals.testsPassed, expectedTests);

  // Matching tests produce a real title (who did what where), not the dedup fallback, and an alert context.
  const matched = report.detections.flatMap((d) => d.tests.filter((x) => x.expected).map((x) => ({ id: d.id, ...x })));
  for (const m of matched) {
    t.ok(typeof m.title === 'string' && m.title.length > 10 && !m.title.includes('undefined'), `${m.id} / ${m.name}: title ${JSON.stringify(m.title)}`);
    t.ok(m.alertContext !== null && m.alertContext !== undefined && !('_error' in m.alertContext), `${m.id} / ${m.name}: alert context`);
  }
  // Dynamic severities: severity() raises or keeps the spec's level per event.
  const severityOf = (id: string, name: string): string | undefined => matched.find((m) => m.id === id && m.name === name)?.severity;
  t.equal(severityOf('AWS.GuardDuty.HighSeverityFinding', 'critical severity finding'), 'CRITICAL');
  t.equal(severityOf('AWS.GuardDuty.HighSeverityFinding', 'high severity finding'), 'HIGH');
  t.equal(severityOf('GCP.IAMPolicyChanged', 'owner granted'), 'HIGH');
  t.equal(severityOf('AWS.CloudTrail.RootAccountUsed', 'Root console login'), 'HIGH');
});
