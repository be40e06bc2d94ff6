// The latest snapshots of the scanned resources in local mode (<lake>/state/resources.jsonl): what
// `panther remediate` plans from after `panther scan`. A scan replaces the resources of the
// accounts it scanned and keeps the others.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { parseFixture, serializeFixture } from './snapshots-jsonl.js';
import type { ResourceSnapshot } from './types.js';

export const RESOURCES_FILE = 'resources.jsonl';

export async function loadResources(stateDir: string): Promise<ResourceSnapshot[]> {
  try {
    return parseFixture(await readFile(join(stateDir, RESOURCES_FILE), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Replaces the stored resources of the accounts in `snapshots` (and of `accounts`, scanned empty). */
export async function saveResources(stateDir: string, snapshots: readonly ResourceSnapshot[], accounts: readonly string[] = []): Promise<void> {
  const replaced = new Set([...accounts, ...snapshots.map((s) => s.AccountId)]);
  const kept = (await loadResources(stateDir)).filter((s) => !replaced.has(s.AccountId));
  const file = join(stateDir, RESOURCES_FILE);
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await mkdir(stateDir, { recursive: true });
  await writeFile(tmp, serializeFixture([...kept, ...snapshots]));
  await rename(tmp, file);
}
