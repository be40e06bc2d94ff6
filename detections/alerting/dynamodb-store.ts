// The alert store on DynamoDB. One table, two kinds of items under the partition key `pk`:
// - `WINDOW#<hash(ruleId, dedup)>`: the live dedup window: windowStart, windowEnd (epoch ms), cnt,
//   and `expiresAt` (epoch seconds, the table's TTL attribute) so ended windows disappear. Reads
//   never rely on TTL (deletion is lazy): windowEnd decides whether a window is live.
// - `ALERT#<alertId>`: one alert, kept (no TTL). Its `status` and `creationTime` are the keys of
//   the sparse GSI `status-creationTime` (window items have neither), which lists alerts by status
//   newest first. All alerts of one status share a GSI partition: fine at alert volume (alerts are
//   deduplicated; thousands a day, not events), a hot key only at millions of alerts per status.
//
// Concurrency: each match is one atomic counter step on its window item (a conditional "start a
// new window" update, else a conditional ADD to the live one). DynamoDB serializes updates of an
// item, so exactly one caller sees cnt === Threshold: that caller opens the alert. Alert writes are
// conditional on `eventCount < :count`, so the alert's eventCount only grows, converges on the
// window's count, and the opener's content wins even when a later match's update lands first.

import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TableDefinition } from '../../adapters/aws/dynamodb-table.js';
import { ALERT_STATUSES } from '../types.js';
import type { Alert, AlertFilter, AlertPage, AlertStatus, AlertStore, MatchOutcome, RuleMatch, Severity } from '../types.js';
import { decodeCursor, isAfter, pageSize, toPage, type CursorPosition } from './cursor.js';
import {
  alertIdFor,
  alertTypeOf,
  assertStatus,
  compareAlerts,
  dedupPeriodMs,
  effectiveThreshold,
  matchesFilter,
  normalizeFilter,
  windowKey,
  type EventsLinkFn,
} from './window.js';

/** Days a window item outlives its end before TTL removes it (TTL is lazy; correctness never depends on it). */
const WINDOW_TTL_GRACE_SECONDS = 24 * 3600;
/** Attempts when a window ends between the two steps of recordMatch (each attempt is one or two updates). */
const MAX_WINDOW_ATTEMPTS = 5;

/**
 * The table's shape, for the infrastructure (CDKTF `aws_dynamodb_table`) and the tests. Only the
 * keys are declared; every other attribute is schemaless.
 */
export const ALERTS_TABLE_DEFINITION = {
  billingMode: 'PAY_PER_REQUEST',
  partitionKey: 'pk',
  attributes: [
    { name: 'pk', type: 'S' },
    { name: 'status', type: 'S' },
    { name: 'creationTime', type: 'S' },
  ],
  globalSecondaryIndexes: [{ name: 'status-creationTime', partitionKey: 'status', sortKey: 'creationTime', projectionType: 'ALL' }],
  ttlAttribute: 'expiresAt',
} as const satisfies TableDefinition;

const STATUS_INDEX = ALERTS_TABLE_DEFINITION.globalSecondaryIndexes[0].name;

export interface DynamoAlertStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly eventsLink?: EventsLinkFn;
}

type Item = Record<string, unknown>;

