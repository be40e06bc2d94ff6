// The onboarding modules: built from TypeScript, written as standalone Terraform modules.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Construct } from 'constructs';
import { AuditRoleModule } from './audit-role/index.js';
import { DeploymentRoleModule } from './deployment-role/index.js';
import { moduleApp, moduleJson, type ModuleStack } from './lib/module-stack.js';
import { moduleExample, moduleReadme, modulesIndex } from './lib/docs.js';
import { LogSourceModule } from './log-source/index.js';
import { RealtimeEventsModule } from './realtime-events/index.js';
import { RemediationRoleModule } from './remediation-role/index.js';

export const MODULES: readonly ((scope: Construct) => ModuleStack)[] = [
  (s) => new AuditRoleModule(s),
  (s) => new RemediationRoleModule(s),
  (s) => new LogSourceModule(s),
  (s) => new RealtimeEventsModule(s),
  (s) => new DeploymentRoleModule(s),
];

/** Each module in its own app, so construct ids and data sources never collide. */
export function buildModules(): ModuleStack[] {
  return MODULES.map((make) => make(moduleApp()));
}

/** Where the committed example expects the synthesized modules, relative to the repository root. */
export const DEFAULT_MODULES_OUTDIR = 'cdktf.out/modules';

/** Committed docs: path (relative to the repository root) to content. */
export function committedDocs(): Map<string, string> {
  const mods = buildModules();
  const docs = new Map<string, string>([['modules/README.md', modulesIndex(mods)]]);
  for (const m of mods) {
    // From modules/<module>/ to the synthesized directory.
    const source = `../../${DEFAULT_MODULES_OUTDIR}/${m.moduleName}`;
    docs.set(`modules/${m.moduleName}/README.md`, moduleReadme(m, source));
    docs.set(`modules/${m.moduleName}/example.tf`, moduleExample(m, source));
  }
  return docs;
}

/**
 * Writes `<outdir>/<module>/main.tf.json`, its README.md and `example/main.tf` (in a subdirectory:
 * a .tf next to main.tf.json would become part of the module itself), plus `<outdir>/README.md`.
 * Returns the module directories.
 */
export function synthModules(outdir: string): string[] {
  const mods = buildModules();
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, 'README.md'), modulesIndex(mods));
  return mods.map((m) => {
    const dir = join(outdir, m.moduleName);
    mkdirSync(join(dir, 'example'), { recursive: true });
    writeFileSync(join(dir, 'main.tf.json'), `${JSON.stringify(moduleJson(m), null, 2)}\n`);
    // The README's usage names the module relative to the output directory.
    writeFileSync(join(dir, 'README.md'), moduleReadme(m, `./${m.moduleName}`));
    writeFileSync(join(dir, 'example', 'main.tf'), moduleExample(m, '..'));
    return dir;
  });
}
