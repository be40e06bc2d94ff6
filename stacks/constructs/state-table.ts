import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table/index.js';
import type { Construct } from 'constructs';
import type { TableDefinition } from '../../adapters/aws/dynamodb-table.js';
import type { KmsKey } from './kms-key.js';

/** A table's name and ARN, for the constructs that only grant access to it. */
export interface TableRef {
  readonly name: string;
  readonly arn: string;
}

/**
 * A state table from the runtime's own definition (so the keys the code queries are the keys the
 * table has): on-demand, encrypted with the given key, point-in-time recovery, deletion protection.
 */
export function stateTable(scope: Construct, id: string, name: string, d: TableDefinition, key: KmsKey): DynamodbTable {
  return new DynamodbTable(scope, id, {
    name,
    billingMode: 'PAY_PER_REQUEST',
    hashKey: d.partitionKey,
    ...(d.sortKey !== undefined ? { rangeKey: d.sortKey } : {}),
    attribute: d.attributes.map((a) => ({ name: a.name, type: a.type })),
    ...(d.globalSecondaryIndexes !== undefined
      ? { globalSecondaryIndex: d.globalSecondaryIndexes.map((g) => ({ name: g.name, hashKey: g.partitionKey, rangeKey: g.sortKey, projectionType: g.projectionType })) }
      : {}),
    ...(d.ttlAttribute !== undefined ? { ttl: { attributeName: d.ttlAttribute, enabled: true } } : {}),
    serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
    pointInTimeRecovery: { enabled: true },
    deletionProtectionEnabled: true,
  });
}
