import { array, bigint, boolean, int, json, map, object, string, timestamp } from '../core/fields.js';
import type { IndicatorSet } from '../core/indicators.js';
import { defineLogType } from '../core/logtype.js';

const AUDIT_LOG_TYPE = 'type.googleapis.com/google.cloud.audit.AuditLog';

// projects/<id>/logs/cloudaudit.googleapis.com%2Factivity (also organizations/, folders/,
// billingAccounts/). The log id is URL-encoded in LogEntry JSON; sinks that decode it write "/".
const LOG_NAME = /^(?:projects|organizations|folders|billingAccounts)\/[^/]+\/logs\/cloudaudit\.googleapis\.com(?:%2F|%2f|\/)(?:activity|data_access|system_event|policy)$/;

// proto3 JSON writes int64 values as strings ("numResponseItems": "10"): such fields coerce.
const int64 = (description: string) => bigint({ coerce: true, description });

export const AuditLog = defineLogType({
  name: 'GCP.AuditLog',
  description:
    'Google Cloud Audit Logs (Admin Activity, Data Access, System Event and Policy Denied): LogEntry records whose protoPayload is an AuditLog, answering "who did what, where, and when?".',
  reference: 'https://cloud.google.com/logging/docs/audit',
  fields: {
    logName: string({ required: true, description: 'The log the entry belongs to, e.g. projects/my-project/logs/cloudaudit.googleapis.com%2Factivity.' }),
    resource: object(
      {
        type: string({ description: 'The monitored resource type, e.g. gce_instance, gcs_bucket, project.' }),
        labels: map(string({ coerce: true }), { description: 'Labels identifying the resource, e.g. project_id, zone, bucket_name.' }),
      },
      { description: 'The monitored resource that produced the entry.' },
    ),
    timestamp: timestamp({ required: true, description: 'When the event described by the entry occurred.' }),
    receiveTimestamp: timestamp({ description: 'When Cloud Logging received the entry.' }),
    severity: string({ description: 'The severity of the entry: DEFAULT, DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT or EMERGENCY.' }),
    insertId: string({ description: 'A unique identifier of the entry.' }),
    httpRequest: object(
      {
        requestMethod: string({ description: 'The HTTP method.' }),
        requestUrl: string({ indicators: ['url'], description: 'The scheme, host, path and query of the requested URL.' }),
        requestSize: int64('The size of the request in bytes, headers and body.'),
        status: int({ description: 'The HTTP response status code.' }),
        responseSize: int64('The size of the response in bytes, headers and body.'),
        userAgent: string({ description: 'The user agent sent by the client.' }),
        remoteIp: string({ indicators: ['ip'], description: 'The IP address of the client that issued the request.' }),
        serverIp: string({ indicators: ['ip'], description: 'The IP address of the server the request was sent to.' }),
        referer: string({ description: 'The referer URL of the request.' }),
        latency: string({ description: 'The request processing latency on the server, e.g. "0.213s".' }),
        cacheLookup: boolean({ description: 'Whether a cache lookup was attempted.' }),
        cacheHit: boolean({ description: 'Whether the entity was served from cache.' }),
        cacheValidatedWithOriginServer: boolean({ description: 'Whether the cached entity was validated with the origin server.' }),
        cacheFillBytes: int64('The bytes inserted into cache.'),
        protocol: string({ description: 'The protocol of the request, e.g. HTTP/1.1, HTTP/2.' }),
      },
      { description: 'The HTTP request the entry is about, if any.' },
    ),
    labels: map(string({ coerce: true }), { description: 'User-defined labels of the entry.' }),
    operation: object(
      {
        id: string({ description: 'The identifier of the long-running operation.' }),
        producer: string({ description: 'The producer of the operation, e.g. github.com/MyProject/MyApplication.' }),
        first: boolean({ description: 'Whether this is the first entry of the operation.' }),
        last: boolean({ description: 'Whether this is the last entry of the operation.' }),
      },
      { description: 'The long-running operation the entry belongs to, if any.' },
    ),
    trace: string({ indicators: ['trace_id'], description: 'The trace associated with the entry, e.g. projects/my-project/traces/06796866738c859f2f19b7cfb3214824.' }),
    spanId: string({ description: 'The span within the trace.' }),
    traceSampled: boolean({ description: 'Whether the trace was sampled.' }),
    sourceLocation: object(
      {
        file: string({ description: 'The source file name.' }),
        line: int64('The line within the file; 1-based, 0 when unknown.'),
        function: string({ description: 'The function or method name.' }),
      },
      { description: 'The source code location that wrote the entry, if any.' },
    ),
    split: object(
      {
        uid: string({ description: 'The id shared by all parts of the split entry.' }),
        index: int({ description: 'The index of this part.' }),
        totalSplits: int({ description: 'How many parts the original entry was split into.' }),
      },
      { description: 'Set when an oversized entry was split into several.' },
    ),
    protoPayload: object(
      {
        '@type': string({ required: true, description: 'Always type.googleapis.com/google.cloud.audit.AuditLog.' }),
        serviceName: string({ description: 'The API service performing the operation, e.g. compute.googleapis.com.' }),
        methodName: string({ description: 'The service method or operation, e.g. v1.compute.instances.insert, SetIamPolicy.' }),
        resourceName: string({ description: 'The resource or collection the operation targets, e.g. projects/_/buckets/my-bucket.' }),
        resourceLocation: object(
          {
            currentLocations: array(string(), { description: 'The locations of the resource after the operation.' }),
            originalLocations: array(string(), { description: 'The locations of the resource before the operation.' }),
          },
          { description: 'The location of the resource.' },
        ),
        resourceOriginalState: json({ description: 'The resource before the operation, for mutations that delete or change it.' }),
        numResponseItems: int64('How many items a List or Query method returned.'),
        status: object(
          {
            code: int({ description: 'The google.rpc.Code of the outcome; 0 (or absent) is OK, 7 PERMISSION_DENIED, 16 UNAUTHENTICATED...' }),
            message: string({ description: 'The error message.' }),
            details: json({ description: 'Messages carrying the error details.' }),
          },
          { description: 'The status of the operation.' },
        ),
        authenticationInfo: object(
          {
            principalEmail: string({ indicators: ['email'], description: 'The email address of the authenticated user or service account.' }),
            authoritySelector: string({ description: 'The authority selector the requester gave, if any.' }),
            principalSubject: string({ description: 'The principal as a subject string, e.g. user:alice@example.com or a workload identity.' }),
            serviceAccountKeyName: string({ description: 'The service account key used, as a full resource name.' }),
            serviceAccountDelegationInfo: json({ description: 'The chain of service accounts the call was delegated through.' }),
            thirdPartyPrincipal: json({ description: 'The third-party identity, e.g. claims of a federated token.' }),
          },
          { description: 'Who made the request.' },
        ),
        authorizationInfo: array(
          object({
            resource: string({ description: 'The resource accessed.' }),
            permission: string({ description: 'The IAM permission checked.' }),
            granted: boolean({ description: 'Whether the permission was granted.' }),
            resourceAttributes: json({ description: 'Attributes of the resource used in the check.' }),
            permissionType: string({ description: 'The type of the permission, e.g. ADMIN_WRITE, DATA_READ.' }),
          }),
          { description: 'One authorization check per resource and permission.' },
        ),
        policyViolationInfo: json({ description: 'Why an organization policy denied the request (Policy Denied logs).' }),
        requestMetadata: object(
          {
            callerIp: string({ indicators: ['ip'], description: 'The IP address of the caller ("private" or "gce-internal-ip" for internal callers).' }),
            callerSuppliedUserAgent: string({ description: 'The user agent the caller supplied (unauthenticated).' }),
            callerNetwork: string({ description: "The caller's VPC network, when in the same organization or project." }),
            requestAttributes: json({ description: 'Request attributes used in IAM condition evaluation (time, access levels...).' }),
            destinationAttributes: json({ description: 'The destination of a network activity.' }),
          },
          { description: 'Metadata about the request: caller address and user agent.' },
        ),
        request: json({ description: 'The operation request, possibly abridged; @type names its proto.' }),
        response: json({ description: 'The operation response, possibly abridged; @type names its proto.' }),
        metadata: json({ description: 'Service-specific data about the operation.' }),
        serviceData: json({ description: 'Deprecated service-specific data (e.g. IAM policy deltas in older entries).' }),
      },
      { required: true, description: 'The AuditLog payload.' },
    ),
  },
  eventTime: 'timestamp',
  parser: {
    kind: 'json',
    accept: (obj) => {
      const name = obj.logName;
      if (typeof name !== 'string') return name === undefined ? 'logName: required field missing' : 'logName: expected string';
      if (!LOG_NAME.test(name)) return `logName "${name.length > 80 ? `${name.slice(0, 80)}...` : name}" is not a Cloud Audit Logs log`;
      const payload = obj.protoPayload;
      const type = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)['@type'] : undefined;
      return type === AUDIT_LOG_TYPE ? null : `protoPayload.@type is ${JSON.stringify(type)}, not "${AUDIT_LOG_TYPE}"`;
    },
  },
  indicators: (e, set) => {
    const p = e.protoPayload;
    delegationIndicators(p.authenticationInfo?.serviceAccountDelegationInfo, set);
    policyDeltaIndicators(p.serviceData, set);
    // The principal is also the acting account: a username for cross-log searches.
    set.add('username', p.authenticationInfo?.principalEmail);
  },
});

