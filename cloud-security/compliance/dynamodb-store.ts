// The compliance store on DynamoDB: one table, items told apart by their partition key.
//   POLICY#<policyId>              sk <resourceId>           the latest entry of the pair
//   HISTORY#<policyId>#<resourceId> sk <time>#<nonce>        one status transition (TTL'd)
//   SUPPRESSIONS                   sk [policyId, pattern]    one suppression
// Entries also carry resourceId/policyId as attributes for the resource index (the resource page
// of the console), and `scope` (<account>#<type>) with their region for the scope index: the
// resources a scan unit compares with what it saw, without scanning the table. Writing an entry is one PutItem returning the old item, so "changed" is exact
// even when two scans of the same account overlap.
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand, UpdateCommand, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TableDefinition } from '../../adapters/aws/dynamodb-table.js';
import { mapLimit } from '../scanners/common.js';
import {
  assertSuppression,
  historyEntry,
  isChange,
  lastPerPair,
  matchesFilter,
  matchesPattern,
  MAX_HISTORY,
  overviewOf,
  page,
  validateFilter,
  withSuppression,
} from './state.js';
import type { ComplianceEntry, ComplianceFilter, ComplianceHistoryEntry, ComplianceOverview, ComplianceStatus, ComplianceStore, RecordOptions, ResourceScope, Suppression } from './types.js';

/** The table's shape, for the infrastructure (CDKTF `aws_dynamodb_table`) and the tests. */
export const COMPLIANCE_TABLE_DEFINITION = {
  billingMode: 'PAY_PER_REQUEST',
  partitionKey: 'pk',
  sortKey: 'sk',
  attributes: [
    { name: 'pk', type: 'S' },
    { name: 'sk', type: 'S' },
    { name: 'resourceId', type: 'S' },
    { name: 'policyId', type: 'S' },
    { name: 'scope', type: 'S' },
    { name: 'region', type: 'S' },
  ],
  globalSecondaryIndexes: [
    { name: 'resourceId-policyId', partitionKey: 'resourceId', sortKey: 'policyId', projectionType: 'ALL' },
    // Sparse: only entries have `scope`. Region keys are not unique, which a GSI allows.
    { name: 'scope-region', partitionKey: 'scope', sortKey: 'region', projectionType: 'KEYS_ONLY' },
  ],
  ttlAttribute: 'expiresAt',
} as const satisfies TableDefinition;

const RESOURCE_INDEX = COMPLIANCE_TABLE_DEFINITION.globalSecondaryIndexes[0].name;
const SCOPE_INDEX = COMPLIANCE_TABLE_DEFINITION.globalSecondaryIndexes[1].name;
/** History items live this long after their transition (TTL is lazy; the store never depends on it). */
const HISTORY_TTL_SECONDS = 365 * 24 * 3600;
/** PutItem calls in flight at once per record(). */
const WRITE_CONCURRENCY = 16;
const SUPPRESSIONS_PK = 'SUPPRESSIONS';

export interface DynamoComplianceStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

type Item = Record<string, unknown>;

const policyPk = (policyId: string): string => `POLICY#${policyId}`;
const scopeKey = (accountId: string, resourceType: string): string => `${accountId}#${resourceType}`;
const historyPk = (policyId: string, resourceId: string): string => `HISTORY#${policyId}#${resourceId}`;

function toEntry(item: Item): ComplianceEntry {
  const str = (k: string): string => (typeof item[k] === 'string' ? (item[k] as string) : '');
  return {
    policyId: str('policyId'),
    resourceId: str('resourceId'),
    resourceType: str('resourceType'),
    accountId: str('accountId'),
    region: str('region'),
    status: str('status') as ComplianceStatus,
    severity: str('severity') as ComplianceEntry['severity'],
    ...(typeof item.errorMessage === 'string' ? { errorMessage: item.errorMessage } : {}),
    suppressed: item.suppressed === true,
    lastUpdated: str('lastUpdated'),
  };
}

function toSuppression(item: Item): Suppression {
  return {
    policyId: String(item.policyId),
    resourcePattern: String(item.resourcePattern),
    ...(typeof item.reason === 'string' ? { reason: item.reason } : {}),
    ...(typeof item.createdBy === 'string' ? { createdBy: item.createdBy } : {}),
    createdAt: String(item.createdAt),
  };
}

