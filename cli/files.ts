import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Expands files and directories (recursively, sorted, skipping dot-entries) into file paths. */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    const path = resolve(input);
    let s;
    try {
      s = await stat(path);
    } catch {
      throw new Error(`${input}: no such file or directory`);
    }
    if (s.isDirectory()) out.push(...(await walk(path)));
    else if (s.isFile()) out.push(path);
    else throw new Error(`${input}: not a file or directory`);
  }
  return out;
}

async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : 1));
  const out: string[] = [];
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}
