// Builds the console (console/, React + Vite) for the local server: once after a clone, again only
// when a source file is newer than the build, so `npm start` stays quick.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONSOLE_DIST_DIR } from './server.js';

export const CONSOLE_DIR = fileURLToPath(new URL('../console', import.meta.url));

/** Builds the console with its own vite.config.ts into `outDir`. */
export async function buildConsole(outDir: string = CONSOLE_DIST_DIR): Promise<void> {
  // Vite is loaded only when a build is needed: serving an existing build does not pay for it.
  const { build } = await import('vite');
  await build({
    root: CONSOLE_DIR,
    configFile: join(CONSOLE_DIR, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
}

async function newestMtime(path: string): Promise<number> {
  const s = await stat(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const name of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, name)));
  return newest;
}

/** Why the build in `outDir` must be made again, or undefined when it is current. */
export async function consoleBuildStale(outDir: string = CONSOLE_DIST_DIR): Promise<string | undefined> {
  const built = await stat(join(outDir, 'index.html')).then((s) => s.mtimeMs, () => undefined);
  if (built === undefined) return 'no build yet';
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(CONSOLE_DIR, p));
  const newest = Math.max(...(await Promise.all(sources.map((p) => newestMtime(p).catch(() => 0)))));
  return newest > built ? 'sources changed since the last build' : undefined;
}

/** Builds when stale; returns what was done, for the progress output. */
export async function ensureConsoleBuilt(outDir: string = CONSOLE_DIST_DIR): Promise<'built' | 'current'> {
  const reason = await consoleBuildStale(outDir);
  if (reason === undefined) return 'current';
  await buildConsole(outDir);
  return 'built';
}
