// Synth benchmark: time and peak memory of `npm run synth` (main.ts: the full root stack), against
// a bare `new App(); new TerraformStack(); synth` measured in the same run, so the figure has a ratio.
// Each measurement runs in its own process (its peak RSS is its own); best of BENCH_SYNTH_ROUNDS (2).
// `node bin/run-ts.js bench/synth.ts` runs this phase alone; bench/run.ts runs it after the others.
// Child usage: `node --import tsx bench/synth.ts <synth-bare|synth-root>` prints one JSON line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

export interface SynthResult {
  readonly phase: string;
  readonly seconds: number;
  readonly maxRssMiB: number;
}

/** In the child: imports, builds and synthesizes into a temporary directory, timing all of it (what a user waits for). */
async function child(phase: string): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'panther-synth-'));
  const started = process.hrtime.bigint();
  try {
    if (phase === 'synth-bare') {
      const { App, TerraformStack } = await import('cdktf');
      const app = new App({ outdir: out });
      new TerraformStack(app, 'bare');
      app.synth();
    } else if (phase === 'synth-root') {
      // main.ts builds the App with the default outdir: CDKTF_OUTDIR points it at the temporary directory.
      process.env.CDKTF_OUTDIR = out;
      await import(pathToFileURL(join(ROOT, 'main.ts')).href);
    } else throw new Error(`unknown phase ${phase}`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(`\n${JSON.stringify({ phase, seconds, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function run(phase: string): SynthResult {
  const text = execFileSync(process.execPath, ['--import', 'tsx', SELF, phase], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 << 20 });
  return JSON.parse(text.trim().split('\n').pop() as string) as SynthResult;
}

/** Alternates bare and root synths, keeps each one's best time (and highest peak RSS), prints the figures. */
export function benchSynth(rounds = Number(process.env.BENCH_SYNTH_ROUNDS ?? 2)): Map<string, SynthResult> {
  process.stderr.write('Synth (main.ts) against a bare App + TerraformStack:\n');
  const best = new Map<string, SynthResult>();
  for (let round = 1; round <= rounds; round++) {
    for (const phase of ['synth-bare', 'synth-root']) {
      const r = run(phase);
      process.stderr.write(`  round ${round}: ${phase.padEnd(18)} ${r.seconds.toFixed(2)} s, peak RSS ${r.maxRssMiB} MiB\n`);
      const prev = best.get(phase);
      if (prev === undefined || r.seconds < prev.seconds) best.set(phase, { ...r, maxRssMiB: Math.max(r.maxRssMiB, prev?.maxRssMiB ?? 0) });
    }
  }
  const bare = best.get('synth-bare') as SynthResult;
  const root = best.get('synth-root') as SynthResult;
  console.log(`\nSynth benchmark (best of ${rounds} rounds, each a fresh process: imports + build + synth)`);
  console.log(`bare App + TerraformStack:      ${bare.seconds.toFixed(2)} s, peak RSS ${bare.maxRssMiB} MiB`);
  console.log(`root stack (npm run synth):     ${root.seconds.toFixed(2)} s, peak RSS ${root.maxRssMiB} MiB`);
  console.log(`ratio root/bare:                ${(root.seconds / bare.seconds).toFixed(2)} time, ${(root.maxRssMiB / bare.maxRssMiB).toFixed(2)} peak RSS`);
  return best;
}

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const phase = process.argv[2];
  if (phase === undefined) benchSynth();
  else await child(phase);
}
