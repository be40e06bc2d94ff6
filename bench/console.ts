// Console bundle benchmark: the production build's size (every file Vite writes, raw and gzip -9,
// JavaScript separately), against a baseline built in the same run with the same Vite and React:
// a one-component React app. The ratio says what the console adds over React itself.
// `node bin/run-ts.js bench/console.ts` runs this phase alone; bench/run.ts runs it last.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { buildConsole, CONSOLE_DIR } from '../api/console-build.js';

interface BundleSize {
  readonly files: number;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly jsBytes: number;
  readonly jsGzipBytes: number;
  readonly largest: { readonly file: string; readonly bytes: number };
}

function sizeOf(dir: string): BundleSize {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(dir);
  let bytes = 0;
  let gzipBytes = 0;
  let jsBytes = 0;
  let jsGzipBytes = 0;
  let largest = { file: '', bytes: 0 };
  for (const f of files) {
    const data = readFileSync(f);
    const gz = gzipSync(data, { level: 9 }).length;
    bytes += data.length;
    gzipBytes += gz;
    if (f.endsWith('.js')) {
      jsBytes += data.length;
      jsGzipBytes += gz;
    }
    if (data.length > largest.bytes) largest = { file: relative(dir, f), bytes: data.length };
  }
  return { files: files.length, bytes, gzipBytes, jsBytes, jsGzipBytes, largest };
}

/** A React app of one component, built with the console's React and the same Vite settings. */
async function buildBaseline(outDir: string): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'bench-console-baseline-src-'));
  try {
    writeFileSync(join(root, 'index.html'), '<!doctype html><html><body><div id="root"></div><script type="module" src="./main.js"></script></body></html>\n');
    // Resolved from the console's own node_modules: the same React the console ships.
    const react = join(CONSOLE_DIR, 'node_modules', 'react', 'index.js');
    const client = join(CONSOLE_DIR, 'node_modules', 'react-dom', 'client.js');
    writeFileSync(
      join(root, 'main.js'),
      `import { createElement } from ${JSON.stringify(react)};\nimport { createRoot } from ${JSON.stringify(client)};\ncreateRoot(document.getElementById('root')).render(createElement('p', null, 'hello'));\n`,
    );
    await build({ root, configFile: false, logLevel: 'error', base: './', build: { outDir, emptyOutDir: true, modulePreload: { polyfill: false } } });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

export async function benchConsole(): Promise<void> {
  const consoleOut = mkdtempSync(join(tmpdir(), 'bench-console-'));
  const baselineOut = mkdtempSync(join(tmpdir(), 'bench-console-baseline-'));
  try {
    process.stderr.write('building the console and a one-component React baseline...\n');
    const t0 = process.hrtime.bigint();
    await buildConsole(consoleOut);
    const buildSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    await buildBaseline(baselineOut);
    const c = sizeOf(consoleOut);
    const b = sizeOf(baselineOut);
    console.log('\nConsole bundle (vite production build)');
    console.log(`console:   ${c.files} files, ${kib(c.bytes)} (${kib(c.gzipBytes)} gzip); JavaScript ${kib(c.jsBytes)} (${kib(c.jsGzipBytes)} gzip); largest ${c.largest.file} ${kib(c.largest.bytes)}; built in ${buildSeconds.toFixed(1)} s`);
    console.log(`baseline:  ${b.files} files, ${kib(b.bytes)} (${kib(b.gzipBytes)} gzip); JavaScript ${kib(b.jsBytes)} (${kib(b.jsGzipBytes)} gzip): React + ReactDOM and one component`);
    console.log(`ratio console/baseline: ${(c.gzipBytes / b.gzipBytes).toFixed(2)} gzip, ${(c.bytes / b.bytes).toFixed(2)} raw`);
  } finally {
    rmSync(consoleOut, { recursive: true, force: true });
    rmSync(baselineOut, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await benchConsole();
