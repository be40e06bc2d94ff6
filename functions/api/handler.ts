import type { Context } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { appFromEnv } from './config.js';

let handler$: ReturnType<typeof handle> | undefined;

/** API Gateway (HTTP API) events -> the Hono app, built once per cold start. */
export async function handler(event: LambdaEvent, context: Context): Promise<unknown> {
  handler$ ??= handle(appFromEnv(process.env));
  return handler$(event, context);
}
