// The CDKTF app: the root stack of the deployment and the onboarding modules.
import { App } from 'cdktf';
import { join } from 'node:path';
import { ensureConsoleBuilt } from './api/console-build.js';
import { packageVersion } from './api/local.js';
import { CONSOLE_DIST_DIR } from './api/server.js';
import { synthModules } from './modules/index.js';
import { loadSchemaDir } from './parsers/custom/load.js';
import { logTypeSet } from './parsers/registry.js';
import { loadConfig } from './stacks/config.js';
import { RootStack } from './stacks/root-stack.js';

// Custom schemas get Glue tables like the built-in log types.
const schemasDir = process.env.PANTHER_SCHEMAS_DIR !== undefined && process.env.PANTHER_SCHEMAS_DIR !== '' ? process.env.PANTHER_SCHEMAS_DIR : undefined;
const known = logTypeSet(schemasDir !== undefined ? await loadSchemaDir(schemasDir) : []);
// PANTHER_CONFIG names a JSON or YAML file (docs/deploy.md); without it every key takes its default.
const config = loadConfig(process.env.PANTHER_CONFIG, known.resolve);

// The console is uploaded from its production build (made here when missing or older than its sources).
if ((await ensureConsoleBuilt()) === 'built') process.stderr.write(`built the console into ${CONSOLE_DIST_DIR}\n`);

const app = new App();
// The log processor gets the same custom schemas, so the sources may name custom log types.
new RootStack(app, 'panther', { config, logTypes: known.all, consoleDir: CONSOLE_DIST_DIR, version: packageVersion(), ...(schemasDir !== undefined ? { schemasDir } : {}) });

app.synth();

// The onboarding modules: standalone Terraform modules each monitored account applies.
const written = synthModules(join(app.outdir, 'modules'));
process.stderr.write(`wrote the root stack to ${join(app.outdir, 'stacks', 'panther')} and ${written.length} modules to ${join(app.outdir, 'modules')}\n`);
