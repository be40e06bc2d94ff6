// Sending: HTTP destinations with fetch, SNS/SQS with the SDK v3 clients; retries, redaction.
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Alert } from '../types.js';
import type { DestinationConfig } from './config.js';
import { buildSnsInput, buildSqsInput, regionOfQueue, regionOfTopic } from './destinations/aws.js';
import { buildRequest, type HttpRequest } from './destinations/index.js';
import type { MessageOptions } from './message.js';
import { describeTarget, redact, secretsOf } from './redact.js';
import { DEFAULT_RETRY, withRetries, type AttemptOutcome, type RetryPolicy } from './retry.js';
import { route } from './route.js';

export interface DeliveryResult {
  readonly destinationId: string;
  readonly destinationName: string;
  readonly type: DestinationConfig['type'];
  readonly ok: boolean;
  /** The last HTTP status seen, when there was one. */
  readonly status?: number;
  readonly attempts: number;
  /** Redacted: never contains a webhook URL, token or key. */
  readonly error?: string;
}

export interface DeliveryLogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly destination?: string;
  readonly attempt?: number;
  readonly status?: number;
}

export interface DeliveryOptions extends MessageOptions {
  readonly retry?: Partial<RetryPolicy>;
  /** Receives redacted entries only. */
  readonly log?: (entry: DeliveryLogEntry) => void;
  readonly fetch?: typeof fetch;
  /** For SNS/SQS; default: the SDK's credential chain. */
  readonly awsCredentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

export interface AlertDeliveryReport {
  readonly alertId: string;
  readonly results: DeliveryResult[];
  /** Destination names or ids the alert named that are not configured. */
  readonly unknownDestinations: string[];
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = cause && typeof cause === 'object' ? [cause.code, cause.message].filter((x) => typeof x === 'string').join(' ') : '';
  return `${err.name}: ${err.message}${detail ? ` (${detail})` : ''}`;
}

async function httpAttempt(req: HttpRequest, policy: RetryPolicy, doFetch: typeof fetch): Promise<AttemptOutcome> {
  try {
    const res = await doFetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(policy.timeoutMs) });
    const text = await res.text().catch(() => '');
    if (res.ok) return { kind: 'ok', status: res.status };
    return { kind: 'http', status: res.status, message: `HTTP ${res.status}${text ? `: ${text.slice(0, 300)}` : ''}`, retryAfter: res.headers.get('retry-after') };
  } catch (err) {
    return { kind: 'network', message: errorText(err) };
  }
}

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string> };
}

async function sdkAttempt(send: () => Promise<unknown>): Promise<AttemptOutcome> {
  try {
    await send();
    return { kind: 'ok', status: 200 };
  } catch (err) {
    const e = err as SdkError;
    const status = e.$metadata?.httpStatusCode;
    if (typeof status === 'number') {
      return { kind: 'http', status, message: `HTTP ${status}: ${e.name ?? 'Error'}: ${e.message ?? ''}`, retryAfter: e.$response?.headers?.['retry-after'] ?? null };
    }
    return { kind: 'network', message: errorText(err) };
  }
}

function awsClientConfig(region: string, endpoint: string | undefined, options: DeliveryOptions) {
  // Our retry policy governs; the SDK's own retries would multiply attempts.
  return {
    region,
    maxAttempts: 1,
    ...(endpoint ? { endpoint } : {}),
    ...(options.awsCredentials ? { credentials: options.awsCredentials } : {}),
  };
}

function attemptFor(alert: Alert, config: DestinationConfig, options: DeliveryOptions, policy: RetryPolicy): () => Promise<AttemptOutcome> {
  if (config.type === 'sns') {
    const c = config;
    const input = buildSnsInput(alert, c, options);
    const client = new SNSClient(awsClientConfig(c.settings.region ?? regionOfTopic(c.settings.topicArn), c.settings.endpoint, options));
    return () => sdkAttempt(() => client.send(new PublishCommand(input), { abortSignal: AbortSignal.timeout(policy.timeoutMs) }));
  }
  if (config.type === 'sqs') {
    const c = config;
    const input = buildSqsInput(alert, c, options);
    const client = new SQSClient(awsClientConfig(c.settings.region ?? regionOfQueue(c.settings.queueUrl), c.settings.endpoint, options));
    return () => sdkAttempt(() => client.send(new SendMessageCommand(input), { abortSignal: AbortSignal.timeout(policy.timeoutMs) }));
  }
  const req = buildRequest(alert, config, options);
  const doFetch = options.fetch ?? fetch;
  return () => httpAttempt(req, policy, doFetch);
}

/** Send one alert to one destination, with retries. Never throws; the result is redacted. */
export async function sendToDestination(alert: Alert, config: DestinationConfig, options: DeliveryOptions): Promise<DeliveryResult> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const secrets = secretsOf(config);
  const log = (entry: DeliveryLogEntry) => options.log?.({ ...entry, message: redact(entry.message, secrets) });
  const base = { destinationId: config.id, destinationName: config.name, type: config.type };
  let attempt: () => Promise<AttemptOutcome>;
  try {
    attempt = attemptFor(alert, config, options, policy);
  } catch (err) {
    const error = redact(`could not build the request: ${errorText(err)}`, secrets);
    log({ level: 'error', message: error, destination: config.name });
    return { ...base, ok: false, attempts: 0, error };
  }
  const { last, attempts } = await withRetries(async (n) => {
    const o = await attempt();
    if (o.kind !== 'ok') log({ level: 'warn', message: `attempt ${n} failed: ${o.message}`, destination: config.name, attempt: n, ...(o.kind === 'http' ? { status: o.status } : {}) });
    return o;
  }, policy);
  const status = last.kind === 'network' ? undefined : last.status;
  if (last.kind === 'ok') {
    log({ level: 'info', message: `delivered alert ${alert.alertId} to ${describeTarget(config)}`, destination: config.name, attempt: attempts, ...(status ? { status } : {}) });
    return { ...base, ok: true, attempts, ...(status ? { status } : {}) };
  }
  const error = redact(last.message, secrets);
  log({ level: 'error', message: `giving up after ${attempts} attempt(s): ${error}`, destination: config.name, ...(status ? { status } : {}) });
  return { ...base, ok: false, attempts, error, ...(status ? { status } : {}) };
}

/** Route an alert and send it to every chosen destination in parallel. */
export async function deliverAlert(alert: Alert, configured: readonly DestinationConfig[], options: DeliveryOptions): Promise<AlertDeliveryReport> {
  const r = route(alert, configured);
  for (const name of r.unknown) options.log?.({ level: 'warn', message: `alert ${alert.alertId}: unknown destination "${name}"` });
  const results = await Promise.all(r.destinations.map((d) => sendToDestination(alert, d, options)));
  return { alertId: alert.alertId, results, unknownDestinations: r.unknown };
}
