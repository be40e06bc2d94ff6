// AWS.CloudTrail (each trail, scanned in its home region) and AWS.CloudTrail.Meta (per account
// and region: the trails that log the region, home or multi-region shadow, with their logging
// status and event selectors, what "CloudTrail is on in every region" policies need).
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  paginateListTrails,
  type Trail,
  type TrailInfo,
} from '@aws-sdk/client-cloudtrail';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../types.js';
import { baseSnapshot, detail, DETAIL_CONCURRENCY, listAll, listOrProblem, mapLimit, plain, plainObject, tagMap, wanted } from './common.js';

export const CLOUDTRAIL = 'AWS.CloudTrail';
export const CLOUDTRAIL_META = 'AWS.CloudTrail.Meta';

/** The fields of cloudtrail.Trail that Panther's snapshot embeds; null when GetTrail failed. */
const TRAIL_FIELDS = [
  'CloudWatchLogsLogGroupArn',
  'CloudWatchLogsRoleArn',
  'HasCustomEventSelectors',
  'HasInsightSelectors',
  'HomeRegion',
  'IncludeGlobalServiceEvents',
  'IsMultiRegionTrail',
  'IsOrganizationTrail',
  'KmsKeyId',
  'LogFileValidationEnabled',
  'S3BucketName',
  'S3KeyPrefix',
  'SnsTopicARN',
  'SnsTopicName',
] as const;

function trailFields(trail: Trail | null, info: TrailInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of TRAIL_FIELDS) out[f] = trail?.[f] ?? null;
  out.HomeRegion = trail?.HomeRegion ?? info.HomeRegion ?? null;
  return out;
}

async function trailSnapshot(ctx: ScanContext, ct: CloudTrailClient, info: TrailInfo): Promise<ResourceSnapshot> {
  const arn = info.TrailARN ?? '';
  const d = <T>(call: () => Promise<T>) => detail(ctx, CLOUDTRAIL, arn, call);
  const [trail, status, selectors, tags] = await Promise.all([
    d(() => ct.send(new GetTrailCommand({ Name: arn }))),
    d(() => ct.send(new GetTrailStatusCommand({ Name: arn }))),
    d(() => ct.send(new GetEventSelectorsCommand({ TrailName: arn }))),
    d(() => ct.send(new ListTagsCommand({ ResourceIdList: [arn] }))),
  ]);
  return {
    ...baseSnapshot(ctx, CLOUDTRAIL, {
      id: arn,
      arn,
      name: info.Name ?? trail?.Trail?.Name ?? null,
      tags: tagMap(tags?.ResourceTagList?.find((r) => r.ResourceId === arn)?.TagsList),
    }),
    ...trailFields(trail?.Trail ?? null, info),
    EventSelectors: selectors ? plain(selectors.EventSelectors ?? []) : null,
    AdvancedEventSelectors: selectors ? plain(selectors.AdvancedEventSelectors ?? []) : null,
    Status: status ? plainObject(status) : null,
  };
}

export const cloudTrailScanner: ResourceScanner = {
  resourceType: CLOUDTRAIL,
  async *scan(ctx) {
    const ct = new CloudTrailClient(ctx.clientConfig);
    const trails = await listAll(ctx, CLOUDTRAIL, () => paginateListTrails({ client: ct }, {}), (p) => p.Trails);
    if (!trails) return;
    // ListTrails shows every trail of the account from any region: each is scanned once, from
    // its home region, where its own API calls and tags live.
    const home = trails.filter((t) => t.HomeRegion === ctx.region && t.TrailARN && wanted(ctx, { id: t.TrailARN, arn: t.TrailARN, name: t.Name ?? null }));
    yield* await mapLimit(home, DETAIL_CONCURRENCY, (t) => trailSnapshot(ctx, ct, t));
  },
};

export const cloudTrailMetaScanner: ResourceScanner = {
  resourceType: CLOUDTRAIL_META,
  async *scan(ctx) {
    const ct = new CloudTrailClient(ctx.clientConfig);
    // With shadow trails, DescribeTrails gives exactly the trails that log this region.
    const described = await listOrProblem(ctx, CLOUDTRAIL_META, () => ct.send(new DescribeTrailsCommand({ includeShadowTrails: true })));
    if (!described) return;
    const trails = (described.trailList ?? []).filter((t) => t.TrailARN);
    const summaries = await mapLimit(trails, DETAIL_CONCURRENCY, async (t) => {
      const arn = t.TrailARN ?? '';
      const [status, selectors] = await Promise.all([
        detail(ctx, CLOUDTRAIL_META, arn, () => ct.send(new GetTrailStatusCommand({ Name: arn }))),
        detail(ctx, CLOUDTRAIL_META, arn, () => ct.send(new GetEventSelectorsCommand({ TrailName: arn }))),
      ]);
      return {
        TrailARN: arn,
        HomeRegion: t.HomeRegion ?? null,
        IsMultiRegionTrail: t.IsMultiRegionTrail ?? false,
        IsOrganizationTrail: t.IsOrganizationTrail ?? false,
        IsLogging: status ? (status.IsLogging ?? false) : null,
        EventSelectors: selectors ? plain(selectors.EventSelectors ?? []) : null,
        AdvancedEventSelectors: selectors ? plain(selectors.AdvancedEventSelectors ?? []) : null,
      };
    });
    const id = `${ctx.accountId}::${ctx.region}::${CLOUDTRAIL_META}`;
    const multi = summaries.filter((s) => s.IsMultiRegionTrail);
    yield {
      ...baseSnapshot(ctx, CLOUDTRAIL_META, { id, name: CLOUDTRAIL_META }),
      Trails: summaries.map((s) => s.TrailARN),
      MultiRegionTrails: multi.map((s) => s.TrailARN),
      // The selectors of the multi-region trails (Panther's name): what every region records.
      GlobalEventSelectors: multi.flatMap((s) => (Array.isArray(s.EventSelectors) ? s.EventSelectors : [])),
      TrailSummaries: summaries,
    };
  },
};
