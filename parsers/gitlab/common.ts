// What the GitLab Rails JSON logs share. Every file is written by a JSON logger that puts
// severity, time and correlation_id first; the files are told apart by the keys only their
// writer produces:
//   api_json.log          Grape request logs: `route` (the Grape route pattern) and `host`
//   production_json.log   Lograge logs of Rails controllers: `controller`/`action`, or
//                         `etag_route` for ETag-cached polling requests; never `route`
//   audit_json.log        audit events: `author_id`, `entity_id`, `entity_type`
//   exceptions_json.log   Gitlab::ErrorTracking: `exception.class`, and no request keys
//   integrations_json.log integration activity: `service_class`
//   git_json.log          failed Git calls: only severity, time, correlation_id, message
import { array, bigint, float, int, json, object, string, timestamp } from '../core/fields.js';

export const REFERENCE = 'https://docs.gitlab.com/ee/administration/logs/';

/** The Ruby Logger levels GitLab writes (GITLAB_LOG_LEVEL). */
const SEVERITIES: ReadonlySet<unknown> = new Set(['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'UNKNOWN']);

export const timeField = timestamp({ required: true, description: 'When the event was logged (UTC, millisecond precision).' });
export const severityField = string({ required: true, description: 'The log level: DEBUG, INFO, WARN, ERROR, FATAL or UNKNOWN.' });
export const correlationIdField = string({ indicators: ['trace_id'], description: 'The request id shared by every log line of one request across GitLab components.' });

/** Rejects a severity GitLab's loggers never write (lowercase syslog levels, numbers...). */
export function checkSeverity(obj: Record<string, unknown>): string | null {
  if (obj.severity === undefined) return null; // left to the required-field check where required
  return SEVERITIES.has(obj.severity) ? null : `severity ${JSON.stringify(obj.severity)} is not a GitLab log level`;
}

/** The first of `keys` the object has (with any value, null included), as a rejection reason. */
export function foreignKeys(obj: Record<string, unknown>, keys: readonly string[], what: string): string | null {
  for (const k of keys) if (k in obj) return `${k} present: ${what}`;
  return null;
}

/** Keys only request logs (API and production) have. */
export const REQUEST_KEYS = ['route', 'controller', 'action', 'etag_route', 'method', 'path', 'status', 'duration_s'] as const;

/** Lograge / Grape query parameters: [{key, value}], sensitive values "[FILTERED]". */
export const paramsField = array(
  object({
    key: string({ required: true, description: 'The parameter name.' }),
    value: json({ description: 'The parameter value (any JSON), "[FILTERED]" for sensitive ones.' }),
  }),
  { description: 'The query string and body parameters of the request, sensitive values filtered.' },
);

const seconds = (description: string) => float({ description: `${description} (seconds).` });

/** Timing and resource fields request logs (API and production) share. */
export const requestMetrics = {
  duration_s: float({ required: true, description: 'The total time taken to serve the request (seconds).' }),
  db_duration_s: seconds('The time spent querying PostgreSQL'),
  view_duration_s: seconds('The time spent rendering views'),
  queue_duration_s: seconds('The time the request was queued inside GitLab Workhorse'),
  gitaly_calls: int({ description: 'The number of calls made to Gitaly.' }),
  gitaly_duration_s: seconds('The total time taken by Gitaly calls'),
  redis_calls: int({ description: 'The number of calls made to Redis.' }),
  redis_duration_s: seconds('The total time taken by Redis calls'),
  redis_read_bytes: bigint({ description: 'The bytes read from Redis.' }),
  redis_write_bytes: bigint({ description: 'The bytes written to Redis.' }),
  cpu_s: seconds('The CPU time spent'),
  pid: int({ description: "The worker's Linux process ID (changes when workers restart)." }),
  worker_id: string({ description: "The worker's logical ID, e.g. puma_0 (stable across restarts)." }),
} as const;

/** The request context (Labkit) request logs carry as meta.* keys. */
export const metaFields = {
  'meta.user': string({ indicators: ['username'], description: 'The user who made the request.' }),
  'meta.project': string({ description: 'The project of the request (full path).' }),
  'meta.root_namespace': string({ description: 'The root namespace of the request.' }),
  'meta.caller_id': string({ description: 'The endpoint that handled the request: the controller#action or the API route.' }),
  'meta.remote_ip': string({ indicators: ['ip'], description: 'The client IP address.' }),
  'meta.feature_category': string({ description: 'The product feature category of the endpoint.' }),
  'meta.client_id': string({ description: 'The client: user/<id> or ip/<address>.' }),
} as const;

/** The exception fields (GitLab 12.5+) of a failed request or a tracked exception. */
export const exceptionFields = {
  'exception.class': string({ description: 'The class name of the exception.' }),
  'exception.message': string({ description: 'The message of the exception.' }),
  'exception.backtrace': array(string(), { description: 'The stack trace of the exception.' }),
} as const;
