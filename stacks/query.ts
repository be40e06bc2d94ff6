import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup/index.js';
import { Construct } from 'constructs';
import type { KmsKey } from './constructs/kms-key.js';
import type { SecureBucket } from './constructs/secure-bucket.js';

export interface QueryProps {
  /** Name prefix of every resource; also the workgroup's name. */
  readonly prefix: string;
  readonly resultsBucket: SecureBucket;
  readonly kmsKey: KmsKey;
  /** A query scanning more than this is cancelled. Default 100 GiB. */
  readonly bytesScannedCutoffPerQuery?: number;
}

export const DEFAULT_BYTES_SCANNED_CUTOFF = 100 * 1024 ** 3;
/** Athena's documented minimum for the per-query limit (10 MB). */
const MIN_BYTES_SCANNED_CUTOFF = 10_485_760;

/**
 * The Athena workgroup of the deployment. Its settings are enforced, so a client cannot send
 * results elsewhere or unencrypted, and runaway scans stop at the per-query limit.
 */
export class Query extends Construct {
  readonly workgroup: AthenaWorkgroup;
  readonly workgroupName: string;

  constructor(scope: Construct, id: string, props: QueryProps) {
    super(scope, id);
    const cutoff = props.bytesScannedCutoffPerQuery ?? DEFAULT_BYTES_SCANNED_CUTOFF;
    if (!Number.isInteger(cutoff) || cutoff < MIN_BYTES_SCANNED_CUTOFF) throw new Error(`Query bytesScannedCutoffPerQuery ${cutoff}: at least ${MIN_BYTES_SCANNED_CUTOFF} bytes`);
    this.workgroup = new AthenaWorkgroup(this, 'workgroup', {
      name: props.prefix,
      description: `${props.prefix}: queries over the security data lake`,
      state: 'ENABLED',
      forceDestroy: false,
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: cutoff,
        resultConfiguration: {
          outputLocation: `s3://${props.resultsBucket.name}/athena/`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKeyArn: props.kmsKey.arn },
        },
      },
    });
    this.workgroupName = this.workgroup.name;
  }
}
