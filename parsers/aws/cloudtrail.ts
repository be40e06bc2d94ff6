import { array, boolean, float, json, object, string, timestamp } from '../core/fields.js';
import type { IndicatorSet } from '../core/indicators.js';
import { defineLogType } from '../core/logtype.js';

// ---- Indicators inside free-form AWS JSON (request parameters, finding details, event details) ----
// The keys follow Panther's AWS extractor, so p_any_* columns hold what Panther users expect.

const MAX_DEPTH = 16;
const INSTANCE_KEY = /^(instanceId|instanceIds|instance-id|.+InstanceIds?)$/;
const ACCOUNT_KEY = /^(accountId|accountIds|.+AccountIds?)$/;
const IP_KEYS = new Set(['publicIp', 'privateIpAddress', 'ipAddressV4', 'ipAddressV6', 'ipv6Addresses']);
const DOMAIN_KEYS = new Set(['publicDnsName', 'privateDnsName', 'domain']);
// Tag lists come as arrays of {key,value} / {Key,Value}, or as EC2's tagSet {items: [...]}.
const TAG_KEY = /^(tags|Tags|tagList|TagList|tagSet|TagSet)$/;
const INSTANCE_ARN = /:instance\/(i-[0-9a-f]+)$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function tagOf(o: Record<string, unknown>): [unknown, unknown] | null {
  if ('key' in o && 'value' in o) return [o['key'], o['value']];
  if ('Key' in o && 'Value' in o) return [o['Key'], o['Value']];
  return null;
}

function scanString(key: string, s: string, set: IndicatorSet): void {
  if (s.startsWith('arn:')) {
    set.add('aws_arn', s);
    const m = INSTANCE_ARN.exec(s);
    if (m !== null) set.add('aws_instance_id', m[1]);
    return;
  }
  if (INSTANCE_KEY.test(key)) set.add('aws_instance_id', s);
  else if (ACCOUNT_KEY.test(key)) set.add('aws_account_id', s);
  else if (IP_KEYS.has(key)) set.add('ip', s);
  else if (DOMAIN_KEYS.has(key)) set.add('domain', s);
  else if (key === 'sourceIPAddress') set.add('hostname', s);
  else if (key === 'userName') set.add('username', s);
}

function walk(v: unknown, key: string, inTags: boolean, depth: number, set: IndicatorSet): void {
  if (depth > MAX_DEPTH || v === null || v === undefined) return;
  if (typeof v === 'string') {
    scanString(key, v, set);
  } else if (typeof v === 'number') {
    if (ACCOUNT_KEY.test(key)) set.add('aws_account_id', v);
  } else if (Array.isArray(v)) {
    for (const el of v) {
      const tag = inTags && isObject(el) ? tagOf(el) : null;
      if (tag !== null) set.addTag(tag[0], tag[1]);
      else walk(el, key, false, depth + 1, set); // elements inherit the key: ["i-1", "i-2"] under instanceIds
    }
  } else if (isObject(v)) {
    for (const k in v) walk(v[k], k, TAG_KEY.test(k) || (inTags && k === 'items'), depth + 1, set);
  }
}

/** Collects ARNs, account ids, instance ids, IPs, domains, user names and tags from free-form AWS JSON. */
export function collectAwsIndicators(value: unknown, set: IndicatorSet): void {
  walk(value, '', false, 0, set);
}

// ---- AWS.CloudTrail ----

const sessionIssuer = object({
  type: string({ description: 'The source of the temporary credentials: Root, IAMUser or Role.' }),
  principalId: string(),
  arn: string({ indicators: ['aws_arn'] }),
  accountId: string({ indicators: ['aws_account_id'] }),
  userName: string({ indicators: ['username'] }),
});

