// The CDKTF app: the root stack of the deployment (onboarding modules join as they are built).
import { App } from 'cdktf';
import { loadSchemaDir } from './parsers/custom/load.js';
import { logTypeSet } from './parsers/registry.js';
import { RootStack } from './stacks/root-stack.js';

// Custom schemas get Glue tables like the built-in log types.
const schemasDir = process.env.PANTHER_SCHEMAS_DIR;
const known = logTypeSet(schemasDir !== undefined && schemasDir !== '' ? await loadSchemaDir(schemasDir) : []);

const app = new App();
new RootStack(app, 'panther', {
  prefix: process.env.PANTHER_PREFIX ?? 'panther',
  region: process.env.AWS_REGION ?? 'us-east-1',
  lakeBucket: process.env.PANTHER_LAKE_BUCKET ?? 'panther-lake',
  logTypes: known.all,
});
app.synth();
