// The shipped real-format samples, one folder per log family (parsers/<family>/samples/).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PARSERS_DIR = fileURLToPath(new URL('.', import.meta.url));

/** Every sample file, sorted; the file name starts with its log type's name and a dot. */
export function sampleFiles(): string[] {
  const out: string[] = [];
  for (const family of readdirSync(PARSERS_DIR, { withFileTypes: true })) {
    if (!family.isDirectory()) continue;
    const dir = join(PARSERS_DIR, family.name, 'samples');
    let files: string[];
    try {
      files = readdirSync(dir);
    } catch {
      continue;
    }
    for (const f of files.sort()) if (!f.startsWith('.')) out.push(join(dir, f));
  }
  return out;
}

/** The log type a sample file holds, from its name (AWS.VPCFlow.v5-custom.log -> AWS.VPCFlow). */
export function sampleLogType(file: string, names: readonly string[]): string | undefined {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return [...names].sort((a, b) => b.length - a.length).find((n) => base.startsWith(`${n}.`));
}
