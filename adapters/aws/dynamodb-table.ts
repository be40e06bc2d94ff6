// A DynamoDB table's keys as the runtime code declares them, and the CreateTable request built from
// them: one declaration serves the stores, the infrastructure (stacks/constructs/state-table.ts) and
// the tests on local emulators, so the keys the code queries are the keys the table has.
import type { BillingMode, CreateTableCommandInput, ProjectionType, ScalarAttributeType } from '@aws-sdk/client-dynamodb';

/** Only the keys (table and index) are declared; every other attribute is schemaless. */
export interface TableDefinition {
  readonly billingMode: BillingMode;
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly attributes: readonly { readonly name: string; readonly type: ScalarAttributeType }[];
  readonly globalSecondaryIndexes?: readonly {
    readonly name: string;
    readonly partitionKey: string;
    readonly sortKey: string;
    readonly projectionType: ProjectionType;
  }[];
  readonly ttlAttribute?: string;
}

/** The CreateTable request for a definition (tests, local emulators). TTL is a separate UpdateTimeToLive call. */
export function createTableInput(tableName: string, d: TableDefinition): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: d.billingMode,
    AttributeDefinitions: d.attributes.map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: [
      { AttributeName: d.partitionKey, KeyType: 'HASH' },
      ...(d.sortKey !== undefined ? [{ AttributeName: d.sortKey, KeyType: 'RANGE' as const }] : []),
    ],
    ...(d.globalSecondaryIndexes !== undefined
      ? {
          GlobalSecondaryIndexes: d.globalSecondaryIndexes.map((g) => ({
            IndexName: g.name,
            KeySchema: [
              { AttributeName: g.partitionKey, KeyType: 'HASH' as const },
              { AttributeName: g.sortKey, KeyType: 'RANGE' as const },
            ],
            Projection: { ProjectionType: g.projectionType },
          })),
        }
      : {}),
  };
}
