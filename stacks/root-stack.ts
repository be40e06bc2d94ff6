import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { LogType } from '../parsers/core/logtype.js';
import { DataCatalog } from './data-catalog.js';

export interface RootStackConfig {
  /** Prefix of every resource name (lowercase letters, digits, dashes). */
  readonly prefix: string;
  readonly region: string;
  /** The lake bucket's name. */
  readonly lakeBucket: string;
  readonly logTypes: readonly LogType[];
}

export function validateConfig(c: RootStackConfig): void {
  if (!/^[a-z][a-z0-9-]{1,20}$/.test(c.prefix)) throw new Error(`config.prefix "${c.prefix}": 2-21 lowercase letters, digits or dashes, starting with a letter`);
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(c.region)) throw new Error(`config.region "${c.region}" is not an AWS region name`);
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(c.lakeBucket)) throw new Error(`config.lakeBucket "${c.lakeBucket}" is not a valid S3 bucket name`);
  if (c.logTypes.length === 0) throw new Error('config.logTypes is empty');
}

/** The deployment: one construct per subsystem, wired here. */
export class RootStack extends TerraformStack {
  readonly catalog: DataCatalog;

  constructor(scope: Construct, id: string, config: RootStackConfig) {
    super(scope, id);
    validateConfig(config);
    new AwsProvider(this, 'aws', { region: config.region, defaultTags: [{ tags: { 'panther:deployment': config.prefix } }] });
    this.catalog = new DataCatalog(this, 'data-catalog', { prefix: config.prefix, lakeBucket: config.lakeBucket, logTypes: config.logTypes });
  }
}
