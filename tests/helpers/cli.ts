import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childEnv } from './child-env.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `panther ARGS...` as a user would (through bin/panther.js) and returns what it printed. */
export function panther(args: readonly string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [`${ROOT}/bin/panther.js`, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20, env: childEnv() });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
