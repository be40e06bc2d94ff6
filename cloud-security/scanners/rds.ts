// AWS.RDS.Instance (each DB instance with the sharing attributes of its manual snapshots, as
// Panther's snapshot holds them) and AWS.RDS.Snapshot (each DB snapshot with its attributes:
// `restore` lists the accounts, or "all", that may restore it).
import {
  DescribeDBSnapshotAttributesCommand,
  RDSClient,
  paginateDescribeDBInstances,
  paginateDescribeDBSnapshots,
  type DBInstance,
  type DBSnapshot,
  type DBSnapshotAttributesResult,
} from '@aws-sdk/client-rds';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../types.js';
import { baseSnapshot, detail, DETAIL_CONCURRENCY, listAll, mapLimit, onlyWanted, plain, plainObject, tagMap } from './common.js';

export const RDS_INSTANCE = 'AWS.RDS.Instance';
export const RDS_SNAPSHOT = 'AWS.RDS.Snapshot';

async function snapshotAttributes(ctx: ScanContext, rds: RDSClient, resourceType: string, resourceId: string, snapshotId: string): Promise<DBSnapshotAttributesResult | null> {
  const out = await detail(ctx, resourceType, resourceId, () => rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: snapshotId })));
  return out?.DBSnapshotAttributesResult ?? null;
}

const instanceArn = (ctx: ScanContext, db: DBInstance): string =>
  db.DBInstanceArn ?? `arn:${ctx.partition}:rds:${ctx.region}:${ctx.accountId}:db:${db.DBInstanceIdentifier ?? ''}`;

async function instanceSnapshot(ctx: ScanContext, rds: RDSClient, db: DBInstance): Promise<ResourceSnapshot> {
  const id = db.DBInstanceIdentifier ?? '';
  const arn = instanceArn(ctx, db);
  // Only manual snapshots can be shared; listing them is a detail of the instance.
  const manual = await detail(ctx, RDS_INSTANCE, arn, async () => {
    const all: DBSnapshot[] = [];
    for await (const page of paginateDescribeDBSnapshots({ client: rds }, { DBInstanceIdentifier: id, SnapshotType: 'manual' })) all.push(...(page.DBSnapshots ?? []));
    return all;
  });
  const attributes = manual
    ? (await mapLimit(manual, DETAIL_CONCURRENCY, (s) => snapshotAttributes(ctx, rds, RDS_INSTANCE, arn, s.DBSnapshotIdentifier ?? ''))).filter((a) => a !== null)
    : null;
  return {
    ...baseSnapshot(ctx, RDS_INSTANCE, { id: arn, arn, name: id, tags: tagMap(db.TagList), created: db.InstanceCreateTime ?? null }),
    ...plainObject(db, ['DBInstanceArn', 'DBInstanceIdentifier', 'InstanceCreateTime', 'TagList']),
    SnapshotAttributes: attributes ? plain(attributes) : null,
  };
}

export const rdsInstanceScanner: ResourceScanner = {
  resourceType: RDS_INSTANCE,
  async *scan(ctx) {
    const rds = new RDSClient(ctx.clientConfig);
    const dbs = await listAll(ctx, RDS_INSTANCE, () => paginateDescribeDBInstances({ client: rds }, {}), (p) => p.DBInstances);
    if (!dbs) return;
    const asked = onlyWanted(ctx, dbs, (db) => ({ id: instanceArn(ctx, db), arn: instanceArn(ctx, db), name: db.DBInstanceIdentifier ?? '' }));
    // Instance and snapshot-attribute calls nest: a lower outer bound keeps the total in flight low.
    yield* await mapLimit(asked, 2, (db) => instanceSnapshot(ctx, rds, db));
  },
};

const dbSnapshotArn = (ctx: ScanContext, s: DBSnapshot): string =>
  s.DBSnapshotArn ?? `arn:${ctx.partition}:rds:${ctx.region}:${ctx.accountId}:snapshot:${s.DBSnapshotIdentifier ?? ''}`;

async function dbSnapshotSnapshot(ctx: ScanContext, rds: RDSClient, s: DBSnapshot): Promise<ResourceSnapshot> {
  const id = s.DBSnapshotIdentifier ?? '';
  const arn = dbSnapshotArn(ctx, s);
  const attrs = await snapshotAttributes(ctx, rds, RDS_SNAPSHOT, arn, id);
  return {
    ...baseSnapshot(ctx, RDS_SNAPSHOT, { id: arn, arn, name: id, tags: tagMap(s.TagList), created: s.SnapshotCreateTime ?? null }),
    ...plainObject(s, ['DBSnapshotArn', 'DBSnapshotIdentifier', 'SnapshotCreateTime', 'TagList']),
    DBSnapshotAttributes: attrs ? plain(attrs.DBSnapshotAttributes ?? []) : null,
  };
}

export const rdsSnapshotScanner: ResourceScanner = {
  resourceType: RDS_SNAPSHOT,
  async *scan(ctx) {
    const rds = new RDSClient(ctx.clientConfig);
    const snaps = await listAll(ctx, RDS_SNAPSHOT, () => paginateDescribeDBSnapshots({ client: rds }, {}), (p) => p.DBSnapshots);
    if (!snaps) return;
    const asked = onlyWanted(ctx, snaps, (s) => ({ id: dbSnapshotArn(ctx, s), arn: dbSnapshotArn(ctx, s), name: s.DBSnapshotIdentifier ?? '' }));
    yield* await mapLimit(asked, DETAIL_CONCURRENCY, (s) => dbSnapshotSnapshot(ctx, rds, s));
  },
};