const userIdentity = object(
  {
    type: string({ description: 'Root, IAMUser, AssumedRole, Role, FederatedUser, Directory, IdentityCenterUser, AWSAccount, AWSService or Unknown.' }),
    principalId: string({ description: 'A unique identifier for the entity that made the call.' }),
    arn: string({ indicators: ['aws_arn'], description: 'The ARN of the principal that made the call.' }),
    accountId: string({ indicators: ['aws_account_id'], description: 'The account that owns the entity that granted permissions for the request.' }),
    accessKeyId: string({ description: 'The access key ID that was used to sign the request.' }),
    userName: string({ indicators: ['username'], description: 'The friendly name of the identity that made the call.' }),
    sessionContext: object({
      attributes: object({
        mfaAuthenticated: string({ description: '"true" when the credentials were issued after MFA.' }),
        creationDate: string({ description: 'When the temporary credentials were issued (ISO 8601).' }),
      }),
      sessionIssuer,
      webIdFederationData: object({
        federatedProvider: string({ description: 'The identity provider, e.g. accounts.google.com or an OIDC provider ARN.' }),
        attributes: json(),
      }),
      sourceIdentity: string({ indicators: ['username'], description: 'The source identity set when the role was assumed.' }),
      ec2RoleDelivery: string({ description: '1.0 (IMDSv1) or 2.0 (IMDSv2) for EC2 instance role credentials.' }),
      assumedRoot: string(),
    }),
    invokedBy: string({ description: 'The AWS service that made the request on behalf of the principal.' }),
    identityProvider: string({ description: 'The principal name of the identity provider, for SAML or web identity federation.' }),
    credentialId: string(),
    onBehalfOf: object({
      userId: string({ description: 'The Identity Center user id the call was made for.' }),
      identityStoreArn: string({ indicators: ['aws_arn'] }),
    }),
    inScopeOf: json(),
  },
  { required: true, description: 'The IAM identity that made the request.' },
);

const resource = object({
  // Only the vendor's spelling: Glue columns are case-insensitive, so a second `arn` member would clash.
  // Lower-case `arn` (older documentation examples) is kept as delivered and its ARN still indexed by the hook.
  ARN: string({ indicators: ['aws_arn'] }),
  accountId: string({ indicators: ['aws_account_id'] }),
  type: string({ description: 'The resource type, e.g. AWS::S3::Object.' }),
});

export const CloudTrail = defineLogType({
  name: 'AWS.CloudTrail',
  description: 'AWS CloudTrail management, data and service events: one record of the Records array of a CloudTrail log file.',
  reference: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html',
  fields: {
    eventVersion: string({ required: true, description: 'The version of the log event format.' }),
    userIdentity,
    eventTime: timestamp({ required: true, description: 'When the request was completed (UTC).' }),
    eventSource: string({ required: true, description: 'The service the request was made to, e.g. ec2.amazonaws.com.' }),
    eventName: string({ required: true, description: 'The requested action: an API of that service.' }),
    awsRegion: string({ required: true, description: 'The region the request was made to.' }),
    sourceIPAddress: string({
      indicators: ['hostname'],
      description: 'The IP address the request was made from, or the DNS name of the AWS service that made it.',
    }),
    userAgent: string({ description: 'The agent through which the request was made.' }),
    errorCode: string({ description: 'The AWS service error, if the request failed.' }),
    errorMessage: string({ description: 'The description of the error, if the request failed.' }),
    requestParameters: json({ description: 'The parameters sent with the request.' }),
    responseElements: json({ description: 'The response of actions that make changes.' }),
    additionalEventData: json({ description: 'Additional data about the event that was not part of the request or response.' }),
    requestID: string({ description: 'The request id generated by the service being called.' }),
    eventID: string({ required: true, description: 'A GUID generated by CloudTrail for the event.' }),
    eventType: string({ required: true, description: 'AwsApiCall, AwsServiceEvent, AwsConsoleAction, AwsConsoleSignIn or AwsVpceEvent.' }),
    apiVersion: string(),
    managementEvent: boolean({ description: 'Whether the event is a management event.' }),
    readOnly: boolean({ description: 'Whether the operation is read-only.' }),
    resources: array(resource, { description: 'The resources accessed in the event.' }),
    recipientAccountId: string({ indicators: ['aws_account_id'], description: 'The account that received this event.' }),
    serviceEventDetails: json({ description: 'The details of a service event.' }),
    sharedEventID: string({ description: 'A GUID shared by the copies of one event delivered to several accounts.' }),
    vpcEndpointId: string({ description: 'The VPC endpoint through which the request was made.' }),
    vpcEndpointAccountId: string({ indicators: ['aws_account_id'] }),
    eventCategory: string({ description: 'Management, Data or NetworkActivity.' }),
    tlsDetails: object({
      tlsVersion: string(),
      cipherSuite: string(),
      clientProvidedHostHeader: string({ description: 'The service endpoint host name the client called.' }),
    }),
    sessionCredentialFromConsole: string({ description: '"true" when the request used credentials of a console session.' }),
    edgeDeviceDetails: json(),
    addendum: json({ description: 'Why an event was delivered late or updated.' }),
  },
  eventTime: 'eventTime',
  parser: {
    kind: 'json',
    accept: (obj) =>
      obj['eventType'] === 'AwsCloudTrailInsight' ? 'eventType AwsCloudTrailInsight is an AWS.CloudTrailInsight event' : null,
  },
  indicators: (e, set) => {
    collectAwsIndicators(e.requestParameters, set);
    collectAwsIndicators(e.responseElements, set);
    collectAwsIndicators(e.additionalEventData, set);
    collectAwsIndicators(e.serviceEventDetails, set);
    collectAwsIndicators(e.userIdentity.sessionContext?.webIdFederationData?.attributes, set);
    collectAwsIndicators(e.resources, set); // instance ids inside instance ARNs, lower-case `arn` keys
  },
});

