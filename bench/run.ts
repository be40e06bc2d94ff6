// `npm run bench`: log processor throughput as ratios against floors measured in the same run
// on the same data (the machines are shared and noisy: absolute figures alone mean little).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinLogTypes } from '../parsers/registry.js';
import { generateCloudTrail, generateVpcFlow } from './generate.js';
import { benchSynth } from './synth.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = join(ROOT, 'bench', '.data');
const CT_BYTES = Number(process.env.BENCH_CT_MB ?? 220) * 1024 * 1024;
const VPC_LINES = Number(process.env.BENCH_VPC_LINES ?? 2_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

interface PhaseResult {
  phase: string;
  units: number;
  seconds: number;
  maxRssMiB: number;
}

function run(phase: string, file: string): PhaseResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'phase.ts'), phase, file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop() as string) as PhaseResult;
}

/** Alternates the phases for several rounds and keeps each one's best time. */
function measure(phases: readonly string[], file: string): Map<string, PhaseResult> {
  const best = new Map<string, PhaseResult>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const p of phases) {
      const r = run(p, file);
      process.stderr.write(`  round ${round}: ${p.padEnd(18)} ${r.seconds.toFixed(2)} s, peak RSS ${r.maxRssMiB} MiB\n`);
      const prev = best.get(p);
      if (prev === undefined || r.seconds < prev.seconds) best.set(p, { ...r, maxRssMiB: Math.max(r.maxRssMiB, prev?.maxRssMiB ?? 0) });
    }
  }
  return best;
}

mkdirSync(DATA, { recursive: true });
const ct = join(DATA, `cloudtrail-${CT_BYTES}-v1.json.gz`);
const vpc = join(DATA, `vpcflow-${VPC_LINES}-v1.log`);
if (!existsSync(ct)) {
  process.stderr.write(`generating ${Math.round(CT_BYTES / 1048576)} MiB CloudTrail file...\n`);
  const g = await generateCloudTrail(`${ct}.tmp`, CT_BYTES);
  execFileSync('mv', [`${ct}.tmp`, ct]);
  process.stderr.write(`  ${g.records} records, ${Math.round(g.bytes / 1048576)} MiB uncompressed\n`);
}
if (!existsSync(vpc)) {
  process.stderr.write(`generating ${VPC_LINES} VPC flow lines...\n`);
  await generateVpcFlow(`${vpc}.tmp`, VPC_LINES);
  execFileSync('mv', [`${vpc}.tmp`, vpc]);
}

process.stderr.write(`CloudTrail (${(statSync(ct).size / 1048576).toFixed(1)} MiB gzip):\n`);
const c = measure(['ct-floor', 'ct-processor', 'ct-processor-all'], ct);
process.stderr.write(`VPC flow (${(statSync(vpc).size / 1048576).toFixed(1)} MiB):\n`);
const v = measure(['vpc-floor', 'vpc-processor'], vpc);

process.stderr.write('Classification, mixed lines of 20 log types, no --log-types:\n');
const m = measure(['mixed-20', 'mixed-all'], '-');

const rate = (r: PhaseResult | undefined): number => (r === undefined ? 0 : r.units / r.seconds);
const floor = rate(c.get('ct-floor'));
const proc = rate(c.get('ct-processor'));
const all = rate(c.get('ct-processor-all'));
const vFloor = rate(v.get('vpc-floor'));
const vProc = rate(v.get('vpc-processor'));
const f0 = (n: number): string => Math.round(n).toLocaleString('en-US');

console.log('\nLog processor benchmark (best of %d rounds)', ROUNDS);
console.log(`CloudTrail floor (gunzip -> JSON.parse -> JSON.stringify -> gzip): ${f0(floor)} records/s, peak RSS ${c.get('ct-floor')?.maxRssMiB} MiB`);
console.log(`CloudTrail processor, source of AWS.CloudTrail:                  ${f0(proc)} records/s, peak RSS ${c.get('ct-processor')?.maxRssMiB} MiB`);
console.log(`CloudTrail processor, all ${'log types'} (no hint):                     ${f0(all)} records/s, peak RSS ${c.get('ct-processor-all')?.maxRssMiB} MiB`);
console.log(`VPC flow floor (split -> object -> JSON.stringify -> gzip):       ${f0(vFloor)} lines/s`);
console.log(`VPC flow processor, source of AWS.VPCFlow:                        ${f0(vProc)} lines/s, peak RSS ${v.get('vpc-processor')?.maxRssMiB} MiB`);
console.log(`Mixed lines classified among the 20 types they hold:          ${f0(rate(m.get('mixed-20')))} lines/s`);
console.log(`Mixed lines classified among all ${builtinLogTypes.length} types:                   ${f0(rate(m.get('mixed-all')))} lines/s`);
console.log('');
console.log(`ratio cloudtrail/floor:      ${(proc / floor).toFixed(2)}  (goal >= 0.60)`);
console.log(`ratio cloudtrail-all/floor:  ${(all / floor).toFixed(2)}`);
console.log(`ratio vpcflow/floor:         ${(vProc / vFloor).toFixed(2)}`);
console.log(`ratio all-types/20-types:    ${(rate(m.get('mixed-all')) / rate(m.get('mixed-20'))).toFixed(2)}  (goal > 0.50)`);

// Synth time and peak memory of the root stack, against a bare stack (bench/synth.ts).
benchSynth();

// Rule evaluations/s: TypeScript in-process, the Python engine and native python3 (bench/detections.ts).
await (await import('./detections.js')).benchDetections();
await (await import('./query.js')).benchQuery();
await (await import('./cloud-security.js')).benchCloudSecurity();
await (await import('./console.js')).benchConsole();
