// The CDKTF app: the root stack of the deployment (onboarding modules join as they are built).
import { App } from 'cdktf';
import { builtinLogTypes } from './parsers/registry.js';
import { RootStack } from './stacks/root-stack.js';

const app = new App();
new RootStack(app, 'panther', {
  prefix: process.env.PANTHER_PREFIX ?? 'panther',
  region: process.env.AWS_REGION ?? 'us-east-1',
  lakeBucket: process.env.PANTHER_LAKE_BUCKET ?? 'panther-lake',
  logTypes: builtinLogTypes,
});
app.synth();