export class DynamoComplianceStore implements ComplianceStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(opts: DynamoComplianceStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(opts.client, { marshallOptions: { removeUndefinedValues: true } });
    this.table = opts.tableName;
  }

  async record(entries: readonly ComplianceEntry[], opts: RecordOptions = {}): Promise<{ changed: ComplianceEntry[] }> {
    const incoming = lastPerPair(entries);
    const supp = opts.suppressions ?? (await this.suppressions());
    const results = await mapLimit(incoming, WRITE_CONCURRENCY, async (raw) => {
      const e = withSuppression(raw, supp);
      const out = await this.doc.send(
        new PutCommand({ TableName: this.table, Item: { pk: policyPk(e.policyId), sk: e.resourceId, scope: scopeKey(e.accountId, e.resourceType), ...e }, ReturnValues: 'ALL_OLD' }),
      );
      const prev = out.Attributes === undefined ? undefined : toEntry(out.Attributes);
      if (!isChange(prev, e)) return undefined;
      const h = historyEntry(e);
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: historyPk(e.policyId, e.resourceId),
            sk: `${h.time}#${randomBytes(4).toString('hex')}`,
            status: h.status,
            time: h.time,
            expiresAt: Math.floor(Date.parse(h.time) / 1000) + HISTORY_TTL_SECONDS,
          },
        }),
      );
      return e;
    });
    return { changed: results.filter((e): e is ComplianceEntry => e !== undefined) };
  }

  async list(filter?: ComplianceFilter): Promise<{ items: ComplianceEntry[]; next?: string }> {
    const f = validateFilter(filter);
    let items: Item[];
    if (f.policyId !== undefined) {
      items = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': policyPk(f.policyId) } });
    } else if (f.resourceId !== undefined) {
      items = await this.queryAll({ IndexName: RESOURCE_INDEX, KeyConditionExpression: 'resourceId = :r', ExpressionAttributeValues: { ':r': f.resourceId } });
    } else {
      items = await this.entryScan();
    }
    return page(items.map(toEntry).filter((e) => matchesFilter(e, f)), f);
  }

  async history(policyId: string, resourceId: string): Promise<ComplianceHistoryEntry[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': historyPk(policyId, resourceId) },
        ScanIndexForward: false,
        Limit: MAX_HISTORY,
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).reverse().map((i) => ({ policyId, resourceId, status: i.status as ComplianceStatus, time: String(i.time) }));
  }

  async overview(): Promise<ComplianceOverview> {
    return overviewOf((await this.entryScan()).map(toEntry));
  }

  async suppress(s: Suppression): Promise<void> {
    assertSuppression(s);
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { pk: SUPPRESSIONS_PK, sk: JSON.stringify([s.policyId, s.resourcePattern]), ...s } }));
    // Entries already recorded are suppressed now, not at the next scan.
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': policyPk(s.policyId) } });
    const hits = items.filter((i) => i.suppressed !== true && matchesPattern(s.resourcePattern, String(i.resourceId)));
    await mapLimit(hits, WRITE_CONCURRENCY, (i) =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: i.pk, sk: i.sk },
          UpdateExpression: 'SET suppressed = :t',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':t': true },
        }),
      ),
    );
  }

  async suppressions(policyId?: string): Promise<Suppression[]> {
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': SUPPRESSIONS_PK } });
    return items.map(toSuppression).filter((s) => policyId === undefined || s.policyId === policyId);
  }

  async removeResources(resourceIds: readonly string[]): Promise<number> {
    let removed = 0;
    await mapLimit([...new Set(resourceIds)], 4, async (resourceId) => {
      const entries = await this.queryAll({ IndexName: RESOURCE_INDEX, KeyConditionExpression: 'resourceId = :r', ExpressionAttributeValues: { ':r': resourceId } });
      for (const e of entries) {
        const policyId = String(e.policyId);
        const history = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': historyPk(policyId, resourceId) }, ProjectionExpression: 'pk, sk' });
        await mapLimit(history, WRITE_CONCURRENCY, (h) => this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: h.pk, sk: h.sk } })));
        await this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: policyPk(policyId), sk: resourceId } }));
        removed++;
      }
    });
    return removed;
  }

  async resourcesOf(scope: ResourceScope): Promise<string[]> {
    const items = await this.queryAll({
      IndexName: SCOPE_INDEX,
      KeyConditionExpression: scope.region === undefined ? '#s = :s' : '#s = :s AND #r = :r',
      ExpressionAttributeNames: { '#s': 'scope', ...(scope.region === undefined ? {} : { '#r': 'region' }) },
      ExpressionAttributeValues: { ':s': scopeKey(scope.accountId, scope.resourceType), ...(scope.region === undefined ? {} : { ':r': scope.region }) },
    });
    // One item per (policy, resource): the index's sk is the entry's resource id.
    return [...new Set(items.map((i) => String(i.sk)))];
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const out: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({ TableName: this.table, ...(input.IndexName === undefined ? { ConsistentRead: true } : {}), ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return out;
  }

  /** Every entry item (not history, not suppressions). */
  private async entryScan(): Promise<Item[]> {
    const out: Item[] = [];
    let start: Record<string, unknown> | undefined;
    const input: ScanCommandInput = {
      TableName: this.table,
      FilterExpression: 'begins_with(pk, :p)',
      ExpressionAttributeValues: { ':p': 'POLICY#' },
      ConsistentRead: true,
    };
    do {
      const page = await this.doc.send(new ScanCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return out;
  }
}
