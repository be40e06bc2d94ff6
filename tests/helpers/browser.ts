// The browser tests' world: the console built once (Vite's API, into a temp dir), a temp lake with
// the shipped samples (plus the tests' own files) and the detections run over them, the real local
// server (api/local.ts over api/server.ts) on a random loopback port, and Debian's chromium driven by playwright-core.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { DirObjectStore } from '../../adapters/local/dir-object-store.js';
import { runLocalDetections } from '../../detections/pipeline/local.js';
import { builtinLogTypes } from '../../parsers/registry.js';
import { sampleFiles } from '../../parsers/samples.js';
import { processFiles } from '../../processing/process-files.js';
import { startLocalApi } from '../../api/local.js';
import { scanFixture } from '../../cloud-security/fixture.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CONSOLE_DIR = join(ROOT, 'console');
export const ARTIFACTS_DIR = join(ROOT, 'tests', 'e2e', 'artifacts');
/** Debian's chromium (`apt-get install chromium`); PANTHER_CHROMIUM overrides it. */
export const CHROMIUM = process.env.PANTHER_CHROMIUM ?? '/usr/bin/chromium';

/** Builds the console with its own vite.config.ts into `outDir` (not console/dist: tests leave the tree alone). */
export async function buildConsole(outDir: string): Promise<void> {
  await build({
    root: CONSOLE_DIR,
    configFile: join(CONSOLE_DIR, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
}

export interface LakeOptions {
  /** Files ingested beside the shipped samples. */
  readonly extraFiles?: readonly string[];
  /**
   * Also scan the cloud-security fixture (two accounts' recorded resources) into the lake's state
   * dir, as `panther scan --fixture` does, so the API has compliance to show. The scan opens POLICY
   * alerts too, hundreds of them: worlds that count RULE alerts leave it off.
   */
  readonly cloudFixture?: boolean;
}

/** A temp lake with the samples and `extraFiles` ingested, the built-in detections run over them and, if asked, the cloud fixture scanned. */
export async function prepareLake(opts: LakeOptions = {}): Promise<string> {
  const extraFiles = opts.extraFiles ?? [];
  const lakeDir = mkdtempSync(join(tmpdir(), 'panther-e2e-lake-'));
  const lake = new DirObjectStore(lakeDir);
  const stats = await processFiles([...sampleFiles(), ...extraFiles], {
    lake,
    logTypes: builtinLogTypes,
    source: { sourceId: 'local-samples', sourceLabel: 'samples' },
  });
  await runLocalDetections({ lake, lakeDir, keys: stats.keys });
  // (The tests assert on what the API then shows, so a failed load shows there.)
  if (opts.cloudFixture === true) await scanFixture({ lakeDir });
  return lakeDir;
}

export interface ConsoleWorld {
  /** The console URL with the token in its fragment, as the server prints it. */
  readonly url: string;
  /** The server's origin, e.g. http://127.0.0.1:41234. */
  readonly origin: string;
  readonly token: string;
  readonly lakeDir: string;
  readonly browser: Browser;
  /** What the server logged (its unexpected errors). */
  readonly serverLog: readonly string[];
  /** Calls the API as the console does (bearer token), for assertions beside the UI. */
  api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function startConsoleWorld(opts: LakeOptions = {}): Promise<ConsoleWorld> {
  const work = mkdtempSync(join(tmpdir(), 'panther-e2e-'));
  const consoleDir = join(work, 'console-dist');
  // The build and the ingest are independent: run them side by side.
  const [lakeDir] = await Promise.all([prepareLake(opts), buildConsole(consoleDir)]);
  // The local composition and the real server (startLocalServer), as `panther serve` runs them.
  const serverLog: string[] = [];
  const server = await startLocalApi({ lakeDir, consoleDir, host: '127.0.0.1', port: 0, log: (m) => serverLog.push(m) });
  const url = new URL(server.url);
  const token = server.token ?? '';
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
  } catch (err) {
    await server.close();
    throw new Error(`cannot start chromium at ${CHROMIUM} (apt-get install chromium, or set PANTHER_CHROMIUM): ${(err as Error).message}`);
  }
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return {
    url: server.url,
    origin: url.origin,
    token,
    lakeDir,
    browser,
    serverLog,
    async api<T>(path: string, init: { method?: string; body?: unknown } = {}) {
      const res = await fetch(`${url.origin}${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
    },
    async close() {
      await browser.close();
      await server.close();
      rmSync(work, { recursive: true, force: true });
      rmSync(lakeDir, { recursive: true, force: true });
    },
  };
}

/** What a page did that a test must see: dialogs (alert/confirm/prompt), uncaught errors, CSP violations. */
export interface PageWatch {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly dialogs: string[];
  readonly errors: string[];
  readonly cspViolations: string[];
  /** How the next dialogs are answered (default: dismissed); a test that confirms a deletion sets 'accept'. */
  dialogAnswer: 'dismiss' | 'accept';
}

export async function openPage(world: ConsoleWorld): Promise<PageWatch> {
  const context = await world.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const watch: PageWatch = { page, context, dialogs: [], errors: [], cspViolations: [], dialogAnswer: 'dismiss' };
  page.on('dialog', (d) => {
    watch.dialogs.push(`${d.type()}: ${d.message()}`);
    void (watch.dialogAnswer === 'accept' ? d.accept() : d.dismiss());
  });
  page.on('pageerror', (e) => watch.errors.push(e.message));
  // A CSP violation is reported as an event in the page; surface it in the console to collect it.
  // (A string: the test code is typechecked without the DOM library.)
  await page.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));",
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().startsWith('CSP violation')) watch.cspViolations.push(m.text());
  });
  return watch;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}
