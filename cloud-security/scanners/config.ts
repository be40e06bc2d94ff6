// AWS.Config.Recorder (each configuration recorder of the region with its status) and
// AWS.Config.Recorder.Meta (per account and region: which recorders exist, record global
// resource types, and are recording: what "AWS Config is enabled in all regions" needs).
// Neither list call is paginated in the Config API (one recorder per region, at most a few
// service-linked ones), so there is no paginator to use here.
import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
  type ConfigurationRecorder,
  type ConfigurationRecorderStatus,
} from '@aws-sdk/client-config-service';
import type { ResourceScanner, ScanContext } from '../types.js';
import { baseSnapshot, listOrProblem, plain, recordProblem, wanted } from './common.js';

export const CONFIG_RECORDER = 'AWS.Config.Recorder';
export const CONFIG_RECORDER_META = 'AWS.Config.Recorder.Meta';

interface Recorders {
  recorders: ConfigurationRecorder[];
  /** By recorder name; null when the status could not be read. */
  status: Map<string, ConfigurationRecorderStatus> | null;
}

async function readRecorders(ctx: ScanContext, resourceType: string): Promise<Recorders | null> {
  const config = new ConfigServiceClient(ctx.clientConfig);
  const listed = await listOrProblem(ctx, resourceType, () => config.send(new DescribeConfigurationRecordersCommand({})));
  if (!listed) return null;
  const recorders = listed.ConfigurationRecorders ?? [];
  if (recorders.length === 0) return { recorders, status: new Map() };
  let status: Recorders['status'] = null;
  try {
    // One call for every recorder of the region: a failure is the region's, not a recorder's.
    const out = await config.send(new DescribeConfigurationRecorderStatusCommand({}));
    status = new Map((out.ConfigurationRecordersStatus ?? []).map((s) => [s.name ?? '', s]));
  } catch (err) {
    recordProblem(ctx, resourceType, err);
  }
  return { recorders, status };
}

function recorderId(ctx: ScanContext, r: ConfigurationRecorder): string {
  return r.arn ?? `${ctx.accountId}::${ctx.region}::${CONFIG_RECORDER}::${r.name ?? ''}`;
}

export const configRecorderScanner: ResourceScanner = {
  resourceType: CONFIG_RECORDER,
  async *scan(ctx) {
    const read = await readRecorders(ctx, CONFIG_RECORDER);
    if (!read) return;
    for (const r of read.recorders) {
      // No per-recorder calls to save: a targeted scan just yields the recorders asked for.
      if (!wanted(ctx, { id: recorderId(ctx, r), arn: r.arn ?? null, name: r.name ?? null })) continue;
      const status = read.status?.get(r.name ?? '');
      yield {
        ...baseSnapshot(ctx, CONFIG_RECORDER, { id: recorderId(ctx, r), arn: r.arn ?? null, name: r.name ?? null }),
        RecordingGroup: r.recordingGroup ? plain(r.recordingGroup) : null,
        RecordingMode: r.recordingMode ? plain(r.recordingMode) : null,
        RoleARN: r.roleARN ?? null,
        ServicePrincipal: r.servicePrincipal ?? null,
        Status: status ? plain(status) : null,
      };
    }
  },
};

export const configRecorderMetaScanner: ResourceScanner = {
  resourceType: CONFIG_RECORDER_META,
  async *scan(ctx) {
    const read = await readRecorders(ctx, CONFIG_RECORDER_META);
    if (!read) return;
    const id = `${ctx.accountId}::${ctx.region}::${CONFIG_RECORDER_META}`;
    yield {
      ...baseSnapshot(ctx, CONFIG_RECORDER_META, { id, name: CONFIG_RECORDER_META }),
      Recorders: read.recorders.map((r) => recorderId(ctx, r)),
      GlobalRecorderCount: read.recorders.filter((r) => r.recordingGroup?.includeGlobalResourceTypes === true).length,
      // null: the status could not be read, so whether anything records is unknown.
      RecordingRecorders: read.status
        ? read.recorders.filter((r) => read.status?.get(r.name ?? '')?.recording === true).map((r) => recorderId(ctx, r))
        : null,
    };
  },
};