export class DynamoAlertStore implements AlertStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly eventsLink: EventsLinkFn | undefined;

  constructor(options: DynamoAlertStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
    this.table = options.tableName;
    this.eventsLink = options.eventsLink;
  }

  async recordMatch(match: RuleMatch, now: Date): Promise<MatchOutcome> {
    const { start, count } = await this.countIntoWindow(match, now);
    const threshold = effectiveThreshold(match);
    const alertId = alertIdFor(match.ruleId, match.dedup, new Date(start).toISOString(), alertTypeOf(match));
    if (count < threshold) return { opened: false, count, alertId };
    const opened = count === threshold;
    const alert = await this.writeAlert(match, alertId, count, opened, now);
    return { alert, opened, count, alertId };
  }

  async get(alertId: string): Promise<Alert | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: alertPk(alertId) }, ConsistentRead: true }));
    return out.Item ? toAlert(out.Item) : undefined;
  }

  async list(filter?: AlertFilter): Promise<Alert[]> {
    const f = normalizeFilter(filter);
    if (f.limit === 0) return [];
    const found = await this.collect(f, f.limit);
    return f.limit === undefined ? found : found.slice(0, f.limit);
  }

  async listPage(filter?: AlertFilter): Promise<AlertPage> {
    const f = normalizeFilter(filter);
    const size = pageSize(f.limit);
    if (size === 0) return { items: [] };
    // One more than the page: whether it exists decides `next`.
    return toPage(await this.collect(f, size + 1), size);
  }

  async setStatus(alertId: string, status: AlertStatus, now: Date): Promise<Alert> {
    assertStatus(status);
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: alertPk(alertId) },
          UpdateExpression: 'SET #status = :status, updateTime = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':now': now.toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toAlert(out.Attributes ?? {});
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new Error(`alert ${alertId} not found`);
      throw err;
    }
  }

  /** One atomic step on the window item; returns the window's start (epoch ms) and count after it. */
  private async countIntoWindow(match: RuleMatch, now: Date): Promise<{ start: number; count: number }> {
    const key = { pk: `WINDOW#${windowKey(match.ruleId, match.dedup, alertTypeOf(match))}` };
    const t = now.getTime();
    const end = t + dedupPeriodMs(match);
    for (let attempt = 0; attempt < MAX_WINDOW_ATTEMPTS; attempt++) {
      try {
        // Start a new window when none is live. Only one of several concurrent callers can pass
        // this condition: the first one's write makes the window live for the others.
        await this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: key,
            UpdateExpression: 'SET ruleId = :rule, dedup = :dedup, windowStart = :start, windowEnd = :end, cnt = :one, expiresAt = :ttl',
            ConditionExpression: 'attribute_not_exists(pk) OR windowEnd <= :start',
            ExpressionAttributeValues: {
              ':rule': match.ruleId,
              ':dedup': match.dedup,
              ':start': t,
              ':end': end,
              ':one': 1,
              ':ttl': Math.ceil(end / 1000) + WINDOW_TTL_GRACE_SECONDS,
            },
          }),
        );
        return { start: t, count: 1 };
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      }
      try {
        // A window is live: count into it, as long as it still is.
        const out = await this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: key,
            UpdateExpression: 'ADD cnt :one',
            ConditionExpression: 'windowEnd > :now',
            ExpressionAttributeValues: { ':one': 1, ':now': t },
            ReturnValues: 'ALL_NEW',
          }),
        );
        const attrs = out.Attributes ?? {};
        return { start: Number(attrs.windowStart), count: Number(attrs.cnt) };
      } catch (err) {
        // The window ended (or TTL removed it) between the two updates: start over.
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      }
    }
    throw new Error(`alert window of rule ${match.ruleId}: no consistent state after ${MAX_WINDOW_ATTEMPTS} attempts`);
  }

  /**
   * Creates or updates the alert of a window. The opener sets the content; later matches set it
   * only where missing (their update may land before the opener's). eventCount is the window's
   * count, written only when larger than the stored one, so it never goes back.
   */
  private async writeAlert(match: RuleMatch, alertId: string, count: number, opener: boolean, now: Date): Promise<Alert> {
    const nowIso = now.toISOString();
    const content: Item = {
      alertId,
      type: alertTypeOf(match),
      ruleId: match.ruleId,
      dedup: match.dedup,
      title: match.title,
      severity: match.severity,
      // JSON text: an alert context may hold floats, empty keys or nesting DynamoDB maps handle badly.
      alertContextJson: JSON.stringify(match.alertContext),
      destinations: [...(match.destinations ?? [])],
      description: match.description,
      reference: match.reference,
      runbook: match.runbook,
      creationTime: nowIso,
    };
    if (this.eventsLink) content.eventsLink = this.eventsLink({ alertId, ruleId: match.ruleId, dedup: match.dedup, creationTime: nowIso });
    const names: Record<string, string> = { '#status': 'status' };
    const values: Item = { ':open': 'OPEN', ':lt': new Set([match.logType]) };
    const sets: string[] = ['#status = if_not_exists(#status, :open)'];
    for (const [i, [name, value]] of Object.entries(content).entries()) {
      if (value === undefined) continue;
      names[`#c${i}`] = name;
      values[`:c${i}`] = value;
      sets.push(opener ? `#c${i} = :c${i}` : `#c${i} = if_not_exists(#c${i}, :c${i})`);
    }
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: alertPk(alertId) },
          UpdateExpression: `SET ${[...sets, 'eventCount = :count', 'updateTime = :now'].join(', ')} ADD logTypes :lt`,
          ConditionExpression: 'attribute_not_exists(eventCount) OR eventCount < :count',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ...values, ':count': count, ':now': nowIso },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toAlert(out.Attributes ?? {});
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
    // A later match already wrote a larger count: keep it, add this match's log type and, for the
    // opener, its content.
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: alertPk(alertId) },
        UpdateExpression: `SET ${sets.join(', ')} ADD logTypes :lt`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toAlert(out.Attributes ?? {});
  }

  /**
   * The first `want` alerts (all when undefined) passing the filter and after its cursor, in list
   * order. "Any status" merges one GSI query per status (four small queries, each cut at `want`)
   * rather than scanning the table: a scan reads every window item and every alert ever kept, the
   * queries read only what the page needs.
   */
  private async collect(f: AlertFilter, want: number | undefined): Promise<Alert[]> {
    const after = f.cursor === undefined ? undefined : decodeCursor(f.cursor);
    const statuses = f.status !== undefined ? [f.status] : ALERT_STATUSES;
    const perStatus = await Promise.all(statuses.map((s) => this.queryStatus(s, f, want, after)));
    return perStatus.flat().sort(compareAlerts);
  }

  /**
   * Alerts of one status passing the filter and after the cursor, in list order, at least the first
   * `want` of them (paginating past filtered-out items). The cursor is the key the GSI query resumes
   * from (its creationTime bounds the key condition, the alertId breaks ties): not a raw
   * ExclusiveStartKey, because a page merges several status queries and equal creation times must
   * follow the list order (alertId), which the index does not promise.
   */
  private async queryStatus(status: AlertStatus, f: AlertFilter, want: number | undefined, after: CursorPosition | undefined): Promise<Alert[]> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Item = { ':status': status };
    let keyCondition = '#status = :status';
    if (f.since !== undefined && after !== undefined) {
      if (f.since > after.creationTime) return [];
      keyCondition += ' AND creationTime BETWEEN :since AND :until';
      values[':since'] = f.since;
      values[':until'] = after.creationTime;
    } else if (f.since !== undefined) {
      keyCondition += ' AND creationTime >= :since';
      values[':since'] = f.since;
    } else if (after !== undefined) {
      keyCondition += ' AND creationTime <= :until';
      values[':until'] = after.creationTime;
    }
    const filters: string[] = [];
    if (f.severity !== undefined) {
      filters.push('severity = :severity');
      values[':severity'] = f.severity satisfies Severity;
    }
    if (f.ruleId !== undefined) {
      filters.push('ruleId = :ruleId');
      values[':ruleId'] = f.ruleId;
    }
    if (f.type !== undefined) {
      filters.push('#type = :type');
      names['#type'] = 'type';
      values[':type'] = f.type;
    }
    const found: Alert[] = [];
    let startKey: QueryCommandInput['ExclusiveStartKey'];
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: STATUS_INDEX,
          KeyConditionExpression: keyCondition,
          ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          ExclusiveStartKey: startKey,
        }),
      );
      // The GSI is eventually consistent: re-check the filter on what it returns.
      for (const item of out.Items ?? []) {
        const alert = toAlert(item);
        if (matchesFilter(alert, f) && (after === undefined || isAfter(alert, after))) found.push(alert);
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey !== undefined && needsMore(found, want, startKey));
    return found.sort(compareAlerts);
  }
}

