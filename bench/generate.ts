// Synthetic but realistic benchmark inputs: CloudTrail files with the variety of a real
// account (identities, services, errors, large request/response bodies) and VPC flow lines.
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

/** Deterministic PRNG so every run benchmarks the same bytes. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACCOUNTS = ['123456789012', '210987654321', '555566667777'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
const USERS = ['alice', 'bob', 'carol', 'deploy-bot', 'terraform', 'security-audit'];
const AGENTS = ['aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64.amzn.2023', 'Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.1', 'console.amazonaws.com', 'terraform-provider-aws/5.44.0', 'AWS Internal'];

function hex(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(r() * 16).toString(16);
  return s;
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const uuid = (r: () => number): string => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`;
const ip = (r: () => number): string => `${1 + Math.floor(r() * 222)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`;

function identity(r: () => number, account: string): Record<string, unknown> {
  const user = pick(r, USERS);
  if (r() < 0.5) {
    return {
      type: 'AssumedRole',
      principalId: `AROA${hex(r, 16).toUpperCase()}:${user}`,
      arn: `arn:aws:sts::${account}:assumed-role/${user}-role/${user}`,
      accountId: account,
      accessKeyId: `ASIA${hex(r, 16).toUpperCase()}`,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: `AROA${hex(r, 16).toUpperCase()}`, arn: `arn:aws:iam::${account}:role/${user}-role`, accountId: account, userName: `${user}-role` },
        webIdFederationData: {},
        attributes: { creationDate: '2024-05-06T06:00:00Z', mfaAuthenticated: r() < 0.3 ? 'true' : 'false' },
      },
    };
  }
  return { type: 'IAMUser', principalId: `AIDA${hex(r, 16).toUpperCase()}`, arn: `arn:aws:iam::${account}:user/${user}`, accountId: account, accessKeyId: `AKIA${hex(r, 16).toUpperCase()}`, userName: user };
}

function record(r: () => number, t: number): Record<string, unknown> {
  const account = pick(r, ACCOUNTS);
  const region = pick(r, REGIONS);
  const base = {
    eventVersion: '1.09',
    userIdentity: identity(r, account),
    eventTime: new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    awsRegion: region,
    sourceIPAddress: r() < 0.2 ? 'ec2.amazonaws.com' : ip(r),
    userAgent: pick(r, AGENTS),
    requestID: uuid(r),
    eventID: uuid(r),
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `ec2.${region}.amazonaws.com` },
  };
  const kind = Math.floor(r() * 8);
  switch (kind) {
    case 0:
      return { ...base, eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', requestParameters: { instancesSet: {}, filterSet: { items: [{ name: 'tag:Name', valueSet: { items: [{ value: `web-${hex(r, 4)}` }] } }] } }, responseElements: null };
    case 1: {
      const id = `i-${hex(r, 17)}`;
      return {
        ...base,
        readOnly: false,
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        requestParameters: { instancesSet: { items: [{ imageId: `ami-${hex(r, 17)}`, minCount: 1, maxCount: 1 }] }, instanceType: 't3.micro', tagSpecificationSet: { items: [{ resourceType: 'instance', tags: [{ key: 'Name', value: `web-${hex(r, 4)}` }, { key: 'team', value: 'platform' }] }] } },
        responseElements: { requestId: uuid(r), reservationId: `r-${hex(r, 17)}`, ownerId: account, instancesSet: { items: [{ instanceId: id, imageId: `ami-${hex(r, 17)}`, instanceState: { code: 0, name: 'pending' }, privateIpAddress: `10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`, subnetId: `subnet-${hex(r, 17)}`, vpcId: `vpc-${hex(r, 17)}` }] } },
        resources: [{ ARN: `arn:aws:ec2:${region}:${account}:instance/${id}`, accountId: account, type: 'AWS::EC2::Instance' }],
      };
    }
    case 2:
      return { ...base, eventSource: 's3.amazonaws.com', eventName: 'GetObject', managementEvent: false, eventCategory: 'Data', requestParameters: { bucketName: `data-${account}`, key: `reports/${hex(r, 10)}.csv`, Host: `data-${account}.s3.${region}.amazonaws.com` }, responseElements: null, additionalEventData: { bytesTransferredOut: Math.floor(r() * 1e6), 'x-amz-id-2': hex(r, 60) }, resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::data-${account}/reports/x.csv` }, { accountId: account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::data-${account}` }] };
    case 3:
      return { ...base, readOnly: false, eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', errorCode: r() < 0.5 ? 'AccessDenied' : undefined, errorMessage: 'User is not authorized to perform: iam:CreateAccessKey', requestParameters: { userName: pick(r, USERS) }, responseElements: null };
    case 4:
      return { ...base, eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', requestParameters: { roleArn: `arn:aws:iam::${account}:role/deploy`, roleSessionName: `session-${hex(r, 6)}`, durationSeconds: 3600 }, responseElements: { credentials: { accessKeyId: `ASIA${hex(r, 16).toUpperCase()}`, sessionToken: hex(r, 300), expiration: 'May 6, 2024, 8:00:00 AM' }, assumedRoleUser: { assumedRoleId: `AROA${hex(r, 16).toUpperCase()}:session`, arn: `arn:aws:sts::${account}:assumed-role/deploy/session` } } };
    case 5:
      return { ...base, eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT', encryptionContext: { 'aws:lambda:FunctionArn': `arn:aws:lambda:${region}:${account}:function:fn-${hex(r, 4)}` } }, responseElements: null, resources: [{ accountId: account, type: 'AWS::KMS::Key', ARN: `arn:aws:kms:${region}:${account}:key/${uuid(r)}` }] };
    case 6:
      return { ...base, eventType: 'AwsConsoleSignIn', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', requestParameters: null, responseElements: { ConsoleLogin: r() < 0.8 ? 'Success' : 'Failure' }, additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'Yes' } };
    default:
      return { ...base, eventSource: 'lambda.amazonaws.com', eventName: 'Invoke', managementEvent: false, eventCategory: 'Data', requestParameters: { functionName: `arn:aws:lambda:${region}:${account}:function:fn-${hex(r, 4)}`, sourceArn: `arn:aws:sqs:${region}:${account}:queue-${hex(r, 4)}` }, responseElements: null, resources: [{ accountId: account, type: 'AWS::Lambda::Function', ARN: `arn:aws:lambda:${region}:${account}:function:fn` }] };
  }
}

/** Writes one gzip CloudTrail file `{"Records":[...]}` of at least `minBytes` uncompressed. */
export async function generateCloudTrail(path: string, minBytes: number): Promise<{ records: number; bytes: number }> {
  const r = rng(42);
  let bytes = 0;
  let records = 0;
  let t = Date.UTC(2024, 4, 6, 0, 0, 0);
  async function* body(): AsyncGenerator<string> {
    yield '{"Records":[';
    bytes += 12;
    while (bytes < minBytes) {
      const batch: string[] = [];
      for (let i = 0; i < 1000; i++) {
        t += Math.floor(r() * 40);
        batch.push(JSON.stringify(record(r, t)));
      }
      const s = (records === 0 ? '' : ',') + batch.join(',');
      records += batch.length;
      bytes += s.length;
      yield s;
    }
    yield ']}';
  }
  await pipeline(Readable.from(body()), createGzip({ level: 6 }), createWriteStream(path));
  return { records, bytes };
}

