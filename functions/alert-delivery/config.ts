// The alert-delivery function's wiring from its environment, built once per cold start.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDocumentStore } from '../../adapters/aws/dynamodb-document-store.js';
import { DynamoAlertStore } from '../../detections/alerting/dynamodb-store.js';
import type { DestinationConfig } from '../../detections/delivery/config.js';
import type { RetryPolicy } from '../../detections/delivery/retry.js';
import { AwsDestinationStore } from '../../detections/delivery/stores/aws-destination-store.js';
import type { AlertStore } from '../../detections/types.js';
import { requiredVar } from '../env.js';

export interface Env {
  readonly ALERTS_TABLE?: string;
  readonly DOCUMENTS_TABLE?: string;
  /** Destination secrets are `<DEPLOYMENT_PREFIX>/destinations/<id>` in Secrets Manager. */
  readonly DEPLOYMENT_PREFIX?: string;
  /** The console's base URL (links in messages); unset: links are relative, /alerts/<id>. */
  readonly CONSOLE_URL?: string;
  /** This function's own queue: alerts whose delivery partly failed are re-queued there. */
  readonly QUEUE_URL?: string;
}

export interface DeliveryDeps {
  readonly alerts: Pick<AlertStore, 'get'>;
  /** The configured destinations (cached briefly: a burst of alerts reads them once). */
  readonly destinations: () => Promise<DestinationConfig[]>;
  /** Sends a message to this function's queue after `delaySeconds`. */
  readonly requeue: (body: string, delaySeconds: number) => Promise<void>;
  readonly consoleUrl: string;
  readonly retry?: Partial<RetryPolicy>;
  /** Reports a destination that could not be read (by id, never its values). */
  readonly onInvalidDestination?: (id: string, problems: string[]) => void;
}

export interface Clients {
  readonly dynamodb: DynamoDBClient;
  readonly secrets: SecretsManagerClient;
  readonly sqs: SQSClient;
}

/**
 * Retries inside one invocation stay well within the function's timeout (stacks/detections.ts):
 * at most 4 attempts of 10 s and 3 waits of at most 15 s, even when a server asks for longer.
 */
export const FUNCTION_RETRY: Partial<RetryPolicy> = { maxAttempts: 4, timeoutMs: 10_000, maxDelayMs: 15_000, maxRetryAfterMs: 15_000 };

/** Destinations are re-read after this long, so edits in the console apply within a minute. */
export const DESTINATIONS_TTL_MS = 60_000;

export function depsFromEnv(env: Env, clients: Clients = { dynamodb: new DynamoDBClient({}), secrets: new SecretsManagerClient({}), sqs: new SQSClient({}) }, onInvalid?: (id: string, problems: string[]) => void): DeliveryDeps {
  const alerts = new DynamoAlertStore({ client: clients.dynamodb, tableName: requiredVar(env, 'ALERTS_TABLE') });
  const store = new AwsDestinationStore({
    documents: new DynamoDocumentStore({ client: clients.dynamodb, tableName: requiredVar(env, 'DOCUMENTS_TABLE') }),
    secrets: clients.secrets,
    prefix: requiredVar(env, 'DEPLOYMENT_PREFIX'),
    ...(onInvalid !== undefined ? { onInvalid } : {}),
  });
  const queueUrl = requiredVar(env, 'QUEUE_URL');
  const consoleUrl = env.CONSOLE_URL ?? '';
  let cached: { at: number; list: Promise<DestinationConfig[]> } | undefined;
  return {
    alerts,
    consoleUrl,
    retry: FUNCTION_RETRY,
    destinations: () => {
      const now = Date.now();
      if (cached === undefined || now - cached.at > DESTINATIONS_TTL_MS) {
        const list = store.list();
        // A failed read is not cached: the next message tries again.
        list.catch(() => {
          if (cached?.list === list) cached = undefined;
        });
        cached = { at: now, list };
      }
      return cached.list;
    },
    requeue: async (body, delaySeconds) => {
      await clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, DelaySeconds: delaySeconds }));
    },
  };
}
