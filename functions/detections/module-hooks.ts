// Node module hooks for the detection files the function imports at runtime. The built-in pack is
// packaged already compiled to plain JavaScript (stacks/detections.ts stages it), but its files keep
// their .ts names, which the specs' Filename keys point at: these hooks load them as ES modules on
// any Node version. User detections copied to /tmp are real TypeScript: the TypeScript runtime's
// own hooks compile them with the sucrase the bundle carries (detections/engine/ts-runtime.ts), on
// any Node version and whatever Node's own type stripping would refuse.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

function hooks(prefixes: readonly string[]): string {
  return `
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
const prefixes = ${JSON.stringify(prefixes)};
const ours = (url) => url.endsWith('.ts') && prefixes.some((p) => url.startsWith(p));
export async function resolve(specifier, context, nextResolve) {
  const r = await nextResolve(specifier, context);
  return ours(r.url) ? { ...r, format: 'module' } : r;
}
export async function load(url, context, nextLoad) {
  if (!ours(url)) return nextLoad(url, context);
  return { format: 'module', source: await readFile(fileURLToPath(url), 'utf8'), shortCircuit: true };
}
`;
}

const registered = new Set<string>();

/** Files under these directories named *.ts are plain JavaScript ES modules. */
export function registerCompiledDetections(dirs: readonly string[]): void {
  const prefixes = dirs.map((d) => `${pathToFileURL(d).href.replace(/\/?$/, '/')}`).filter((p) => !registered.has(p));
  if (prefixes.length === 0) return;
  for (const p of prefixes) registered.add(p);
  register(`data:text/javascript,${encodeURIComponent(hooks(prefixes))}`);
}
