import { Construct } from 'constructs';
import { awsAccount, KmsKey } from './constructs/kms-key.js';
import { SecureBucket } from './constructs/secure-bucket.js';

export interface StorageProps {
  /** Name prefix of every resource, e.g. `panther`. */
  readonly prefix: string;
  readonly region: string;
  /** Days the normalized logs stay in the lake. */
  readonly lakeRetentionDays: number;
  /** Days Athena query results are kept. */
  readonly queryResultsRetentionDays: number;
  /** Days raw files dropped into the input bucket are kept. Default: lakeRetentionDays. */
  readonly inputRetentionDays?: number;
  /** Days server access logs are kept. Default 365. */
  readonly accessLogsRetentionDays?: number;
}

/**
 * The deployment's buckets: the lake (normalized logs), the input bucket (raw logs users drop in,
 * a default source), the Athena query results, and the server access logs of the other three,
 * all encrypted with one customer managed data key except the access logs (see SecureBucket).
 */
export class Storage extends Construct {
  readonly dataKey: KmsKey;
  readonly accessLogsBucket: SecureBucket;
  readonly lakeBucket: SecureBucket;
  readonly inputBucket: SecureBucket;
  readonly queryResultsBucket: SecureBucket;
  /** The console bucket's name (the bucket is made by ConsoleHosting; its access logs come here). */
  readonly consoleBucketName: string;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    for (const [k, v] of Object.entries({ lakeRetentionDays: props.lakeRetentionDays, queryResultsRetentionDays: props.queryResultsRetentionDays, inputRetentionDays: props.inputRetentionDays, accessLogsRetentionDays: props.accessLogsRetentionDays })) {
      if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new Error(`Storage ${k}: ${v} is not a positive whole number of days`);
    }
    const account = awsAccount(this);
    // Bucket names are global: the account id and region make them unique per deployment.
    const bucketName = (purpose: string) => {
      // Account ids are 12 digits; S3 names are at most 63 characters.
      const length = `${props.prefix}-${purpose}--${props.region}`.length + 12;
      if (length > 63) throw new Error(`Storage: bucket name for "${purpose}" would be ${length} characters (max 63); shorten the prefix`);
      return `${props.prefix}-${purpose}-${account.accountId}-${props.region}`;
    };
    const names = { lake: bucketName('lake'), input: bucketName('input'), queryResults: bucketName('query-results'), accessLogs: bucketName('access-logs'), console: bucketName('console') };
    this.consoleBucketName = names.console;

    this.dataKey = new KmsKey(this, 'data-key', { alias: `${props.prefix}-data`, description: `${props.prefix}: data lake, input and query results` });
    this.accessLogsBucket = new SecureBucket(this, 'access-logs', {
      bucketName: names.accessLogs,
      // S3 server access log delivery is documented for SSE-S3 destinations only.
      encryption: 'SSE-S3',
      serverAccessLogSourceBucketArns: [names.lake, names.input, names.queryResults, names.console].map((n) => `arn:${account.partition}:s3:::${n}`),
      expirationDays: props.accessLogsRetentionDays ?? 365,
    });
    const logsTo = (p: string) => ({ bucket: this.accessLogsBucket, prefix: `${p}/` });
    this.lakeBucket = new SecureBucket(this, 'lake', { bucketName: names.lake, kmsKey: this.dataKey, accessLogs: logsTo('lake'), expirationDays: props.lakeRetentionDays });
    this.inputBucket = new SecureBucket(this, 'input', { bucketName: names.input, kmsKey: this.dataKey, accessLogs: logsTo('input'), expirationDays: props.inputRetentionDays ?? props.lakeRetentionDays });
    this.queryResultsBucket = new SecureBucket(this, 'query-results', { bucketName: names.queryResults, kmsKey: this.dataKey, accessLogs: logsTo('query-results'), expirationDays: props.queryResultsRetentionDays });
  }
}