/** Principals of serviceAccountDelegationInfo: [{firstPartyPrincipal: {principalEmail}}, ...]. */
function delegationIndicators(info: unknown, set: IndicatorSet): void {
  if (!Array.isArray(info)) return;
  for (const hop of info) {
    const first = typeof hop === 'object' && hop !== null ? (hop as Record<string, unknown>).firstPartyPrincipal : undefined;
    if (typeof first === 'object' && first !== null) set.add('email', (first as Record<string, unknown>).principalEmail);
  }
}

/**
 * Members of IAM policy changes (serviceData.policyDelta.bindingDeltas[].member), e.g.
 * "user:alice@example.com", "serviceAccount:x@p.iam.gserviceaccount.com": who gained or lost a role.
 */
function policyDeltaIndicators(serviceData: unknown, set: IndicatorSet): void {
  const delta = typeof serviceData === 'object' && serviceData !== null ? (serviceData as Record<string, unknown>).policyDelta : undefined;
  const bindings = typeof delta === 'object' && delta !== null ? (delta as Record<string, unknown>).bindingDeltas : undefined;
  if (!Array.isArray(bindings)) return;
  for (const b of bindings) {
    const member = typeof b === 'object' && b !== null ? (b as Record<string, unknown>).member : undefined;
    if (typeof member === 'string') set.add('email', member.slice(member.indexOf(':') + 1));
  }
}
