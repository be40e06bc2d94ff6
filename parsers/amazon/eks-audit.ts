import { array, int, json, map, object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

const userInfo = (what: string) =>
  object(
    {
      username: string({ indicators: ['username'], description: `The name of the ${what}, e.g. kubernetes-admin or system:serviceaccount:<ns>:<name>.` }),
      uid: string({ description: `A unique id of the ${what}; on EKS the IAM authenticator id aws-iam-authenticator:<account>:<principal id>.` }),
      groups: array(string(), { description: `The groups the ${what} belongs to.` }),
      // EKS puts the IAM identity here: arn, canonicalArn, sessionName, accessKeyId.
      extra: map(array(string()), { description: `Extra attributes of the ${what}; on EKS the IAM arn, canonicalArn, sessionName and accessKeyId.` }),
    },
    { description: `The ${what}.` },
  );

export const EKSAudit = defineLogType({
  name: 'Amazon.EKS.Audit',
  description: 'Kubernetes API server audit events from Amazon EKS control plane logging (the audit log type).',
  reference: 'https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/#audit-k8s-io-v1-Event',
  fields: {
    kind: string({ required: true, description: 'Always Event.' }),
    apiVersion: string({ required: true, description: 'The audit API version, audit.k8s.io/v1.' }),
    level: string({ required: true, description: 'The audit level of the event: Metadata, Request or RequestResponse.' }),
    auditID: string({ required: true, description: 'A unique id of the request, shared by the events of its stages.' }),
    stage: string({ required: true, description: 'The stage of the request: RequestReceived, ResponseStarted, ResponseComplete or Panic.' }),
    requestURI: string({ required: true, description: 'The URI of the request.' }),
    verb: string({ required: true, description: 'The Kubernetes verb of the request: get, list, watch, create, update, patch, delete...' }),
    user: userInfo('authenticated user'),
    impersonatedUser: userInfo('impersonated user'),
    sourceIPs: array(string(), { indicators: ['ip'], description: 'The client IP and the intermediate proxies, from X-Forwarded-For.' }),
    userAgent: string({ description: 'The user agent of the client.' }),
    objectRef: object(
      {
        resource: string({ description: 'The resource, e.g. pods, secrets, clusterrolebindings.' }),
        namespace: string({ description: 'The namespace of the object.' }),
        name: string({ description: 'The name of the object.' }),
        uid: string({ description: 'The uid of the object.' }),
        apiGroup: string({ description: 'The API group of the object; empty for the core group.' }),
        apiVersion: string({ description: 'The API version of the object.' }),
        resourceVersion: string({ description: 'The resource version of the object.' }),
        subresource: string({ description: 'The subresource, e.g. exec, log, status.' }),
      },
      { description: 'The object the request is about.' },
    ),
    responseStatus: object(
      {
        code: int({ description: 'The HTTP status code of the response.' }),
        status: string({ description: 'Success or Failure.' }),
        message: string({ description: 'The message of the response status.' }),
        reason: string({ description: 'The machine-readable reason, e.g. Forbidden, NotFound.' }),
        details: json({ description: 'Details of the failure.' }),
        metadata: json({ description: 'List metadata of the status.' }),
      },
      { description: 'The response status (the Status object; for successes only the code).' },
    ),
    requestObject: json({ description: 'The request body, at levels Request and RequestResponse.' }),
    responseObject: json({ description: 'The response body, at level RequestResponse.' }),
    requestReceivedTimestamp: timestamp({ required: true, description: 'When the request reached the API server.' }),
    stageTimestamp: timestamp({ description: 'When the request reached this stage.' }),
    annotations: map(string(), { description: 'Annotations of the event, e.g. authorization.k8s.io/decision and reason, pod-security.kubernetes.io/*.' }),
  },
  eventTime: 'requestReceivedTimestamp',
  parser: {
    kind: 'json',
    accept: (obj) => {
      // Only the audit API's Event kind: AKS wraps the same event in an Azure record, GKE in a
      // Cloud Logging entry, and neither has these at the top level.
      if (obj.kind !== 'Event') return `kind is ${JSON.stringify(obj.kind)}, not "Event"`;
      const v = obj.apiVersion;
      if (typeof v !== 'string' || !v.startsWith('audit.k8s.io/')) return `apiVersion is ${JSON.stringify(v)}, not audit.k8s.io/*`;
      return null;
    },
  },
  indicators: (e, set) => {
    for (const u of [e.user, e.impersonatedUser]) {
      if (u?.extra === undefined) continue;
      for (const arn of u.extra.arn ?? []) set.add('aws_arn', arn);
      for (const arn of u.extra.canonicalArn ?? []) set.add('aws_arn', arn);
    }
  },
});