/** Writes a plain VPC flow log file (default v2 format, with the header AWS writes). */
export async function generateVpcFlow(path: string, lines: number): Promise<void> {
  const r = rng(7);
  const t0 = Math.floor(Date.UTC(2024, 4, 6) / 1000);
  async function* body(): AsyncGenerator<string> {
    yield 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n';
    for (let i = 0; i < lines; i += 1000) {
      const batch: string[] = [];
      for (let j = 0; j < 1000 && i + j < lines; j++) {
        const start = t0 + Math.floor((i + j) / 50);
        const status = r() < 0.01 ? 'NODATA' : 'OK';
        batch.push(
          status === 'OK'
            ? `2 ${pick(r, ACCOUNTS)} eni-${hex(r, 17)} ${ip(r)} 10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)} ${Math.floor(r() * 65535)} ${pick(r, [22, 443, 80, 3389, 53])} 6 ${1 + Math.floor(r() * 40)} ${40 + Math.floor(r() * 9000)} ${start} ${start + 60} ${r() < 0.8 ? 'ACCEPT' : 'REJECT'} OK`
            : `2 ${pick(r, ACCOUNTS)} eni-${hex(r, 17)} - - - - - - - ${start} ${start + 60} - NODATA`,
        );
      }
      yield `${batch.join('\n')}\n`;
    }
  }
  await pipeline(Readable.from(body()), createWriteStream(path));
}