/**
 * Whether a status query must read on: fewer than `want` alerts so far, or the unread rest may
 * hold alerts with the same creation time as the `want`-th (the index orders ties arbitrarily).
 */
function needsMore(found: Alert[], want: number | undefined, lastKey: Record<string, unknown>): boolean {
  if (want === undefined || found.length < want) return true;
  const boundary = [...found].sort(compareAlerts)[want - 1]!;
  return typeof lastKey.creationTime === 'string' && lastKey.creationTime >= boundary.creationTime;
}

function alertPk(alertId: string): string {
  return `ALERT#${alertId}`;
}

function toAlert(item: Item): Alert {
  const str = (k: string): string | undefined => (typeof item[k] === 'string' ? (item[k] as string) : undefined);
  const logTypes = item.logTypes instanceof Set ? [...(item.logTypes as Set<string>)].sort() : [];
  const alert: Alert = {
    alertId: String(item.alertId),
    type: (str('type') ?? 'RULE') as Alert['type'],
    ruleId: String(item.ruleId),
    title: str('title') ?? '',
    severity: (str('severity') ?? 'INFO') as Severity,
    dedup: str('dedup') ?? '',
    eventCount: Number(item.eventCount ?? 0),
    logTypes,
    creationTime: str('creationTime') ?? '',
    updateTime: str('updateTime') ?? '',
    status: (str('status') ?? 'OPEN') as AlertStatus,
    alertContext: (str('alertContextJson') !== undefined ? JSON.parse(str('alertContextJson')!) : null) as Alert['alertContext'],
    destinations: Array.isArray(item.destinations) ? (item.destinations as string[]) : [],
  };
  const optional: Partial<Record<'description' | 'reference' | 'runbook' | 'eventsLink', string>> = {};
  for (const k of ['description', 'reference', 'runbook', 'eventsLink'] as const) {
    const v = str(k);
    if (v !== undefined) optional[k] = v;
  }
  return { ...alert, ...optional };
}
