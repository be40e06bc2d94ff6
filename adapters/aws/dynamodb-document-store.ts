// The document store on DynamoDB: one table, partition key `pk` = the collection, sort key `sk` =
// the document id, so a collection is one Query and comes back ordered by id. The value is kept as
// a JSON string attribute (`json`): it round-trips exactly what the API stored (no marshalling of
// empty sets, undefined or number precision), and collections are small (an item is < 400 KB).
// Versions are an atomic counter; `ifVersion` becomes a condition on the write.
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableDefinition } from './dynamodb-table.js';
import { VersionConflictError, type DocumentCollection, type DocumentStore, type StoredDocument } from '../document-store.js';
import { assertCollectionName, assertDocumentId } from '../local/dir-document-store.js';

/** The table's shape, for the infrastructure (CDKTF `aws_dynamodb_table`) and the tests. */
export const DOCUMENTS_TABLE_DEFINITION = {
  billingMode: 'PAY_PER_REQUEST',
  partitionKey: 'pk',
  sortKey: 'sk',
  attributes: [
    { name: 'pk', type: 'S' },
    { name: 'sk', type: 'S' },
  ],
} as const satisfies TableDefinition;

export interface DynamoDocumentStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** The clock of `updatedAt` (tests). */
  readonly now?: () => Date;
}

type Item = Record<string, unknown>;

export class DynamoDocumentStore implements DocumentStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly now: () => Date;

  constructor(options: DynamoDocumentStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client);
    this.table = options.tableName;
    this.now = options.now ?? (() => new Date());
  }

  collection<T>(name: string): DocumentCollection<T> {
    assertCollectionName(name);
    const key = (id: string) => {
      assertDocumentId(id);
      return { pk: name, sk: id };
    };
    return {
      get: async (id) => {
        const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: key(id), ConsistentRead: true }));
        return out.Item ? toDocument<T>(out.Item) : undefined;
      },
      put: async (id, value, opts) => {
        const expected = opts?.ifVersion;
        const condition =
          expected === 'absent'
            ? { ConditionExpression: 'attribute_not_exists(sk)' }
            : expected !== undefined
              ? { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expected } }
              : {};
        try {
          const out = await this.doc.send(
            new UpdateCommand({
              TableName: this.table,
              Key: key(id),
              UpdateExpression: 'SET #json = :json, updatedAt = :now ADD version :one',
              ...condition,
              ExpressionAttributeNames: { '#json': 'json' },
              ExpressionAttributeValues: { ...condition.ExpressionAttributeValues, ':json': JSON.stringify(value), ':now': this.now().toISOString(), ':one': 1 },
              ReturnValues: 'ALL_NEW',
            }),
          );
          return toDocument<T>(out.Attributes ?? {});
        } catch (err) {
          if (err instanceof ConditionalCheckFailedException && expected !== undefined) throw new VersionConflictError(name, id, expected);
          throw err;
        }
      },
      delete: async (id) => {
        const out = await this.doc.send(new DeleteCommand({ TableName: this.table, Key: key(id), ReturnValues: 'ALL_OLD' }));
        return out.Attributes !== undefined;
      },
      list: async () => {
        const docs: StoredDocument<T>[] = [];
        let start: Item | undefined;
        do {
          const out = await this.doc.send(
            new QueryCommand({
              TableName: this.table,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': name },
              ConsistentRead: true,
              ...(start !== undefined ? { ExclusiveStartKey: start } : {}),
            }),
          );
          for (const item of out.Items ?? []) docs.push(toDocument<T>(item));
          start = out.LastEvaluatedKey;
        } while (start !== undefined);
        // DynamoDB orders sort keys by UTF-8 bytes; ids are ASCII, so this is the id order already.
        return docs;
      },
    };
  }
}

function toDocument<T>(item: Item): StoredDocument<T> {
  return { id: String(item.sk), value: JSON.parse(String(item.json)) as T, version: Number(item.version), updatedAt: String(item.updatedAt) };
}
