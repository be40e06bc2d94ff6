// The upload bundle: a zip of every loaded spec and the body it names, with the repository's
// relative paths, as Panther's `zip` command packages a repository.
import { readFile } from 'node:fs/promises';
import type { LoadResult } from '../analysis/load.js';
import { writeZip, type ZipEntry } from './zip.js';

export async function bundleEntries(loaded: LoadResult): Promise<ZipEntry[]> {
  const files = new Map<string, string>();
  for (const item of loaded.items) {
    files.set(item.file, item.path);
    if ('body' in item && item.body !== undefined) files.set(item.body.file, item.body.path);
  }
  const entries: ZipEntry[] = [];
  for (const [name, path] of files) {
    // A body outside the repository (Filename: ../x.py) would escape the archive's root.
    if (name.startsWith('../') || name.startsWith('/')) throw new Error(`${name}: file outside the analysis directory`);
    entries.push({ name, data: await readFile(path) });
  }
  return entries;
}

export async function bundleZip(loaded: LoadResult): Promise<Buffer> {
  return writeZip(await bundleEntries(loaded));
}
