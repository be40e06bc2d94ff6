// DynamoDB for tests: dynalite (DynamoDB in process) on a loopback port, an SDK client for it, and
// fresh tables from the runtime's own definitions.
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTableInput, type TableDefinition } from '../../adapters/aws/dynamodb-table.js';

// dynalite ships no types: it is a function returning an http.Server.
const dynalite = createRequire(import.meta.url)('dynalite') as (opts: { createTableMs?: number }) => Server;

export interface LocalDynamo {
  /** For code that builds its own client (the SDK's endpoint variable, a child process). */
  readonly endpoint: string;
  readonly client: DynamoDBClient;
}

/** Starts dynalite; the caller must close() it. Prefer localDynamo(t) inside a test. */
export async function startDynalite(): Promise<LocalDynamo & { close(): Promise<void> }> {
  // createTableMs 0: tables are ACTIVE at once, no polling.
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  return {
    endpoint,
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** dynalite and a client for it, both closed when `t` ends. */
export async function localDynamo(t: { teardown(fn: () => unknown): void }): Promise<LocalDynamo> {
  const { close, ...dynamo } = await startDynalite();
  t.teardown(close);
  return dynamo;
}

/** Creates the table of `definition` under `name`; returns the name. */
export async function createTable(client: DynamoDBClient, name: string, definition: TableDefinition): Promise<string> {
  await client.send(new CreateTableCommand(createTableInput(name, definition)));
  return name;
}

/** A function creating a new table of `definition` per call (`<prefix>-1`, `<prefix>-2`...), so cases share no items. */
export function freshTables(client: DynamoDBClient, prefix: string, definition: TableDefinition): () => Promise<string> {
  let n = 0;
  return () => createTable(client, `${prefix}-${++n}`, definition);
}
