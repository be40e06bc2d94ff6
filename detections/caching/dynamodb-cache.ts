// The cache store on DynamoDB, in the layout of Panther's `panther-kv-store` table: partition key
// `key`, attributes `intCount` (N), `stringSet` (SS), `dictionary` (S) and `expiresAt` (N, epoch
// seconds, the table's TTL attribute). Counters and sets change with atomic ADD / DELETE updates.
//
// Expiry: TTL deletion is lazy (up to days late), so reads compare expiresAt with the clock and
// treat a passed key as absent. Writes are conditional on the key being live; when it is not, the
// expired item is deleted (conditionally, so a concurrent renewal survives) and the write retried,
// so a counter that expired starts again from zero rather than from its stale value.

import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableDefinition } from '../../adapters/aws/dynamodb-table.js';
import type { CacheStore } from '../types.js';
import { assertCacheKey, assertExpiresAt, assertStrings, isExpired, sortedUnique } from './entry.js';

/** The table's shape, for the infrastructure (CDKTF `aws_dynamodb_table`) and the tests. */
export const CACHE_TABLE_DEFINITION = {
  billingMode: 'PAY_PER_REQUEST',
  partitionKey: 'key',
  attributes: [{ name: 'key', type: 'S' }],
  ttlAttribute: 'expiresAt',
} as const satisfies TableDefinition;

/** Attempts of one write when its key keeps expiring or being renewed under it. */
const MAX_ATTEMPTS = 5;

export interface DynamoCacheStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Clock in epoch milliseconds (tests). */
  readonly now?: () => number;
}

type Item = Record<string, unknown>;

interface Update {
  /** SET clauses, without the keyword. */
  readonly set?: readonly string[];
  readonly add?: readonly string[];
  readonly remove?: readonly string[];
  readonly del?: readonly string[];
  readonly names?: Record<string, string>;
  readonly values?: Item;
}

export class DynamoCacheStore implements CacheStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly now: () => number;

  constructor(options: DynamoCacheStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
    this.table = options.tableName;
    this.now = options.now ?? Date.now;
  }

  async getCounter(key: string): Promise<number> {
    const item = await this.read(key);
    return item?.intCount === undefined ? 0 : Number(item.intCount);
  }

  async incrementCounter(key: string, by: number, expiresAt?: number): Promise<number> {
    if (!Number.isFinite(by)) throw new Error('invalid increment: expected a number');
    const out = await this.update(key, expiresAt, { add: ['intCount :by'], values: { ':by': by } });
    return Number(out.intCount ?? 0);
  }

  async resetCounter(key: string): Promise<void> {
    await this.update(key, undefined, { remove: ['intCount'] });
  }

  async getStringSet(key: string): Promise<string[]> {
    return setOf(await this.read(key));
  }

  async putStringSet(key: string, values: readonly string[], expiresAt?: number): Promise<void> {
    assertStrings(values);
    // DynamoDB has no empty sets: an empty put removes the attribute.
    if (values.length === 0) await this.update(key, expiresAt, { remove: ['stringSet'] });
    else await this.update(key, expiresAt, { set: ['stringSet = :ss'], values: { ':ss': new Set(values) } });
  }

  async addToStringSet(key: string, values: readonly string[], expiresAt?: number): Promise<string[]> {
    assertStrings(values);
    if (values.length === 0 && expiresAt === undefined) return this.getStringSet(key);
    const out = await this.update(key, expiresAt, values.length === 0 ? {} : { add: ['stringSet :ss'], values: { ':ss': new Set(values) } });
    return setOf(out);
  }

  async removeFromStringSet(key: string, values: readonly string[], expiresAt?: number): Promise<string[]> {
    assertStrings(values);
    if (values.length === 0 && expiresAt === undefined) return this.getStringSet(key);
    const out = await this.update(key, expiresAt, values.length === 0 ? {} : { del: ['stringSet :ss'], values: { ':ss': new Set(values) } });
    return setOf(out);
  }

  async resetStringSet(key: string): Promise<void> {
    await this.update(key, undefined, { remove: ['stringSet'] });
  }

  async getDictionary(key: string): Promise<string | undefined> {
    const item = await this.read(key);
    return typeof item?.dictionary === 'string' ? item.dictionary : undefined;
  }

  async putDictionary(key: string, json: string, expiresAt?: number): Promise<void> {
    if (typeof json !== 'string') throw new Error('invalid dictionary: expected JSON text');
    await this.update(key, expiresAt, { set: ['dictionary = :dict'], values: { ':dict': json } });
  }

  async setKeyExpiration(key: string, expiresAt: number): Promise<void> {
    if (expiresAt === undefined) throw new Error('invalid expiresAt: expected epoch seconds');
    await this.update(key, expiresAt, {});
  }

  /** The live item of a key, or undefined (absent or past its expiry). */
  private async read(key: string): Promise<Item | undefined> {
    assertCacheKey(key);
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { key }, ConsistentRead: true }));
    const item = out.Item;
    if (item === undefined) return undefined;
    return isExpired({ expiresAt: expiryOf(item) }, this.now()) ? undefined : item;
  }

  /** One update of a live key (creating it when absent); an expired key is deleted first. Returns the item after. */
  private async update(key: string, expiresAt: number | undefined, u: Update): Promise<Item> {
    assertCacheKey(key);
    assertExpiresAt(expiresAt);
    const set = [...(u.set ?? [])];
    const values: Item = { ...u.values };
    if (expiresAt !== undefined) {
      set.push('expiresAt = :exp');
      values[':exp'] = Math.trunc(expiresAt);
    }
    const clauses = [
      set.length > 0 ? `SET ${set.join(', ')}` : '',
      u.add?.length ? `ADD ${u.add.join(', ')}` : '',
      u.remove?.length ? `REMOVE ${u.remove.join(', ')}` : '',
      u.del?.length ? `DELETE ${u.del.join(', ')}` : '',
    ].filter((c) => c !== '');
    if (clauses.length === 0) throw new Error('cache update with nothing to change');
    const names = u.names !== undefined && Object.keys(u.names).length > 0 ? { ExpressionAttributeNames: u.names } : {};
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const nowSeconds = this.now() / 1000;
      try {
        const out = await this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { key },
            UpdateExpression: clauses.join(' '),
            ConditionExpression: 'attribute_not_exists(expiresAt) OR expiresAt > :now',
            ...names,
            ExpressionAttributeValues: { ...values, ':now': nowSeconds },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return out.Attributes ?? {};
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      }
      // Expired: delete it unless someone renewed it meanwhile, then write again.
      try {
        await this.doc.send(
          new DeleteCommand({ TableName: this.table, Key: { key }, ConditionExpression: 'expiresAt <= :now', ExpressionAttributeValues: { ':now': nowSeconds } }),
        );
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      }
    }
    throw new Error(`cache key: no consistent state after ${MAX_ATTEMPTS} attempts`);
  }
}

function expiryOf(item: Item): number | undefined {
  return item.expiresAt === undefined ? undefined : Number(item.expiresAt);
}

function setOf(item: Item | undefined): string[] {
  const s = item?.stringSet;
  return s instanceof Set ? sortedUnique(s as Set<string>) : [];
}