// ---- AWS.CloudTrailDigest ----

export const CloudTrailDigest = defineLogType({
  name: 'AWS.CloudTrailDigest',
  description: 'CloudTrail digest files: the log files delivered during an hour with their hashes, signed for log file integrity validation.',
  reference: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html',
  fields: {
    awsAccountId: string({ required: true, indicators: ['aws_account_id'], description: 'The account the digest file was delivered for.' }),
    digestStartTime: timestamp({ required: true, description: 'Start of the delivery time range the digest covers.' }),
    digestEndTime: timestamp({ required: true, description: 'End of the delivery time range the digest covers.' }),
    digestS3Bucket: string({ required: true, description: 'The bucket the digest file was delivered to.' }),
    digestS3Object: string({ required: true, description: 'The key of the digest file.' }),
    digestPublicKeyFingerprint: string({ required: true, description: 'Hex fingerprint of the public key matching the signing key.' }),
    digestSignatureAlgorithm: string({ required: true, description: 'The signing algorithm, e.g. SHA256withRSA.' }),
    newestEventTime: timestamp({ description: 'The most recent event among the digested log files.' }),
    oldestEventTime: timestamp({ description: 'The oldest event among the digested log files.' }),
    previousDigestS3Bucket: string(),
    previousDigestS3Object: string(),
    previousDigestHashValue: string({ indicators: ['sha256'], description: 'Hex hash of the uncompressed previous digest file.' }),
    previousDigestHashAlgorithm: string(),
    previousDigestSignature: string({ description: 'Hex signature of the previous digest file.' }),
    logFiles: array(
      object({
        s3Bucket: string({ required: true }),
        s3Object: string({ required: true }),
        hashValue: string({ required: true, indicators: ['sha256'], description: 'Hex hash of the uncompressed log file.' }),
        hashAlgorithm: string({ required: true }),
        newestEventTime: timestamp({ required: true }),
        oldestEventTime: timestamp({ required: true }),
      }),
      { required: true, description: 'The log files delivered during the digest period (possibly none).' },
    ),
  },
  // The end time: when the digest was actually delivered.
  eventTime: 'digestEndTime',
  parser: { kind: 'json' },
});

// ---- AWS.CloudTrailInsight ----

const insightAverage = object({ average: float() });

export const CloudTrailInsight = defineLogType({
  name: 'AWS.CloudTrailInsight',
  description: 'CloudTrail Insights events: the start and end of unusual API call rate or error rate activity.',
  reference: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-insights-events-record-contents.html',
  fields: {
    eventVersion: string({ required: true }),
    eventTime: timestamp({ required: true, description: 'Start or end time of the unusual activity (UTC).' }),
    awsRegion: string({ required: true }),
    eventID: string({ required: true }),
    eventType: string({ required: true, description: 'Always AwsCloudTrailInsight.' }),
    recipientAccountId: string({ indicators: ['aws_account_id'] }),
    sharedEventID: string({ description: 'Common to the start and end events of one insight.' }),
    insightDetails: object(
      {
        state: string({ required: true, description: 'Start or End.' }),
        eventSource: string({ required: true, description: 'The service of the API with unusual activity.' }),
        eventName: string({ required: true, description: 'The API with unusual activity.' }),
        insightType: string({ required: true, description: 'ApiCallRateInsight or ApiErrorRateInsight.' }),
        errorCode: string({ description: 'The error code, for ApiErrorRateInsight.' }),
        insightContext: object({
          statistics: object({
            baseline: insightAverage,
            insight: insightAverage,
            insightDuration: float({ description: 'Minutes from start to end (end events only).' }),
            baselineDuration: float(),
          }),
          attributions: json({ description: 'User identities, user agents and error codes that contributed most.' }),
        }),
      },
      { required: true },
    ),
    eventCategory: string({ description: 'Always Insight.' }),
  },
  eventTime: 'eventTime',
  parser: {
    kind: 'json',
    accept: (obj) => (obj['eventType'] === 'AwsCloudTrailInsight' ? null : `eventType is ${JSON.stringify(obj['eventType'])}, not AwsCloudTrailInsight`),
  },
  // Attributions name the user identity ARNs behind the unusual activity.
  indicators: (e, set) => collectAwsIndicators(e.insightDetails.insightContext?.attributions, set),
});
