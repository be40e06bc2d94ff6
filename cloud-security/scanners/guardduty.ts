// AWS.GuardDuty.Detector (each detector of the region with its settings and administrator
// account) and AWS.GuardDuty.Detector.Meta (per account and region: which detectors exist and
// are enabled, what "GuardDuty is on in every region" needs).
import { GetAdministratorAccountCommand, GetDetectorCommand, GuardDutyClient, paginateListDetectors, type GetDetectorCommandOutput } from '@aws-sdk/client-guardduty';
import type { ResourceScanner, ResourceSnapshot, ScanContext } from '../types.js';
import { baseSnapshot, detail, DETAIL_CONCURRENCY, listAll, mapLimit, onlyWanted, plain } from './common.js';

export const GUARDDUTY_DETECTOR = 'AWS.GuardDuty.Detector';
export const GUARDDUTY_DETECTOR_META = 'AWS.GuardDuty.Detector.Meta';

const detectorArn = (ctx: ScanContext, id: string) => `arn:${ctx.partition}:guardduty:${ctx.region}:${ctx.accountId}:detector/${id}`;

async function listDetectors(ctx: ScanContext, gd: GuardDutyClient, resourceType: string): Promise<string[] | null> {
  return listAll(ctx, resourceType, () => paginateListDetectors({ client: gd }, {}), (p) => p.DetectorIds);
}

async function detectorSnapshot(ctx: ScanContext, gd: GuardDutyClient, id: string): Promise<ResourceSnapshot> {
  const arn = detectorArn(ctx, id);
  const [det, admin] = await Promise.all([
    detail<GetDetectorCommandOutput>(ctx, GUARDDUTY_DETECTOR, arn, () => gd.send(new GetDetectorCommand({ DetectorId: id }))),
    detail(ctx, GUARDDUTY_DETECTOR, arn, () => gd.send(new GetAdministratorAccountCommand({ DetectorId: id }))),
  ]);
  return {
    ...baseSnapshot(ctx, GUARDDUTY_DETECTOR, { id: arn, arn, name: id, tags: det?.Tags ?? {}, created: det?.CreatedAt ? new Date(det.CreatedAt) : null }),
    FindingPublishingFrequency: det?.FindingPublishingFrequency ?? null,
    ServiceRole: det?.ServiceRole ?? null,
    Status: det?.Status ?? null,
    UpdatedAt: det?.UpdatedAt ? new Date(det.UpdatedAt).toISOString() : null,
    DataSources: det?.DataSources ? plain(det.DataSources) : null,
    Features: det?.Features ? plain(det.Features) : null,
    // Panther's name for the administrator (formerly "master") account; null when the detector
    // is not a member of another account's GuardDuty.
    Master: admin?.Administrator ? plain(admin.Administrator) : null,
  };
}

export const guardDutyDetectorScanner: ResourceScanner = {
  resourceType: GUARDDUTY_DETECTOR,
  async *scan(ctx) {
    const gd = new GuardDutyClient(ctx.clientConfig);
    const ids = await listDetectors(ctx, gd, GUARDDUTY_DETECTOR);
    if (!ids) return;
    const asked = onlyWanted(ctx, ids, (id) => ({ id: detectorArn(ctx, id), arn: detectorArn(ctx, id), name: id }));
    yield* await mapLimit(asked, DETAIL_CONCURRENCY, (id) => detectorSnapshot(ctx, gd, id));
  },
};

export const guardDutyDetectorMetaScanner: ResourceScanner = {
  resourceType: GUARDDUTY_DETECTOR_META,
  async *scan(ctx) {
    const gd = new GuardDutyClient(ctx.clientConfig);
    const ids = await listDetectors(ctx, gd, GUARDDUTY_DETECTOR_META);
    if (!ids) return;
    const statuses = await mapLimit(ids, DETAIL_CONCURRENCY, async (id) => {
      const det = await detail(ctx, GUARDDUTY_DETECTOR_META, detectorArn(ctx, id), () => gd.send(new GetDetectorCommand({ DetectorId: id })));
      return det ? (det.Status ?? null) : undefined;
    });
    const id = `${ctx.accountId}::${ctx.region}::${GUARDDUTY_DETECTOR_META}`;
    yield {
      ...baseSnapshot(ctx, GUARDDUTY_DETECTOR_META, { id, name: GUARDDUTY_DETECTOR_META }),
      Detectors: ids,
      // null: some detector's status could not be read, so "enabled" is unknown.
      EnabledDetectors: statuses.includes(undefined) ? null : ids.filter((_, i) => statuses[i] === 'ENABLED'),
    };
  },
};
